// Run by lum.test.ts under HOTLOOP_SIMD=scalar|avx2|(unset): prints, per disk, whether the native
// luminosities (on the vector path that setting selects) have the TypeScript bits, element by element,
// and whether a refusal names the same element.
import { arrayFromSI, demoDisk, disk, jetLuminositiesSync, kgPerCubicMetre, kmPerSecond, powerLaw, shockLuminositiesSync, solarMass, tabulated, type Disk, type Mass, type Velocity } from '../src/index.js';
import { nativeInfo } from '../src/backend.js';
import { sameBits, seededRandom } from './backends.js';

const n = 100_003; // not a multiple of the 8 lanes: the scalar tail runs too
const random = seededRandom(21);
const mass = new Float64Array(n);
const a = new Float64Array(n);
const v = new Float64Array(n);
const spin = new Float64Array(n);
for (let i = 0; i < n; i++) {
  // Masses and kicks over many decades, radii across the demo disk, a few subnormal-adjacent values.
  mass[i] = solarMass(10 ** (6 * random() - 3));
  a[i] = 10 * 5000 ** random();
  v[i] = kmPerSecond(10 ** (4 * random() - 1));
  spin[i] = random();
}
mass[5] = 1e-280; // mass ratio / 3 subnormal: log's subnormal branch
v[6] = 1e-300;
const disks: Record<string, Disk> = {
  demo: demoDisk,
  // Values near the ends of the double range push exp through its overflow and subnormal branches.
  extreme: disk({
    aspectRatio: powerLaw(1e-150, -20, { at: 1000 }),
    density: powerLaw(kgPerCubicMetre(1e-300), -9, { at: 1000 }),
    soundSpeed: tabulated([1, 100, 1e5], kmPerSecond([1e-100, 1, 1e100]), { extrapolate: 'spline' }),
  }),
};
const M = solarMass(1e8);
const report: Record<string, boolean | string> = { simd: nativeInfo()?.simd ?? 'none' };
for (const [name, d] of Object.entries(disks)) {
  const m = arrayFromSI<Mass>(mass);
  const kick = arrayFromSI<Velocity>(v);
  // The same bits, or the same refusal (the extreme disk overflows for some remnants).
  const outcome = (run: () => Float64Array) => {
    try {
      return run();
    } catch (error) {
      return (error as Error).message;
    }
  };
  const same = (x: Float64Array | string, y: Float64Array | string) => (typeof x === 'string' ? x === y : typeof y !== 'string' && sameBits(x, y));
  const shock = (backend: 'js' | 'native') => outcome(() => shockLuminositiesSync(M, m, a, d, kick, { backend, threads: 2 }));
  const jet = (backend: 'js' | 'native') => outcome(() => jetLuminositiesSync(m, a, d, spin, kick, { backend, threads: 2 }));
  const [shockNative, jetNative] = [shock('native'), jet('native')];
  report[`${name} shock`] = same(shockNative, shock('js'));
  report[`${name} jet`] = same(jetNative, jet('js'));
  report[`${name} computed`] = typeof shockNative !== 'string' && typeof jetNative !== 'string';
}
// Refusals: the first bad element is named, on every path.
const bad = a.slice();
bad[40_001] = 1e9;
bad[70_000] = -1;
const refusal = (backend: 'js' | 'native') => {
  try {
    shockLuminositiesSync(M, arrayFromSI<Mass>(mass), bad, demoDisk, arrayFromSI<Velocity>(v), { backend, threads: 2 });
    return 'none';
  } catch (error) {
    return (error as Error).message;
  }
};
report.refusal = refusal('native') === refusal('js') && refusal('js').includes('a[40001]');
console.log(JSON.stringify(report));
