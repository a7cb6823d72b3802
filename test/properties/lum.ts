/**
 * lum: shockLuminosities/jetLuminosities (sync and async) on every backend give the same bits as
 * the single calls, element by element, for disks of power laws and tables (every spline end and
 * extrapolation) and remnants of any magnitude; a batch with a bad element throws, on every backend,
 * the same error, naming the first element whose single call throws. Never NaN or Infinity.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Disk, demoDisk, disk, jetLuminosities, jetLuminositiesSync, jetLuminosity, powerLaw, shockLuminosities, shockLuminositiesSync,
  shockLuminosity, tabulated,
} from '../../src/index.js';
import type { Profile } from '../../src/index.js';
import { eachBackend, referenceRow } from './backends.js';
import { type Property, property } from './harness.js';
import { anyDouble, anyMagnitude, sameFloats, size, tiled } from './values.js';

const M_SUN = 1.988409870698051e30;
type AnyProfile = Profile<never>;

/** A positive profile over radius (r_g): a power law, or a log-log spline through a random table. */
const profile = (typical: number): fc.Arbitrary<AnyProfile | undefined> =>
  fc.oneof(
    fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }))
      .map(([f, exponent, at]) => powerLaw(typical * f, exponent, { at }) as AnyProfile),
    fc.tuple(fc.uniqueArray(fc.double({ min: 0, max: 6, noNaN: true }), { minLength: 2, maxLength: 9 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 9, maxLength: 9 }),
      fc.constantFrom('not-a-knot', 'natural'), fc.constantFrom('error', 'power-law', 'spline'))
      .map(([logs, values, spline, extrapolate]) => {
        const radius = [...logs].sort((x, y) => x - y).map((l) => 10 ** l);
        try {
          return tabulated(radius, radius.map((_, i) => typical * 10 ** values[i]), { spline: spline as never, extrapolate: extrapolate as never }) as AnyProfile;
        } catch {
          return undefined; // e.g. radii that round to equal: refused at construction, not here
        }
      }),
  );

const diskArb: fc.Arbitrary<Disk> = fc.oneof(
  fc.constant(demoDisk),
  fc.tuple(profile(0.01), profile(1e-6), fc.option(profile(3e4))).map(([aspectRatio, density, soundSpeed]) =>
    aspectRatio && density ? disk({ aspectRatio, density, ...(soundSpeed ? { soundSpeed } : {}) }) : demoDisk),
);

/** One remnant's inputs: mass (kg), orbit (r_g), spin, kick (m/s), ordinary... */
const goodElement = fc.tuple(
  fc.double({ min: 1, max: 1000, noNaN: true }).map((m) => m * M_SUN),
  fc.double({ min: 10, max: 50000, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 1e3, max: 3e6, noNaN: true }),
);
/** ...or any double in any field (bad ones too: negative, zero, NaN, infinite, huge, subnormal). */
const anyElement = fc.tuple(anyDouble(), fc.oneof(anyDouble(), fc.double({ min: 10, max: 50000, noNaN: true })), anyDouble(), anyDouble());

/** Batches of good remnants (which must be computed), and batches where some are bad (which must be refused alike). */
const elements = size(40).chain((n) => fc.oneof(
  { weight: 2, arbitrary: fc.array(goodElement, { minLength: n, maxLength: n }) },
  { weight: 1, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: goodElement }, { weight: 1, arbitrary: anyElement }), { minLength: n, maxLength: n }) },
));

const batch = fc.tuple(diskArb, fc.oneof({ weight: 3, arbitrary: fc.constant(1e8 * M_SUN) }, { weight: 1, arbitrary: anyMagnitude(-100, 1023).map(Math.abs) }), elements);

/** What a call gives: its result, or its error's kind and message. */
async function outcome(call: () => Float64Array | Promise<Float64Array>): Promise<Float64Array | string> {
  try {
    return await call();
  } catch (error) {
    assert.ok(error instanceof TypeError || error instanceof RangeError, `not a TypeError or RangeError: ${String(error)}`);
    return `${error.name}: ${error.message}`;
  }
}

