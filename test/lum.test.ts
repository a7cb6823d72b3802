// McFACTS luminosities: the portable math, the spline and profiles, the physics against independent
// references (scipy/numpy, the published normalisations), and the batches on every backend.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  Disk,
  arrayFromSI,
  demoDisk,
  disk,
  ergPerSecond,
  fromSI,
  gPerCubicCentimetre,
  hillGasVolume,
  inUnit,
  jetLuminosities,
  jetLuminositiesSync,
  jetLuminosity,
  jetLuminosityOf,
  kgPerCubicMetre,
  kmPerSecond,
  m as metres,
  portableCbrt,
  portableExp,
  portableLog,
  powerLaw,
  shockLuminosities,
  shockLuminositiesSync,
  shockLuminosity,
  solarMass,
  tabulated,
  type DiskModel,
  type Length,
  type Mass,
  type Velocity,
  type Quantity,
  nativeInfo,
} from '../src/index.js';
import { splineSlopes } from '../src/lum/spline.js';
import { DEMO_RADIUS, DEMO_ASPECT_RATIO, DEMO_DENSITY } from '../src/lum/demo-disk-table.js';
import { backendHooks, backends, sameBits, seededRandom } from './backends.js';
import { runCli } from './cli-run.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bitsView = new Float64Array(1);
const intView = new BigInt64Array(bitsView.buffer);
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  bitsView[0] = a;
  const x = intView[0];
  bitsView[0] = b;
  const y = intView[0];
  return Number(x > y ? x - y : y - x);
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('portable log, exp and cbrt', () => {
  it('are within 1 ulp of Math.* over the whole double range', () => {
    const random = seededRandom(15);
    let worst = { log: 0, exp: 0, cbrt: 0 };
    for (let i = 0; i < 200_000; i++) {
      const x = (1 + random()) * 2 ** (Math.floor(random() * 2098) - 1074);
      if (!(x > 0 && x < Infinity)) continue;
      worst.log = Math.max(worst.log, ulps(portableLog(x), Math.log(x)));
      worst.cbrt = Math.max(worst.cbrt, ulps(portableCbrt(x), Math.cbrt(x)), ulps(portableCbrt(-x), Math.cbrt(-x)));
      const t = (random() - 0.5) * 1416;
      worst.exp = Math.max(worst.exp, ulps(portableExp(t), Math.exp(t)));
    }
    assert.ok(worst.log <= 1 && worst.exp <= 1 && worst.cbrt <= 1, JSON.stringify(worst));
  });

  it('handle the special values as Math.* does', () => {
    for (const x of [0, -0, 1, -1, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]) {
      assert.ok(ulps(portableLog(x), Math.log(x)) <= 1 || (Number.isNaN(portableLog(x)) && Number.isNaN(Math.log(x))), `log(${x})`);
      assert.ok(ulps(portableCbrt(x), Math.cbrt(x)) <= 1 || (Number.isNaN(portableCbrt(x)) && Number.isNaN(Math.cbrt(x))), `cbrt(${x})`);
    }
    for (const x of [0, -0, 700, 709.78, 710, -745, -746, -Infinity, Infinity, NaN, -708.5, -740]) {
      const e = portableExp(x);
      assert.ok(ulps(e, Math.exp(x)) <= 1 || (Number.isNaN(e) && Number.isNaN(Math.exp(x))), `exp(${x}) = ${e} vs ${Math.exp(x)}`);
    }
    assert.equal(portableLog(1), 0);
    assert.equal(portableExp(0), 1);
    assert.equal(portableCbrt(27), 3);
  });
});

