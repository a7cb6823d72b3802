/**
 * The contract of the native addon, in one place: every export with its arguments in the order the
 * C++ glue declares them (native/addon/<module>.cc), which is always
 *
 *   inputs, outputs, scalars, threads, control
 *
 * (control, the Int32Array of native/core/control.h, only in the Async form). A kernel is declared
 * once in `Kernels` and the addon exports `<name>Sync` and `<name>Async` for it; a function with a
 * sync form only is declared in `Functions`. `ADDON_ARITY` is checked against these types by the
 * compiler and against the loaded addon by test/contract.test.ts, so a mismatch fails `npm test`.
 * Module code never calls the addon directly: src/kernel.ts does, through this contract.
 */
import type { Counts } from './julia/reference.js';
import type { PackedZones } from './pip/packed.js';
import type { ReduceArray } from './reduce/array-type.js';

/** The vector units a kernel can use, best last; HOTLOOP_SIMD and the tests cap the level with these. */
export const SIMD_LEVELS = ['scalar', 'avx2', 'avx512'] as const;
export type SimdLevel = (typeof SIMD_LEVELS)[number];

/** The arguments of one kernel, grouped as the contract orders them. */
export interface KernelSignature {
  inputs: unknown[];
  outputs: unknown[];
  scalars: unknown[];
}

/** Range kernels: Sync and Async forms, run through src/kernel.ts. */
export interface Kernels {
  solveCubics: { inputs: [coeffs: Float64Array]; outputs: [roots: Float64Array, counts: Uint8Array]; scalars: [] };
  cubicYRoots: { inputs: [x0: Float64Array, y0: Float64Array]; outputs: [roots: Float64Array, counts: Uint8Array]; scalars: [] };
  matchPoints: {
    inputs: [centers: Float64Array, areas: Float64Array, points: Float64Array];
    outputs: [out: Int32Array];
    scalars: [maxDist: number];
  };
  reduce: {
    inputs: [data: ReduceArray];
    outputs: [values: ReduceArray | undefined, index: Int32Array | undefined];
    scalars: [rows: number, cols: number, rowStride: number, colStride: number, axis: number, max: boolean];
  };
  pip: { inputs: [zones: PackedZones, lat: Float64Array, lon: Float64Array]; outputs: [out: Int32Array]; scalars: [boundary: number] };
  pipMatchCount: { inputs: [zones: PackedZones, lat: Float64Array, lon: Float64Array]; outputs: [out: Int32Array]; scalars: [boundary: number] };
  pipMatchFill: {
    inputs: [zones: PackedZones, lat: Float64Array, lon: Float64Array, offsets: Int32Array];
    outputs: [matches: Int32Array, found: Int32Array];
    scalars: [boundary: number];
  };
  pipCount: { inputs: [zones: PackedZones, lat: Float64Array, lon: Float64Array]; outputs: [counts: Float64Array]; scalars: [boundary: number] };
  julia: {
    inputs: [xs: Float64Array, ys: Float64Array];
    outputs: [counts: Counts, norms: Float64Array | undefined];
    scalars: [cr: number, ci: number, t2: number, itermax: number];
  };
  /** status: [first refused index or -1, its LumError code] (native/core/lum.h). */
  shockLuminosities: {
    inputs: [mass: Float64Array, a: Float64Array, vKick: Float64Array, aspectRatio: Float64Array, density: Float64Array];
    outputs: [out: Float64Array, status: Float64Array];
    scalars: [smbhMass: number];
  };
  /** soundSpeed: a packed profile, or empty for (H/R) c / sqrt(a). */
  jetLuminosities: {
    inputs: [mass: Float64Array, a: Float64Array, spin: Float64Array, vKick: Float64Array, aspectRatio: Float64Array, density: Float64Array, soundSpeed: Float64Array];
    outputs: [out: Float64Array, status: Float64Array];
    scalars: [];
  };
}

export type KernelName = keyof Kernels;