function single(call: () => number): number | string {
  try {
    return call();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Every backend, sync and async, gives the js sync outcome; it is the single calls' results, or the first refusal. */
async function checkBatch(what: string, run: (o: object) => Float64Array | Promise<Float64Array>, singles: Array<() => number>): Promise<void> {
  const reference = await outcome(() => run(referenceRow.options));
  for (const b of eachBackend()) {
    const got = await outcome(() => run(b.options));
    const same = typeof reference === 'string' ? got === reference : typeof got !== 'string' && sameFloats(got, reference);
    assert.ok(same, `${what} on ${b.name}: ${typeof got === 'string' ? got : 'values'} vs js ${typeof reference === 'string' ? reference : 'values'}`);
  }
  const results = singles.map(single);
  if (typeof reference !== 'string') {
    results.forEach((r, i) => {
      assert.ok(Object.is(r, reference[i]), `${what}: element ${i} is ${reference[i]} but the single call gives ${r}`);
      assert.ok(Number.isFinite(reference[i]) && reference[i] >= 0, `${what}: element ${i} is ${reference[i]}`);
    });
    return;
  }
  const firstBad = results.findIndex((r) => typeof r === 'string');
  assert.ok(firstBad >= 0, `${what} refused (${reference}) but every single call succeeds`);
  assert.match(reference, new RegExp(`\\[${firstBad}\\]|element ${firstBad}\\b`), `${what} must name element ${firstBad}, the first whose single call throws (${results[firstBad]})`);
}

export const properties: Property<unknown>[] = [
  property('shock luminosities (sync and async) are the single calls on every backend, or the same first refusal', 50, batch, async ([d, M, elements]) => {
    const [mass, a, , v] = [0, 1, 2, 3].map((k) => Float64Array.from(elements, (e) => e[k]));
    const singles = elements.map(([m, r, , vk]) => () => shockLuminosity(M as never, m as never, r, d, vk as never));
    await checkBatch('shockLuminositiesSync', (o) => shockLuminositiesSync(M as never, mass as never, a, d, v as never, o), singles);
    await checkBatch('shockLuminosities', (o) => shockLuminosities(M as never, mass as never, a, d, v as never, o), singles);
  }),

  property('jet luminosities (sync and async) are the single calls on every backend, or the same first refusal', 50, batch, async ([d, , elements]) => {
    const [mass, a, spin, v] = [0, 1, 2, 3].map((k) => Float64Array.from(elements, (e) => e[k]));
    const singles = elements.map(([m, r, s, vk]) => () => jetLuminosity(m as never, r, d, s, vk as never));
    await checkBatch('jetLuminositiesSync', (o) => jetLuminositiesSync(mass as never, a, d, spin, v as never, o), singles);
    await checkBatch('jetLuminosities', (o) => jetLuminosities(mass as never, a, d, spin, v as never, o), singles);
  }),

  property('batches past the thread grain agree on every backend and thread count', 3,
    fc.tuple(diskArb, fc.array(goodElement, { minLength: 1, maxLength: 32 }), fc.integer({ min: 3 * 4096 + 1, max: 20000 })),
    async ([d, elements, n]) => {
      const [mass, a, spin, v] = [0, 1, 2, 3].map((k) => tiled(Float64Array.from(elements, (e) => e[k]), n));
      const reference = await outcome(() => jetLuminositiesSync(mass as never, a, d, spin, v as never, referenceRow.options));
      for (const b of eachBackend()) {
        for (const got of [await outcome(() => jetLuminositiesSync(mass as never, a, d, spin, v as never, b.options)), await outcome(() => jetLuminosities(mass as never, a, d, spin, v as never, b.options))]) {
          assert.ok(typeof reference === 'string' ? got === reference : typeof got !== 'string' && sameFloats(got, reference), `${b.name} differs from js`);
        }
      }
    }),
];