describe('cubic splines', () => {
  const cubic = (t: number) => 2 * t ** 3 - t ** 2 + 0.5 * t - 3;
  const slope = (t: number) => 6 * t ** 2 - 2 * t + 0.5;

  it('not-a-knot reproduces a cubic exactly (uneven knots)', () => {
    const x = new Float64Array([0.1, 0.5, 1.3, 2, 2.2, 3.7, 5]);
    const s = splineSlopes(x, x.map(cubic), 'not-a-knot');
    x.forEach((t, i) => assert.ok(Math.abs(s[i] - slope(t)) < 1e-12, `slope at ${t}`));
  });

  it('natural has zero second derivative at both ends', () => {
    const x = new Float64Array([0, 1, 2.5, 3, 4.5]);
    const y = x.map(cubic);
    const s = splineSlopes(x, y, 'natural');
    const n = x.length - 1;
    const h0 = x[1] - x[0];
    const hn = x[n] - x[n - 1];
    assert.ok(Math.abs((6 * (y[1] - y[0])) / h0 ** 2 - (4 * s[0] + 2 * s[1]) / h0) < 1e-10);
    assert.ok(Math.abs((-6 * (y[n] - y[n - 1])) / hn ** 2 + (2 * s[n - 1] + 4 * s[n]) / hn) < 1e-10);
  });

  it('two points give the line, three (not-a-knot) the parabola', () => {
    assert.deepEqual(Array.from(splineSlopes(new Float64Array([1, 3]), new Float64Array([2, 6]), 'not-a-knot')), [2, 2]);
    assert.deepEqual(Array.from(splineSlopes(new Float64Array([0, 1, 3]), new Float64Array([0, -1, 3]), 'not-a-knot')), [-2, 0, 4]);
  });
});

describe('disk profiles', () => {
  it('a tabulated profile returns its table at the knots and is log-log smooth between', () => {
    for (let i = 0; i < DEMO_RADIUS.length; i++) {
      assert.ok(relative(demoDisk.density(DEMO_RADIUS[i]), DEMO_DENSITY[i]) < 1e-14, `density at ${DEMO_RADIUS[i]}`);
      assert.ok(relative(demoDisk.aspectRatio(DEMO_RADIUS[i]), DEMO_ASPECT_RATIO[i]) < 1e-14);
    }
    // A power law tabulated is a straight line in log-log: the spline gives the power law back.
    const r = [10, 30, 100, 1000, 5000];
    const p = tabulated(r, kgPerCubicMetre(r.map((a) => 1e-3 * a ** -1.5)));
    for (const a of [12, 55, 640, 4999]) assert.ok(relative(p.at(a), 1e-3 * a ** -1.5) < 1e-13, `at ${a}`);
  });

  it('a power law is value * (a/at)^exponent within 1e-14', () => {
    const p = powerLaw(kgPerCubicMetre(2e-6), -1.5, { at: 1000 });
    for (const a of [1, 37, 1000, 8e4]) assert.ok(relative(p.at(a), 2e-6 * (a / 1000) ** -1.5) < 1e-14, `at ${a}`);
    const h = powerLaw(0.01, 0.25, { range: [10, 1e5] });
    assert.throws(() => h.at(5), /between 10 and 100000 r_g/);
  });

  it('refuses radii outside the table, naming radius and range, unless asked to extrapolate', () => {
    const r = [10, 100, 1000];
    const values = [0.01, 0.02, 0.05];
    const strict = tabulated(r, values);
    assert.throws(() => strict.at(9.99), (e: Error) => e instanceof RangeError && /for a but received 9\.99/.test(e.message) && /between 10 and 1000 r_g/.test(e.message));
    assert.throws(() => strict.at(1000.0001), RangeError);
    const powerLawEnds = tabulated(r, values, { extrapolate: 'power-law' });
    const splineEnds = tabulated(r, values, { extrapolate: 'spline' });
    assert.equal(powerLawEnds.at(100), strict.at(100));
    assert.ok(powerLawEnds.at(1e4) > 0.05 && splineEnds.at(1e4) > 0);
    assert.notEqual(powerLawEnds.at(1e4), splineEnds.at(1e4));
    // Within the table, extrapolation changes nothing.
    assert.equal(splineEnds.at(333), strict.at(333));
  });

  it('refuses bad tables with one clear error', () => {
    assert.throws(() => tabulated([], []), /at least 2 values for radius/);
    assert.throws(() => tabulated([10], [0.1]), /at least 2 values/);
    assert.throws(() => tabulated([10, 5, 20], [1, 2, 3]), /radius\[1\]/);
    assert.throws(() => tabulated([10, 10], [1, 2]), /strictly increasing/);
    assert.throws(() => tabulated([10, 20, 30], [1, 2]), /same length/);
    assert.throws(() => tabulated([10, 20], [1, -2]), /values\[1\]/);
    assert.throws(() => tabulated([10, 20], [1, NaN]), RangeError);
    assert.throws(() => tabulated([0, 20], [1, 2]), /radius\[0\]/);
    assert.throws(() => tabulated([10, 20], [1, 2], { spline: 'clamped' as never }), /spline/);
    assert.throws(() => tabulated([10, 20], [1, 2], { extrapolate: 'yes' as never }), /extrapolate/);
    assert.throws(() => powerLaw(-1, 2), RangeError);
    assert.throws(() => powerLaw(1, NaN), /exponent/);
    assert.throws(() => disk({ aspectRatio: powerLaw(0.01, 0) } as never), /density/);
  });
});

