// Run by julia.test.ts under HOTLOOP_SIMD=scalar|avx2|(unset): renders edge cases natively on the
// vector path that setting selects and with the TypeScript reference, and prints per case whether
// counts and norms agree bit for bit; also the bench-only kernels (bench/calibrate.ts) on that path.
import { nativeInfo } from '../src/backend.js';
import { ComplexRegion, type JuliaOptions, juliaSync } from '../src/index.js';
import { calibrationAddon } from '../bench/calibrate.js';
import { sameBits } from './backends.js';

const wide = { xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1 };
const cases: Record<string, JuliaOptions> = {
  'seed region': { resolution: 333 },
  // Widths and heights that end rows and the range mid-slot (slots hold 8 or 16 pixels).
  ...Object.fromEntries([2, 3, 7, 9, 15, 17, 31, 33, 65, 130].map((r) => [`wide, R=${r}`, { ...wide, resolution: r, itermin: 0, itermax: 80 }])),
  // itermax below and between the kernel's escape-test interval (4): overruns are clamped.
  ...Object.fromEntries([1, 2, 3, 5, 6, 7, 9].map((m) => [`itermax ${m}`, { ...wide, resolution: 70, itermin: 0, itermax: m }])),
  // A threshold below |c|: orbits leave and re-enter the disk, so an escaped lane must stay escaped.
  'threshold 0.5': { ...wide, resolution: 90, threshold: 0.5, itermin: 0, itermax: 50 },
  'threshold 1e10': { ...wide, resolution: 90, threshold: 1e10, itermin: 0, itermax: 60 },
  'threshold 1e200 (t^2 overflows)': { ...wide, resolution: 90, threshold: 1e200, itermin: 0, itermax: 60 },
  'c overflows at once': { ...wide, resolution: 40, c: [1e300, -1e300], itermin: 0, itermax: 10 },
  'counts above 65535 (Uint32)': { resolution: 9, itermin: 0, itermax: 70_000 },
};

const report: Record<string, boolean | string> = { simd: nativeInfo()?.simd ?? 'none' };
for (const [name, options] of Object.entries(cases)) {
  const js = juliaSync({ ...options, smooth: true, backend: 'js' });
  let same = true;
  for (const threads of [1, 3]) {
    const native = juliaSync({ ...options, smooth: true, backend: 'native', threads });
    same &&= native.counts.constructor === js.counts.constructor && native.counts.every((v, i) => v === js.counts[i]);
    same &&= sameBits(native.norms as Float64Array, js.norms as Float64Array);
    const counts = juliaSync({ ...options, backend: 'native', threads }).counts; // no norms: the other kernel form
    same &&= counts.every((v, i) => v === js.counts[i]);
  }
  report[name] = same;
}

// The bench's kernels on this path: juliaKernel and (from AVX2 up) the plain loop give the
// reference counts; the peak loop does exactly chains * lanes * iterations lane-iterations.
const addon = calibrationAddon();
const lanes = { scalar: 1, avx2: 4, avx512: 8 }[report.simd as string] ?? 0;
for (const resolution of [2, 17, 100]) {
  const { xs, ys } = new ComplexRegion(-1.6, 1.6, -1, 1).build(resolution);
  const js = juliaSync({ ...wide, resolution, itermin: 0, itermax: 70, backend: 'js' }).counts;
  const counts = new Uint16Array(js.length);
  addon.juliaKernel(xs, ys, -0.835, -0.2321, 4, 70, counts, 3);
  let same = counts.every((v, i) => v === js[i]);
  if (report.simd !== 'scalar') {
    const plain = new Uint16Array(js.length);
    addon.juliaPlain(xs, ys, -0.835, -0.2321, 4, 70, plain, 3);
    same &&= plain.every((v, i) => v === js[i]);
  }
  report[`bench kernels, R=${resolution}`] = same;
}
report['peak lane-iterations'] = addon.juliaPeakChains().every((chains) => addon.juliaPeak(report.simd as 'avx2', chains, 1000, 2) === 2 * 1000 * chains * lanes);
console.log(JSON.stringify(report));
