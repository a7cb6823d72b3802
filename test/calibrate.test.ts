// The bench's calibration (bench/calibrate.ts, native/addon/calibrate.cc): the limits it measures are
// positive and self-consistent, its bench-only bindings refuse bad arguments with a clear error, and
// every results file says which machine made it. (Kernel agreement per vector unit: julia.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { calibrationAddon, measureJuliaPeak, measureReadFloor, unitInUse } from '../bench/calibrate.js';
import { cpuModel, machine, printTable, saveResults } from '../bench/harness.js';
import { nativeAvailable } from './backends.js';

const skip = nativeAvailable ? false : 'native addon not built';

describe('bench calibration', () => {
  it('measures a Julia peak and a read floor on this machine', { skip }, () => {
    const unit = unitInUse()!;
    const peak = measureJuliaPeak(unit, 2);
    assert.equal(peak.unit, unit);
    assert.ok(calibrationAddon().juliaPeakChains().includes(peak.chains));
    assert.ok(peak.perThreadCpu > 1e7 && peak.allThreads > 1e7, JSON.stringify(peak));
    const floor = measureReadFloor(2);
    assert.ok(floor.allThreads > 1e8 && floor.oneThread > 1e8, JSON.stringify(floor));
  });

  it('bench-only bindings name what is wrong', { skip }, () => {
    const addon = calibrationAddon();
    assert.throws(() => addon.juliaPeak('avx1024' as 'avx2', 1, 10, 1), { name: 'TypeError', message: /level must be 'scalar', 'avx2' or 'avx512'/ });
    assert.throws(() => addon.juliaPeak('scalar', 5, 10, 1), { name: 'RangeError', message: /chains must be one of juliaPeakChains/ });
    assert.throws(() => addon.juliaPeak('scalar', 1, 0, 1), { name: 'RangeError', message: /iterations/ });
    assert.throws(() => addon.juliaPeak('scalar', 1, 10, 0), { name: 'RangeError', message: /threads/ });
    const xs = new Float64Array(4);
    assert.throws(() => addon.juliaKernel(xs, xs, new Uint16Array(15), 0, 0, 4, 10, 1), { name: 'RangeError', message: /juliaKernel: counts must hold width \* height pixels/ });
    assert.throws(() => addon.juliaPlain(xs, xs, new Uint16Array(16), 0, 0, 4, 0, 1), { name: 'RangeError', message: /itermax/ });
    assert.throws(() => addon.juliaPlain(xs, xs, new Uint32Array(16) as unknown as Uint16Array, 0, 0, 4, 10, 1), { name: 'TypeError', message: /counts/ });
  });

  it('records the machine and the load with every table, and keeps per-run timings out of the summary', () => {
    assert.match(cpuModel(), /\S/);
    assert.equal(machine().cores > 0, true);
    printTable('test table', [{ label: 'a', ms: 2, runs: [1, 2, 3], items: 4 }], 'a');
    const name = `test-${process.pid}`;
    const dir = new URL('../bench/results/', import.meta.url);
    try {
      saveResults(name, { extra: 1 });
      const full = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      const summary = JSON.parse(readFileSync(new URL(`summary-${name}.json`, dir), 'utf8'));
      assert.equal(full.tables[0].title, 'test table');
      assert.deepEqual(full.tables[0].rows[0].runs, [1, 2, 3]);
      assert.equal(full.tables[0].load.length, 2);
      assert.equal(full.extra, 1);
      assert.equal(summary.tables[0].rows[0].runs, undefined);
      assert.equal(summary.machine.cpu, cpuModel());
      assert.equal(typeof summary.tables[0].vectorUnit, 'string');
    } finally {
      for (const file of [`${name}.json`, `summary-${name}.json`]) rmSync(new URL(file, dir), { force: true });
    }
    assert.equal(existsSync(new URL(`summary-${name}.json`, dir)), false);
  });
});