describe('luminosity physics', () => {
  it('the jet is 2.5e45 erg/s at eta = 0.1, 100 M_sun, 200 km/s, 1e-10 g/cm^3 (Graham et al. 2020)', () => {
    const L = jetLuminosityOf(solarMass(100), gPerCubicCentimetre(1e-10), kmPerSecond(0), Math.sqrt(0.1), kmPerSecond(200));
    assert.ok(relative(inUnit(L, ergPerSecond), 2.5e45) < 0.01, String(inUnit(L, ergPerSecond)));
  });

  it('the Hill-sphere gas volume is the sphere inside the slab |z| < H', () => {
    const r = metres(3);
    const sphere = (4 / 3) * Math.PI * 27;
    assert.ok(relative(hillGasVolume(r, metres(3)), sphere) < 1e-15, 'H = r: the sphere');
    assert.ok(relative(hillGasVolume(r, metres(7)), sphere) < 1e-15, 'H > r: the sphere');
    const H = metres(1e-9);
    assert.ok(relative(hillGasVolume(r, H), 2 * Math.PI * 9 * 1e-9) < 1e-12, 'thin slab: 2 pi r^2 H');
    // Sphere minus two caps (McKernan et al. 2019) where that form has no cancellation.
    for (const h of [0.5, 1.5, 2.5]) {
      const d = 3 - h;
      const caps = sphere - (2 / 3) * Math.PI * d * d * (9 - d);
      assert.ok(relative(hillGasVolume(r, metres(h)), caps) < 1e-14, `H = ${h}`);
    }
  });

  it('agrees with an independent float64 reference (numpy, scipy CubicSpline, astropy constants) to 1e-14', () => {
    const ref = JSON.parse(readFileSync(new URL('./fixtures/lum-scipy.json', import.meta.url), 'utf8'));
    const M = solarMass(ref.smbhMassInSun);
    let worst = 0;
    for (let i = 0; i < ref.a.length; i++) {
      const shock = shockLuminosity(M, solarMass(ref.massInSun[i]), ref.a[i], demoDisk, kmPerSecond(ref.vKickKmS[i]));
      const jet = jetLuminosity(solarMass(ref.massInSun[i]), ref.a[i], demoDisk, ref.spin[i], kmPerSecond(ref.vKickKmS[i]));
      worst = Math.max(worst, relative(shock, ref.shockW[i]), relative(jet, ref.jetW[i]));
    }
    assert.ok(worst < 1e-14, `worst relative error ${worst}`);
  });

  it('the McFACTS seed case: 1e8 M_sun, 60 M_sun at 500 r_g, 100 km/s, spin 0.7', () => {
    const shock = inUnit(shockLuminosity(solarMass(1e8), solarMass(60), 500, demoDisk, kmPerSecond(100)), ergPerSecond);
    const jet = inUnit(jetLuminosity(solarMass(60), 500, demoDisk, 0.7, kmPerSecond(100)), ergPerSecond);
    // astropy 5.2.1 with units (bench/python/lum_seed.py): 8.77463350165038e+40 and 8.749129683406364e+48.
    assert.ok(relative(shock, 8.77463350165038e40) < 1e-14, String(shock));
    assert.ok(relative(jet, 8.749129683406364e48) < 1e-14, String(jet));
  });

  it('a disk given as plain functions gives the Disk\'s bits; its bad answers are errors, never NaN', () => {
    const model: DiskModel = { aspectRatio: (a) => demoDisk.aspectRatio(a), density: (a) => demoDisk.density(a) };
    const args = [solarMass(1e8), solarMass(60), 777, model, kmPerSecond(150)] as const;
    assert.equal(shockLuminosity(...args), shockLuminosity(args[0], args[1], args[2], demoDisk, args[4]));
    assert.equal(jetLuminosity(solarMass(60), 777, model, 0.5, kmPerSecond(150)), jetLuminosity(solarMass(60), 777, demoDisk, 0.5, kmPerSecond(150)));
    const broken: DiskModel = { aspectRatio: () => NaN, density: (a) => demoDisk.density(a) };
    assert.throws(() => shockLuminosity(solarMass(1e8), solarMass(60), 500, broken, kmPerSecond(100)), /disk\.aspectRatio\(500\)/);
    const withSound: DiskModel = { ...model, soundSpeed: () => kmPerSecond(0) };
    assert.throws(() => jetLuminosity(solarMass(60), 500, withSound, 0.5, kmPerSecond(100)), /disk\.soundSpeed\(500\)/);
    assert.throws(() => shockLuminosity(solarMass(1e8), solarMass(60), 500, {} as DiskModel, kmPerSecond(100)), TypeError);
  });

  it('refuses bad single-call input with one clear error', () => {
    const M = solarMass(1e8);
    const v = kmPerSecond(100);
    assert.throws(() => shockLuminosity(fromSI(-1), solarMass(60), 500, demoDisk, v), /smbhMass/);
    assert.throws(() => shockLuminosity(M, fromSI(NaN), 500, demoDisk, v), /positive finite mass for massFinal but received NaN/);
    assert.throws(() => shockLuminosity(M, solarMass(-60), 500, demoDisk, v), /massFinal/);
    assert.throws(() => shockLuminosity(M, solarMass(60), 5, demoDisk, v), /radius between 10 and 50000 r_g \(the aspect ratio table's range; or build it with extrapolate\) for a but received 5/);
    assert.throws(() => shockLuminosity(M, solarMass(60), Infinity, demoDisk, v), /for a but received Infinity/);
    assert.throws(() => shockLuminosity(M, solarMass(60), 500, demoDisk, kmPerSecond(0)), /vKick/);
    assert.throws(() => jetLuminosity(solarMass(60), 500, demoDisk, 1.5, v), /spin between 0 and 1 for spinFinal/);
    assert.throws(() => jetLuminosity(solarMass(60), 60000, demoDisk, 0.5, v), /density table's range/);
    assert.throws(() => shockLuminosity(M, '60' as never, 500, demoDisk, v), TypeError);
  });
});

// Seeded remnants across the demo disk.
function remnants(n: number, seed: number) {
  const random = seededRandom(seed);
  const mass = new Float64Array(n);
  const a = new Float64Array(n);
  const v = new Float64Array(n);
  const spin = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mass[i] = solarMass(5 + 195 * random());
    a[i] = 10 * 5000 ** random();
    v[i] = kmPerSecond(20 + 1500 * random());
    spin[i] = random();
  }
  return { mass: arrayFromSI<Mass>(mass), a, v: arrayFromSI<Velocity>(v), spin };
}

const soundDisk = disk({
  aspectRatio: powerLaw(0.01, 0.05, { at: 1000 }),
  density: powerLaw(kgPerCubicMetre(1e-6), -1.5, { at: 1000 }),
  soundSpeed: tabulated([1, 1e3, 1e6], kmPerSecond([3000, 100, 3]), { extrapolate: 'power-law' }),
});

for (const b of backends) {
  const { name, options } = b;
  describe(`luminosity batches (${name})`, () => {
    backendHooks(b);
    const M = solarMass(1e8);
    const { mass, a, v, spin } = remnants(20_000, 7);

    // Per disk, the TypeScript bits element by element (or the same refusal) at this vector unit,
    // and the same refused element named on every path.
    it('gives the TypeScript bits at this vector unit, on the demo disk and one at the ends of the double range', () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const n = 100_003; // not a multiple of the 8 lanes: the scalar tail runs too
      const random = seededRandom(21);
      const masses = new Float64Array(n);
      const radii = new Float64Array(n);
      const kicks = new Float64Array(n);
      const spins = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        // Masses and kicks over many decades, radii across the demo disk, a few subnormal-adjacent values.
        masses[i] = solarMass(10 ** (6 * random() - 3));
        radii[i] = 10 * 5000 ** random();
        kicks[i] = kmPerSecond(10 ** (4 * random() - 1));
        spins[i] = random();
      }
      masses[5] = 1e-280; // mass ratio / 3 subnormal: log's subnormal branch
      kicks[6] = 1e-300;
      const disks: Record<string, Disk> = {
        demo: demoDisk,
        // Values near the ends of the double range push exp through its overflow and subnormal branches.
        extreme: disk({
          aspectRatio: powerLaw(1e-150, -20, { at: 1000 }),
          density: powerLaw(kgPerCubicMetre(1e-300), -9, { at: 1000 }),
          soundSpeed: tabulated([1, 100, 1e5], kmPerSecond([1e-100, 1, 1e100]), { extrapolate: 'spline' }),
        }),
      };
      const outcome = (run: () => Float64Array) => {
        try {
          return run();
        } catch (error) {
          return (error as Error).message;
        }
      };
      const same = (x: Float64Array | string, y: Float64Array | string) => (typeof x === 'string' ? x === y : typeof y !== 'string' && sameBits(x, y));
      const m = arrayFromSI<Mass>(masses);
      const kick = arrayFromSI<Velocity>(kicks);
      for (const [diskName, d] of Object.entries(disks)) {
        const shock = (o: typeof options | { backend: 'js' }) => outcome(() => shockLuminositiesSync(M, m, radii, d, kick, { ...o, threads: 2 }));
        const jet = (o: typeof options | { backend: 'js' }) => outcome(() => jetLuminositiesSync(m, radii, d, spins, kick, { ...o, threads: 2 }));
        const [shockHere, jetHere] = [shock(options), jet(options)];
        assert.ok(same(shockHere, shock({ backend: 'js' })), `${diskName} shock`);
        assert.ok(same(jetHere, jet({ backend: 'js' })), `${diskName} jet`);
        assert.ok(typeof shockHere !== 'string' && typeof jetHere !== 'string', `${diskName} computed`);
      }
      const bad = radii.slice();
      bad[40_001] = 1e9;
      bad[70_000] = -1;
      const refusal = (o: typeof options | { backend: 'js' }) => {
        try {
          shockLuminositiesSync(M, m, bad, demoDisk, kick, { ...o, threads: 2 });
          return 'none';
        } catch (error) {
          return (error as Error).message;
        }
      };
      assert.ok(refusal(options) === refusal({ backend: 'js' }) && refusal({ backend: 'js' }).includes('a[40001]'));
    });

    it('element i is the single call, bit for bit (shock and jet, demo disk and a power-law disk)', () => {
      for (const d of [demoDisk, soundDisk]) {
        const shock = shockLuminositiesSync(M, mass, a, d, v, options);
        const jet = jetLuminositiesSync(mass, a, d, spin, v, options);
        const single = new Float64Array(a.length);
        const singleJet = new Float64Array(a.length);
        for (let i = 0; i < a.length; i++) {
          single[i] = shockLuminosity(M, fromSI(mass[i]), a[i], d, fromSI(v[i]));
          singleJet[i] = jetLuminosity(fromSI(mass[i]), a[i], d, spin[i], fromSI(v[i]));
        }
        assert.ok(sameBits(shock, single), 'shock');
        assert.ok(sameBits(jet, singleJet), 'jet');
      }
    });

    it('async forms give the same bits and report progress', async () => {
      const progress: number[] = [];
      const shock = await shockLuminosities(M, mass, a, demoDisk, v, { ...options, onProgress: (f) => progress.push(f) });
      assert.ok(sameBits(shock, shockLuminositiesSync(M, mass, a, demoDisk, v, options)));
      assert.equal(progress.at(-1), 1);
      const jet = await jetLuminosities(mass, a, demoDisk, spin, v, options);
      assert.ok(sameBits(jet, jetLuminositiesSync(mass, a, demoDisk, spin, v, options)));
    });

    it('an aborted call rejects with AbortError', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(shockLuminosities(M, mass, a, demoDisk, v, { ...options, signal: controller.signal }), { name: 'AbortError' });
    });

    it('a refused element throws the single call\'s error naming the first bad index', async () => {
      const badA = a.slice();
      badA[12_345] = 1e6;
      badA[17_000] = 1;
      assert.throws(() => shockLuminositiesSync(M, mass, badA, demoDisk, v, options), /for a\[12345\] but received 1000000/);
      const badMass = arrayFromSI<Mass>(mass.slice());
      badMass[19_999] = -1;
      badMass[3] = NaN;
      assert.throws(() => jetLuminositiesSync(badMass, a, demoDisk, spin, v, options), /positive finite mass for massFinal\[3\] but received NaN/);
      const badSpin = spin.slice();
      badSpin[9] = 2;
      await assert.rejects(jetLuminosities(mass, a, demoDisk, badSpin, v, options), /spinFinal\[9\]/);
      const badV = arrayFromSI<Velocity>(v.slice());
      badV[0] = Infinity;
      await assert.rejects(shockLuminosities(M, mass, a, demoDisk, badV, options), /vKick\[0\]/);
      // Power laws without a range serve every radius; a sound-speed table without extrapolation does not.
      assert.equal(jetLuminositiesSync(mass, badA, soundDisk, spin, v, options).length, a.length);
      const strictSound = disk({ ...soundDisk.profiles, soundSpeed: tabulated([1, 1e3, 1e5], kmPerSecond([3000, 100, 10])) });
      assert.throws(() => jetLuminositiesSync(mass, badA, strictSound, spin, v, options), /sound speed table's range.* for a\[12345\]/);
    });

    it('refuses valid inputs whose luminosity overflows, rather than return Infinity or NaN', () => {
      assert.throws(() => shockLuminositiesSync(fromSI(1e307), mass, a, demoDisk, v, options), /Expected inputs whose luminosity is a finite double for element 0 but received massFinal = /);
      assert.throws(() => shockLuminosity(fromSI(1e307), fromSI(mass[0]), a[0], demoDisk, fromSI(v[0])), /finite double for the remnant/);
    });

    it('refuses mismatched lengths, plain arrays of quantities and non-Disk models', () => {
      assert.throws(() => shockLuminositiesSync(M, mass, a.subarray(1), demoDisk, v, options), /Expected massFinal and a of the same length but received 20000 and 19999/);
      assert.throws(() => jetLuminositiesSync(mass, a, demoDisk, spin.subarray(1), v, options), /same length/);
      assert.throws(() => shockLuminositiesSync(M, [1, 2] as never, [500, 600], demoDisk, v, options), /for massFinal but received Array\(2\)/);
      const plain: DiskModel = { aspectRatio: () => 0.01, density: () => kgPerCubicMetre(1e-6) };
      assert.throws(() => shockLuminositiesSync(M, mass, a, plain as Disk, v, options), /Disk built with disk/);
      assert.throws(() => shockLuminositiesSync(M, mass, a, demoDisk, v, { ...options, thread: 2 } as never), /did you mean 'threads'/);
    });

    it('empty batches give empty results', () => {
      const empty = new Float64Array(0);
      assert.equal(shockLuminositiesSync(M, arrayFromSI(empty), empty, demoDisk, arrayFromSI(empty), options).length, 0);
      assert.equal(jetLuminositiesSync(arrayFromSI(empty), empty, demoDisk, empty, arrayFromSI(empty), options).length, 0);
    });
  });
}

