/**
 * julia: juliaSync/julia (and juliaGrey) on every backend give the same counts, norms and grey
 * levels, and they are the spec's, recomputed pixel by pixel from DESIGN.md's formulas (numpy's
 * linspace grid, the escape test after each step); regions from 1e-300 wide to the top of the
 * double range, thresholds whose square underflows or overflows, counts past 65535; bad
 * parameters are a TypeError or RangeError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { julia, juliaGrey, juliaPng, juliaPngSync, juliaRgb, juliaSync, juliaValues, linspace } from '../../src/index.js';
import type { JuliaImage, JuliaRenderOptions } from '../../src/index.js';
import { agreeOnEveryBackend, assertUsageError, eachBackend } from './backends.js';
import { type Property, property } from './harness.js';
import { decodePng } from './png-decode.js';
import { anyMagnitude, firstDifference, finiteDouble, sameFloats } from './values.js';

type Params = Required<Pick<JuliaRenderOptions, 'xMin' | 'xMax' | 'yMin' | 'yMax' | 'resolution' | 'itermin' | 'itermax' | 'threshold' | 'smooth'>> & { c: [number, number] };

const positive = (min: number, max: number) => anyMagnitude(min, max).map(Math.abs);

const params: fc.Arbitrary<Params> = fc
  .tuple(
    fc.oneof(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), fc.tuple(finiteDouble(), finiteDouble())),
    fc.oneof(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), fc.tuple(finiteDouble(), finiteDouble())),
    fc.oneof(fc.double({ min: 1e-3, max: 4, noNaN: true }), positive(-1074, 1022)),
    fc.double({ min: 0.05, max: 2, noNaN: true }),
    fc.integer({ min: 2, max: 40 }),
    fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 200 }) }, { weight: 1, arbitrary: fc.integer({ min: 65530, max: 65600 }) }),
    fc.oneof(fc.constant(2), fc.double({ min: 0.1, max: 10, noNaN: true }), positive(-1074, 1023), fc.constantFrom(Number.MIN_VALUE, 1e160, Number.MAX_VALUE)),
    fc.boolean(), fc.nat(),
  )
  .map(([c, [cx, cy], width, aspect, resolution, itermax, threshold, smooth, m]) => ({
    c, xMin: cx - width / 2, xMax: cx + width / 2, yMin: cy - (width * aspect) / 2, yMax: cy + (width * aspect) / 2,
    resolution: itermax > 60000 ? Math.min(resolution, 6) : resolution, itermin: m % itermax, itermax, threshold, smooth,
  }));

function sameImage(a: JuliaImage, b: JuliaImage): string | undefined {
  if (a.width !== b.width || a.height !== b.height) return `size ${a.width}x${a.height} vs ${b.width}x${b.height}`;
  if (a.counts.constructor !== b.counts.constructor) return `${a.counts.constructor.name} vs ${b.counts.constructor.name}`;
  const i = firstDifference(a.counts, b.counts);
  if (i >= 0) return `counts[${i}] ${a.counts[i]} vs ${b.counts[i]}`;
  if (!a.norms !== !b.norms || (a.norms && !sameFloats(a.norms, b.norms!))) return 'norms differ';
  return undefined;
}

/** DESIGN.md's pixel, computed directly: the first n whose step leaves |z| >= threshold. */
function specPixel(x: number, y: number, p: Params): [number, number] {
  const [cr, ci] = p.c;
  const t2 = p.threshold * p.threshold;
  let re = x;
  let im = y;
  for (let n = 0; n < p.itermax; n++) {
    const nextIm = re * im + im * re + ci;
    const nextRe = re * re - im * im + cr;
    re = nextRe;
    im = nextIm;
    const norm = re * re + im * im;
    if (norm >= t2) return [n, norm];
  }
  return [p.itermax, 0];
}

function assertSpec(image: JuliaImage, p: Params): void {
  assert.equal(image.width, p.resolution);
  assert.equal(image.height, Math.trunc((p.resolution * (p.yMax - p.yMin)) / (p.xMax - p.xMin)));
  assert.equal(image.counts.constructor, p.itermax > 65535 ? Uint32Array : Uint16Array);
  const xs = linspace(p.xMin, p.xMax, image.width);
  const ys = linspace(p.yMax, p.yMin, image.height);
  // numpy's linspace keeps both ends (one element: the start).
  assert.ok(xs[0] === p.xMin && xs[xs.length - 1] === p.xMax && ys[0] === p.yMax && (ys.length === 1 || ys[ys.length - 1] === p.yMin), 'grid ends');
  for (let row = 0; row < image.height; row++) {
    for (let col = 0; col < image.width; col++) {
      const [count, norm] = specPixel(xs[col], ys[row], p);
      const i = row * image.width + col;
      assert.equal(image.counts[i], count, `pixel (${col}, ${row}) at ${xs[col]} + ${ys[row]}i`);
      if (image.norms) assert.ok(Object.is(image.norms[i], norm), `norm of pixel (${col}, ${row}): ${image.norms[i]} vs ${norm}`);
    }
  }
  const values = juliaValues(image);
  for (let i = 0; i < values.length; i++) assert.ok(values[i] >= 0 && values[i] <= 1, `value ${values[i]} of pixel ${i}`);
}