/** A kernel's arguments before threads, in call order. */
export type KernelArguments<N extends KernelName> = [...Kernels[N]['inputs'], ...Kernels[N]['outputs'], ...Kernels[N]['scalars']];

type KernelExports = {
  [N in KernelName as `${N}Sync`]: (...args: [...KernelArguments<N>, threads: number]) => void;
} & {
  [N in KernelName as `${N}Async`]: (...args: [...KernelArguments<N>, threads: number, control: Int32Array | undefined]) => Promise<void>;
};

export interface NativeInfo {
  /** The vector unit kernels use now (the CPU's best, unless capped). */
  simd: SimdLevel;
  /** The best vector unit this CPU has. */
  simdDetected: SimdLevel;
  cpuFeatures: string;
  poolThreads: number;
  compiler?: string;
}

/** Synchronous functions (small, or bench-only work), in the same argument order. */
export interface Functions {
  info(): NativeInfo;
  /** Caps the vector unit for the whole process; returns the level kernels now use. */
  capSimd(level: SimdLevel): SimdLevel;
  /** An ArrayBuffer on huge-page memory (native/core/huge_pages.h), or null when refused. */
  largeArrayBuffer(bytes: number): ArrayBuffer | null;
  /** Bench only: a wrapping sum of the bytes as 64-bit words, the memory-read floor. */
  readFloor(data: ReduceArray, threads: number): bigint;
  polygonStats(x: Float64Array, y: Float64Array, offsets: Int32Array, centers: Float64Array, areas: Float64Array, threads: number): void;
  /** Returns how many indices it wrote to `out`. */
  closeIndices(centers: Float64Array, out: Int32Array, px: number, py: number, maxDist: number): number;
  juliaLevels(counts: Uint16Array, table: Uint8Array, levels: Uint8Array, threads: number): void;
  /** Returns the Adler-32 of the scanlines written to `out`. */
  pngScanlines(pixels: Uint8Array, out: Uint8Array, stride: number, height: number, filter: number, threads: number): number;
  /** Bench only (bench/calibrate.ts): the chain counts juliaPeak accepts. */
  juliaPeakChains(): number[];
  /** Bench only: lane-iterations of the register-only Julia loop at `level` on `threads` threads. */
  juliaPeak(level: SimdLevel, chains: number, iterations: number, threads: number): number;
  /** Bench only: the plain 4x4-interleaved AVX2 Julia loop, and the library's kernel on the same terms. */
  juliaPlain(xs: Float64Array, ys: Float64Array, counts: Uint16Array, cr: number, ci: number, t2: number, itermax: number, threads: number): void;
  juliaKernel(xs: Float64Array, ys: Float64Array, counts: Uint16Array, cr: number, ci: number, t2: number, itermax: number, threads: number): void;
}

export type Addon = KernelExports & Functions;

/** Every export's argument count: the compiler checks each number against the types above. */
export const ADDON_ARITY: { [K in keyof Addon]: Parameters<Addon[K]>['length'] } = {
  solveCubicsSync: 4,
  solveCubicsAsync: 5,
  cubicYRootsSync: 5,
  cubicYRootsAsync: 6,
  matchPointsSync: 6,
  matchPointsAsync: 7,
  reduceSync: 10,
  reduceAsync: 11,
  pipSync: 6,
  pipAsync: 7,
  pipMatchCountSync: 6,
  pipMatchCountAsync: 7,
  pipMatchFillSync: 8,
  pipMatchFillAsync: 9,
  pipCountSync: 6,
  pipCountAsync: 7,
  juliaSync: 9,
  juliaAsync: 10,
  shockLuminositiesSync: 9,
  shockLuminositiesAsync: 10,
  jetLuminositiesSync: 10,
  jetLuminositiesAsync: 11,
  info: 0,
  capSimd: 1,
  largeArrayBuffer: 1,
  readFloor: 2,
  polygonStats: 6,
  closeIndices: 5,
  juliaLevels: 4,
  pngScanlines: 6,
  juliaPeakChains: 0,
  juliaPeak: 4,
  juliaPlain: 8,
  juliaKernel: 8,
};
