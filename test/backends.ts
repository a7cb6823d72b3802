/**
 * The table of implementations every test runs against: the TypeScript reference and, when the
 * addon is built, native on one thread and on several at the CPU's best vector unit, then native
 * at every lower vector unit (the SIMD column: AVX2 and scalar on an AVX-512 machine), all in this
 * process through the addon's cap (capSimd); and, when hotloop.wasm is built, wasm with SIMD128 on
 * one thread and on several, then wasm without SIMD128 (the module's switch). Results must not
 * depend on any of these.
 */
import { after, before } from 'node:test';
import type { SimdLevel } from '../src/addon.js';
import { SIMD_LEVELS } from '../src/addon.js';
import { backend, nativeAddon, nativeInfo, nativeUnavailableReason, wasmRuntime, wasmUnavailableReason } from '../src/backend.js';
import type { BackendOptions } from '../src/backend.js';

export interface BackendCase {
  name: string;
  options: Required<Pick<BackendOptions, 'backend' | 'threads'>>;
  /** The vector unit native kernels use in this case; undefined for the js and wasm backends. */
  simd?: SimdLevel;
  /** Whether wasm kernels use their SIMD128 paths in this case; undefined but for wasm. */
  simd128?: boolean;
}

export const nativeAvailable = backend() === 'native';
/** True when dist/wasm/hotloop.wasm is built (npm run build:wasm) and loads. */
export const wasmAvailable = wasmUnavailableReason() === undefined;

/** The best vector unit of this CPU, or undefined without the addon. */
export const bestSimd: SimdLevel | undefined = nativeInfo()?.simdDetected;

const lowerLevels = bestSimd ? SIMD_LEVELS.slice(0, SIMD_LEVELS.indexOf(bestSimd)).reverse() : [];

export const backends: BackendCase[] = [
  { name: 'js', options: { backend: 'js', threads: 1 } },
  ...(nativeAvailable && bestSimd
    ? [
        { name: `native/${bestSimd}/1 thread`, options: { backend: 'native', threads: 1 }, simd: bestSimd } as BackendCase,
        { name: `native/${bestSimd}/4 threads`, options: { backend: 'native', threads: 4 }, simd: bestSimd } as BackendCase,
        // An odd thread count, so vector blocks and scalar tails meet at every split.
        ...lowerLevels.map((simd): BackendCase => ({ name: `native/${simd}/3 threads`, options: { backend: 'native', threads: 3 }, simd })),
      ]
    : []),
  ...(wasmAvailable
    ? [
        { name: 'wasm/simd128/1 thread', options: { backend: 'wasm', threads: 1 }, simd128: true } as BackendCase,
        { name: 'wasm/simd128/4 threads', options: { backend: 'wasm', threads: 4 }, simd128: true } as BackendCase,
        { name: 'wasm/scalar/3 threads', options: { backend: 'wasm', threads: 3 }, simd128: false } as BackendCase,
      ]
    : []),
];

if (!nativeAvailable) {
  console.log(`# native cases skipped: ${nativeUnavailableReason()}`);
}
if (!wasmAvailable) {
  console.log(`# wasm cases skipped: ${wasmUnavailableReason()}`);
}

/** Makes the addon and the wasm module use this case's vector unit (the best one for other cases). */
export function useBackend(c: BackendCase): void {
  if (wasmAvailable) wasmRuntime().setSimd128(c.simd128 ?? true);
  if (!nativeAvailable || !bestSimd) return;
  const level = nativeAddon().capSimd(c.simd ?? bestSimd);
  if (level !== (c.simd ?? bestSimd)) throw new Error(`capSimd gave ${level} for ${c.name}`);
}

/** Inside a describe block of one case: its tests run at its vector unit, and the best is restored after. */
export function backendHooks(c: BackendCase): void {
  before(() => useBackend(c));
  after(() => useBackend(backends[0]));
}

/** Where the seed's shared data lives, when this checkout sits beside ../shared (CI does). */
export const sharedDataDir = new URL('../../shared/data/', import.meta.url);

export { seededRandom } from '../src/random.js';

/** True when two float arrays hold the same bits (NaN equal to NaN, 0 distinct from -0). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  }
  return true;
}