export const properties: Property<unknown>[] = [
  property('juliaSync, julia and juliaGrey agree on every backend and follow the spec pixel by pixel', 40, params, async (p) => {
    let image: JuliaImage;
    try {
      image = juliaSync({ ...p, backend: 'js' });
    } catch {
      for (const b of eachBackend()) await assertUsageError(`juliaSync on ${b.name}`, () => juliaSync({ ...p, ...b.options }));
      return; // a region too thin or too tall for the resolution: refused everywhere alike
    }
    const sync = await agreeOnEveryBackend('juliaSync', (o) => juliaSync({ ...p, ...o }), sameImage);
    await agreeOnEveryBackend('julia', (o) => julia({ ...p, ...o }), (_, b) => sameImage(sync, b));
    assert.equal(sameImage(image, sync), undefined);
    assertSpec(sync, p);
    const grey = await agreeOnEveryBackend('juliaGrey', (o) => juliaGrey(sync, o), (a, b) => { const i = firstDifference(a, b); return i < 0 ? undefined : `grey[${i}]`; });
    const values = juliaValues(sync);
    for (let i = 0; i < grey.length; i++) assert.equal(grey[i], Math.floor(values[i] * 255), `grey level of pixel ${i}`);
  }),

  property('juliaPng and juliaPngSync on every backend hold exactly the grey levels or the colours', 25,
    fc.tuple(params.filter((p) => p.resolution <= 24), fc.constantFrom(undefined, 'grey', 'viridis', 'magma', 'inferno', 'classic'), fc.boolean(),
      fc.constantFrom<object>({}, { fast: true }, { level: 0 }, { level: 9 })),
    async ([p, colormap, smooth, compression]) => {
      let image: JuliaImage;
      try {
        image = juliaSync({ ...p, smooth, backend: 'js' });
      } catch {
        return; // refused parameters: the property above covers them
      }
      const colour = colormap !== undefined && colormap !== 'grey';
      let rgb: Uint8Array;
      try {
        rgb = juliaRgb(image, { colormap: colour ? colormap : 'grey', smooth, backend: 'js' });
      } catch {
        // e.g. smooth colouring with a threshold of at most 1: refused, and the PNG alike
        for (const b of eachBackend()) {
          const options = { ...(colormap ? { colormap } : {}), smooth, ...compression, ...b.options };
          await assertUsageError(`juliaPngSync on ${b.name}`, () => juliaPngSync(image, options));
          await assertUsageError(`juliaPng on ${b.name}`, () => juliaPng(image, options));
        }
        return;
      }
      const expected = colour ? rgb : smooth ? rgb.filter((_, i) => i % 3 === 0) : juliaGrey(image, { backend: 'js' });
      for (const b of eachBackend()) {
        const options = { ...(colormap ? { colormap } : {}), smooth, ...compression, ...b.options };
        for (const png of [juliaPngSync(image, options), await juliaPng(image, options)]) {
          const decoded = decodePng(png);
          assert.deepEqual([decoded.width, decoded.height, decoded.channels], [image.width, image.height, colour ? 3 : 1], `PNG header on ${b.name}`);
          const i = firstDifference(decoded.pixels, expected);
          assert.equal(i, -1, `PNG on ${b.name} (${JSON.stringify(options)}): byte ${i} is ${decoded.pixels[i]}, the pixels say ${expected[i]}`);
        }
      }
    }),

  property('bad parameters are a TypeError or RangeError on every backend', 60,
    fc.record({
      c: fc.constantFrom<unknown>(undefined, [0, 0], [NaN, 0], [0], { re: 1, im: Infinity }, 'x'),
      xMin: fc.constantFrom<unknown>(undefined, -1, 1, NaN, -Infinity, -1.7e308),
      xMax: fc.constantFrom<unknown>(undefined, 1, -1, Infinity, 1.7e308),
      resolution: fc.constantFrom<unknown>(undefined, 0, 1, 2, 3.5, -4, NaN, 1e7, 1e12, '8'),
      itermin: fc.constantFrom<unknown>(undefined, 0, -1, 5, 2.5, 100, 2 ** 32),
      itermax: fc.constantFrom<unknown>(undefined, 0, 1, 5, 2 ** 32, NaN),
      threshold: fc.constantFrom<unknown>(undefined, 0, -2, NaN, Infinity, 2),
      smooth: fc.constantFrom<unknown>(undefined, true, 1),
    }, { requiredKeys: [] }),
    async (options) => {
      const o = { resolution: 8, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as JuliaRenderOptions;
      let accepted = true;
      try {
        juliaSync({ ...o, backend: 'js' });
      } catch {
        accepted = false;
      }
      for (const b of eachBackend()) {
        if (accepted) {
          assert.equal(sameImage(juliaSync({ ...o, backend: 'js' }), juliaSync({ ...o, ...b.options })), undefined, `juliaSync on ${b.name}`);
          continue;
        }
        await assertUsageError(`juliaSync on ${b.name}`, () => juliaSync({ ...o, ...b.options }));
        await assertUsageError(`julia on ${b.name}`, () => julia({ ...o, ...b.options }));
      }
    }),
];
