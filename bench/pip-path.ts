/**
 * One vector unit's row of the pip bench's 1,000-zone table, run by pip.bench.ts in a child process
 * whose HOTLOOP_SIMD caps the unit: native on one thread over the 10M points, one output reused (no
 * page faults), CPU and wall time per run, medians. CPU time, since on a shared machine a thread's
 * wall time counts the other processes' turns too. Prints one JSON line (PipPathResult), with a
 * hash of the zones found so the parent checks every unit gave the same answers.
 *
 *   HOTLOOP_SIMD=avx2 node --import tsx bench/pip-path.ts <points> <rounds>
 */
import { Engine } from '../src/pip/api.js';
import { type VectorUnit, cpuMs, median, unitInUse, wallMs } from './calibrate.js';
import { manyZones, manyZonesPoints } from './pip-zones.js';

export interface PipPathResult {
  unit: VectorUnit;
  points: number;
  /** Medians over the rounds, milliseconds. */
  cpuMs: number;
  wallMs: number;
  rounds: { cpu: number[]; wall: number[] };
  hash: number;
}

const points = Number(process.argv[2] ?? 10_000_000);
const roundCount = Number(process.argv[3] ?? 5);
const unit = unitInUse();
if (unit === null) throw new Error('the native addon is not loaded');
const engine = new Engine(manyZones());
const { lat, lon } = manyZonesPoints(points);
const out = new Int32Array(points);
const call = () => engine.pipN(lat, lon, { backend: 'native', threads: 1, out });
call(); // warm-up: pages of the output and the packed zones mapped in
const rounds = { cpu: [] as number[], wall: [] as number[] };
for (let r = 0; r < roundCount; r++) {
  rounds.cpu.push(cpuMs(call));
  rounds.wall.push(wallMs(call));
}
let hash = 0;
for (let i = 0; i < out.length; i++) hash = (Math.imul(hash, 31) + out[i] + 2) | 0;
const result: PipPathResult = { unit, points, cpuMs: median(rounds.cpu), wallMs: median(rounds.wall), rounds, hash };
console.log(JSON.stringify(result));