describe('luminosity batches: the result depends on neither backend nor thread count', () => {
  it('all backends and thread counts agree bit for bit', () => {
    const { mass, a, v, spin } = remnants(50_000, 11);
    const first = shockLuminositiesSync(solarMass(1e8), mass, a, demoDisk, v, backends[0].options);
    const firstJet = jetLuminositiesSync(mass, a, demoDisk, spin, v, backends[0].options);
    for (const { options } of backends.slice(1)) {
      assert.ok(sameBits(shockLuminositiesSync(solarMass(1e8), mass, a, demoDisk, v, options), first));
      assert.ok(sameBits(jetLuminositiesSync(mass, a, demoDisk, spin, v, options), firstJet));
    }
  });
});

describe('hotloop lum', () => {
  it('prints the shock luminosity, and the jet one with --spin; --json for scripts', () => {
    const run = runCli(['lum', '--smbh-mass', '1e8', '--mass', '60', '--a', '500', '--v', '100', '--spin', '0.7']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^shock luminosity  8\.77463e\+40 erg\/s\njet luminosity    8\.74913e\+48 erg\/s\n$/);
    const json = JSON.parse(runCli(['lum', '--mass', '60', '--a', '500', '--v', '100', '--json']).stdout);
    assert.equal(json.shockErgPerS, inUnit(shockLuminosity(solarMass(1e8), solarMass(60), 500, demoDisk, kmPerSecond(100)), ergPerSecond));
    assert.equal(json.jetErgPerS, undefined);
    assert.equal(runCli(['lum', '--help']).status, 0);
  });

  it('reads a disk table; bad command lines exit 2, bad files 1, each with one line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-lum-'));
    const good = path.join(dir, 'disk.json');
    writeFileSync(good, JSON.stringify({ radius: [10, 100, 1000], aspectRatio: [0.01, 0.01, 0.01], density: [1e-6, 1e-7, 1e-8] }));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ radius: [10, 100], aspectRatio: [0.01, 0.02], density: [1e-6, -1] }));
    assert.equal(runCli(['lum', '--mass', '60', '--a', '500', '--v', '100', '--disk', good]).status, 0);
    const outside = runCli(['lum', '--mass', '60', '--a', '5000', '--v', '100', '--disk', good]);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /^hotloop: Expected a radius between 10 and 1000 r_g .* for --a but received 5000 of type number\n$/);
    assert.equal(runCli(['lum', '--mass', '60', '--a', '5000', '--v', '100', '--disk', good, '--extrapolate', 'power-law']).status, 0);
    for (const args of [['--a', '500', '--v', '100'], ['--mass', 'x', '--a', '500', '--v', '100'], ['--mass', '-60', '--a', '500', '--v', '100'],
      ['--mass', '60', '--a', '500', '--v', '100', '--spin', '2'], ['--mass', '60', '--a', '500', '--v', '100', '--extrapolate', 'maybe']]) {
      const run = runCli(['lum', ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
    assert.match(runCli(['lum', '--mass', '60', '--a', '500', '--v', '100', '--spin', '2']).stderr, /for --spin but received 2 /);
    const broken = runCli(['lum', '--mass', '60', '--a', '50', '--v', '100', '--disk', bad]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /bad\.json: Expected positive finite number .* for density\[1\] but received -1/);
    assert.equal(runCli(['lum', '--mass', '60', '--a', '50', '--v', '100', '--disk', path.join(dir, 'missing.json')]).status, 1);
  });
});

// Keep the type import used (Quantity<Length> appears in the public signatures this file calls).
export type UsedLength = Quantity<Length>;
