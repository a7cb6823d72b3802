// julia (seed 004): counts exact across backends, thread counts and vector units; the seed's grid,
// values and grey levels; numpy agreement; PNG structure; validation; cancellation and progress.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import {
  COLORMAPS,
  ComplexRegion,
  JuliaDiv,
  colormapTable,
  encodePng,
  encodePngSync,
  julia,
  juliaGrey,
  juliaPng,
  juliaPngSync,
  juliaRgb,
  juliaSync,
  juliaValues,
  linspace,
  type JuliaImage,
  type JuliaOptions,
  nativeInfo,
} from '../src/index.js';
import { calibrationAddon } from '../bench/calibrate.js';
import { backendHooks, backends, nativeAvailable, sameBits } from './backends.js';

const repo = new URL('../', import.meta.url).pathname;

/** The seed's per-pixel `divergence`, written independently with complex arithmetic as the oracle. */
function divergence(z: [number, number], c: [number, number], threshold: number, itermax: number): number {
  let [re, im] = z;
  for (let i = 0; i < itermax; i++) {
    const sq: [number, number] = [re * re - im * im, re * im + im * re];
    [re, im] = [sq[0] + c[0], sq[1] + c[1]];
    if (re * re + im * im >= threshold * threshold) return i;
  }
  return itermax;
}

function sameCounts(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface PngParts {
  ihdr: { width: number; height: number; depth: number; colorType: number };
  text: Record<string, string>;
  raw: Buffer;
}

function readPng(bytes: Uint8Array): PngParts {
  const buf = Buffer.from(bytes);
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const idat: Buffer[] = [];
  const text: Record<string, string> = {};
  let ihdr: PngParts['ihdr'] | undefined;
  const types: string[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    assert.equal(buf.readUInt32BE(at + 8 + length), zlib.crc32(buf.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    types.push(type);
    if (type === 'IHDR') ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], colorType: data[9] };
    if (type === 'IDAT') idat.push(data);
    if (type === 'tEXt') {
      const nul = data.indexOf(0);
      text[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    }
    at += 12 + length;
  }
  assert.equal(types[0], 'IHDR');
  assert.equal(types[types.length - 1], 'IEND');
  assert.ok(ihdr);
  return { ihdr, text, raw: zlib.inflateSync(Buffer.concat(idat)) };
}

/** Pixels of PNG scanlines with filter None (0) or Up (2), the two the encoder writes. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    assert.ok(filter === 0 || filter === 2, `filter ${filter} on row ${y}`);
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x];
      out[y * stride + x] = filter === 2 ? byte + out[(y - 1) * stride + x] : byte;
    }
  }
  return out;
}

describe('julia grid (ComplexRegion)', () => {
  it("is numpy's linspace, bit for bit", () => {
    // Values printed by numpy 2.4: np.linspace(-0.1, 0.1, 5), np.linspace(0.1, -0.1, 5), np.linspace(-1.6, 1.6, 7)
    assert.deepEqual([...linspace(-0.1, 0.1, 5)], [-0.1, -0.05, 0, 0.05000000000000002, 0.1]);
    assert.deepEqual([...linspace(0.1, -0.1, 5)], [0.1, 0.05, 0, -0.05000000000000002, -0.1]);
    assert.deepEqual([...linspace(-1.6, 1.6, 7)], [-1.6, -1.0666666666666669, -0.5333333333333334, 0, 0.5333333333333332, 1.0666666666666664, 1.6]);
    assert.deepEqual([...linspace(3, 7, 1)], [3]);
  });

  it('rejects a bad num with a RangeError naming it', () => {
    for (const num of [-1, 2.5, Number.NaN, 2 ** 33]) assert.throws(() => linspace(0, 1, num), { name: 'RangeError', message: /for num but received/ });
    assert.throws(() => linspace(0, 1, '3' as never), { name: 'TypeError', message: /for num/ });
  });

  it("has the seed's size: width = R, height = trunc(R * dy / dx), row 0 at yMax", () => {
    assert.deepEqual(new ComplexRegion(-1.6, 1.6, -1, 1).size(1000), { width: 1000, height: 625 });
    const { width, height, xs, ys } = new ComplexRegion().build(4000);
    assert.equal(width, 4000);
    assert.equal(height, 4000);
    assert.equal(xs[0], -0.1);
    assert.equal(ys[0], 0.1);
    assert.equal(ys[height - 1], -0.1);
  });

  it('rejects empty, inverted, non-finite and unallocatable regions', () => {
    assert.throws(() => new ComplexRegion(0.1, -0.1), RangeError);
    assert.throws(() => new ComplexRegion(0, 0), /greater than xMin/);
    assert.throws(() => new ComplexRegion(-1, 1, 1, -1), /yMax/);
    assert.throws(() => new ComplexRegion(Number.NaN), RangeError);
    assert.throws(() => new ComplexRegion('0' as unknown as number), TypeError);
    assert.throws(() => new ComplexRegion(-1e308, 1e308), /finite/);
    assert.throws(() => new ComplexRegion(-1, 1, 0, 1e-9).size(100), /height between 1/);
    assert.throws(() => new ComplexRegion().size(1), /resolution/);
    assert.throws(() => new ComplexRegion().size(100_000), /pixels in all/);
  });
});

for (const b of backends) {
  const { name, options } = b;
  describe(`julia counts (${name})`, () => {
    backendHooks(b);

    it('gives the TypeScript counts at this vector unit', () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const hash = (counts: ArrayLike<number>) => {
        let h = 0;
        for (let i = 0; i < counts.length; i++) h = (Math.imul(h, 31) + counts[i]) | 0;
        return h;
      };
      const region = { resolution: 333, xMin: -0.7, xMax: 0.7, yMin: -0.5, yMax: 0.5 };
      assert.equal(hash(juliaSync({ ...region, ...options, threads: 3 }).counts), hash(juliaSync({ ...region, backend: 'js' }).counts));
    });

    // Edge cases of the vector kernels (julia_stream.h): rows and ranges ending mid-slot, itermax
    // below the escape-test interval, orbits that re-enter the disk, overflow, Uint32 counts; counts
    // and norms bit for bit, and the bench's kernels (bench/calibrate.ts) on the same path.
    it('edge cases agree with TypeScript at this vector unit, and so do the bench kernels', () => {
      if (b.simd) assert.equal(nativeInfo()!.simd, b.simd);
      const wide = { xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1 };
      const cases: Record<string, JuliaOptions> = {
        'seed region': { resolution: 333 },
        ...Object.fromEntries([2, 3, 7, 9, 15, 17, 31, 33, 65, 130].map((r) => [`wide, R=${r}`, { ...wide, resolution: r, itermin: 0, itermax: 80 }])),
        ...Object.fromEntries([1, 2, 3, 5, 6, 7, 9].map((m) => [`itermax ${m}`, { ...wide, resolution: 70, itermin: 0, itermax: m }])),
        'threshold 0.5': { ...wide, resolution: 90, threshold: 0.5, itermin: 0, itermax: 50 },
        'threshold 1e10': { ...wide, resolution: 90, threshold: 1e10, itermin: 0, itermax: 60 },
        'threshold 1e200 (t^2 overflows)': { ...wide, resolution: 90, threshold: 1e200, itermin: 0, itermax: 60 },
        'c overflows at once': { ...wide, resolution: 40, c: [1e300, -1e300], itermin: 0, itermax: 10 },
        'counts above 65535 (Uint32)': { resolution: 9, itermin: 0, itermax: 70_000 },
      };
      for (const [caseName, caseOptions] of Object.entries(cases)) {
        const js = juliaSync({ ...caseOptions, smooth: true, backend: 'js' });
        for (const threads of [1, 3]) {
          const here = juliaSync({ ...caseOptions, ...options, smooth: true, threads });
          assert.equal(here.counts.constructor, js.counts.constructor, caseName);
          assert.ok(sameCounts(here.counts, js.counts), `${caseName}, ${threads} threads`);
          assert.ok(sameBits(here.norms as Float64Array, js.norms as Float64Array), `${caseName} norms, ${threads} threads`);
          assert.ok(sameCounts(juliaSync({ ...caseOptions, ...options, threads }).counts, js.counts), `${caseName} without norms`);
        }
      }
      if (!b.simd) return;
      // The bench's kernels on this path: juliaKernel and (from AVX2 up) the plain loop give the
      // reference counts; the peak loop does exactly chains * lanes * iterations lane-iterations.
      const addon = calibrationAddon();
      const lanes = { scalar: 1, avx2: 4, avx512: 8 }[b.simd];
      for (const resolution of [2, 17, 100]) {
        const { xs, ys } = new ComplexRegion(-1.6, 1.6, -1, 1).build(resolution);
        const js = juliaSync({ ...wide, resolution, itermin: 0, itermax: 70, backend: 'js' }).counts;
        const counts = new Uint16Array(js.length);
        addon.juliaKernel(xs, ys, counts, -0.835, -0.2321, 4, 70, 3);
        assert.ok(sameCounts(counts, js), `juliaKernel, R=${resolution}`);
        if (b.simd !== 'scalar') {
          const plain = new Uint16Array(js.length);
          addon.juliaPlain(xs, ys, plain, -0.835, -0.2321, 4, 70, 3);
          assert.ok(sameCounts(plain, js), `juliaPlain, R=${resolution}`);
        }
      }
      assert.ok(addon.juliaPeakChains().every((chains) => addon.juliaPeak(b.simd!, chains, 1000, 2) === 2 * 1000 * chains * lanes));
    });

    it("takes c as the CLI's text: '-0.8+0.156i' and '-0.8,0.156' render as [-0.8, 0.156]", () => {
      const region = { xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 64, itermin: 0, itermax: 60 };
      const expected = juliaSync({ ...options, ...region, c: [-0.8, 0.156] });
      for (const c of ['-0.8+0.156i', '-0.8,0.156', ' -0.8 + 0.156i ', '-8e-1+1.56E-1i']) {
        const image = juliaSync({ ...options, ...region, c });
        assert.deepEqual(image.parameters.c, { re: -0.8, im: 0.156 }, c);
        assert.ok(sameCounts(image.counts, expected.counts), c);
      }
      for (const c of ['0x1+2i', '1+2j', '', 'i+1', '1,2,3']) assert.throws(() => juliaSync({ ...options, resolution: 4, c }), { name: 'TypeError', message: /for c but received/ }, c);
    });

    it("matches the seed's per-pixel divergence on the seed's overview", () => {
      const c: [number, number] = [-0.835, -0.2321];
      const image = juliaSync({ ...options, xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, resolution: 160, itermin: 0, itermax: 80 });
      assert.equal(image.height, 100);
      assert.ok(image.counts instanceof Uint16Array);
      const { xs, ys } = new ComplexRegion(-1.6, 1.6, -1, 1).build(160);
      const expected = new Uint16Array(image.counts.length);
      for (let j = 0; j < ys.length; j++) for (let i = 0; i < xs.length; i++) expected[j * xs.length + i] = divergence([xs[i], ys[j]], c, 2, 80);
      assert.ok(sameCounts(image.counts, expected));
      let inside = 0;
      for (const v of image.counts) if (v === 80) inside++;
      assert.ok(inside > 10 && inside < image.counts.length / 2, `a filled set, not a blank image (${inside} inside)`);
    });

    it('equals the TypeScript reference for random parameters (property)', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: -2, max: 1.9, noNaN: true }),
          fc.double({ min: 0.01, max: 2, noNaN: true }),
          fc.integer({ min: 2, max: 70 }),
          fc.integer({ min: 1, max: 300 }),
          fc.double({ min: 0.5, max: 4, noNaN: true }),
          (cr, ci, x0, span, resolution, itermax, threshold) => {
            const params = { c: [cr, ci] as const, xMin: x0, xMax: x0 + span, yMin: -span / 2, yMax: span / 2, resolution, itermin: 0, itermax, threshold };
            const ours = juliaSync({ ...params, ...options, smooth: true });
            const ref = juliaSync({ ...params, backend: 'js', smooth: true });
            return sameCounts(ours.counts, ref.counts) && sameBits(ours.norms!, ref.norms!);
          },
        ),
        { numRuns: 60, seed: 4 },
      );
    });

    it('gives the same counts at every thread count on the seed image, and smooth norms only where escaped', () => {
      const image = juliaSync({ ...options, resolution: 600, smooth: true });
      const ref = juliaSync({ resolution: 600, backend: 'js', smooth: true });
      assert.ok(sameCounts(image.counts, ref.counts));
      assert.ok(sameBits(image.norms!, ref.norms!));
      for (let i = 0; i < image.counts.length; i++) {
        const norm = image.norms![i];
        assert.ok(image.counts[i] === 100 ? norm === 0 : norm >= 4, `pixel ${i}`);
      }
    });

    it('agrees with the reference on extreme inputs (overflow, tiny regions, huge threshold)', () => {
      const cases = [
        { c: [1e300, -1e300] as const, xMin: -1e200, xMax: 1e200, yMin: -1e200, yMax: 1e200 },
        { c: [0, 0] as const, xMin: -1e-300, xMax: 1e-300, yMin: -1e-300, yMax: 1e-300 },
        { c: [-0.835, -0.2321] as const, threshold: 1e200 },
        { c: [-2, 0] as const, threshold: 1e-3, xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
      ];
      for (const params of cases) {
        const ours = juliaSync({ ...params, resolution: 40, itermin: 0, itermax: 300, smooth: true, ...options });
        const ref = juliaSync({ ...params, resolution: 40, itermin: 0, itermax: 300, smooth: true, backend: 'js' });
        assert.ok(sameCounts(ours.counts, ref.counts), JSON.stringify(params));
        assert.ok(sameBits(ours.norms!, ref.norms!), JSON.stringify(params));
      }
    });

    it('switches to Uint32Array counts above 65535 iterations', () => {
      // c = 0: |z0| < 1 never escapes, |z0| >= 1 escapes within a few squarings.
      const image = juliaSync({ ...options, c: { re: 0, im: 0 }, xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5, resolution: 7, itermin: 0, itermax: 70_000 });
      assert.ok(image.counts instanceof Uint32Array);
      assert.equal(image.counts[3 * 7 + 3], 70_000);
      assert.ok(image.counts[0] < 5);
    });

    it('async julia() equals juliaSync and reports progress up to 1', async () => {
      const fractions: number[] = [];
      const image = await julia({ ...options, resolution: 300, onProgress: (f) => fractions.push(f) });
      assert.ok(sameCounts(image.counts, juliaSync({ ...options, resolution: 300 }).counts));
      assert.equal(fractions[fractions.length - 1], 1);
      for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1]);
    });

    it('stops promptly and rejects with an AbortError when cancelled', async () => {
      const controller = new AbortController();
      const started = performance.now();
      const render = julia({ ...options, resolution: 4000, itermax: 2000, signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(render, { name: 'AbortError' });
      assert.ok(performance.now() - started < 2000, 'cancelled within 2 s (a full render takes far longer)');
      await assert.rejects(julia({ ...options, resolution: 10, signal: AbortSignal.abort() }), { name: 'AbortError' });
    });

    it('grey levels and colours are the same on every backend', () => {
      const image = juliaSync({ ...options, resolution: 300, smooth: true });
      const grey = juliaGrey(image, options);
      const values = juliaValues(image);
      for (let i = 0; i < grey.length; i++) assert.equal(grey[i], Math.floor(values[i] * 255));
      assert.deepEqual(juliaRgb(image, { colormap: 'magma', ...options }), juliaRgb(image, { colormap: 'magma', backend: 'js' }));
    });

    it('JuliaDiv#over is the seed over(): values from counts', async () => {
      const div = new JuliaDiv({ resolution: 200 });
      const region = new ComplexRegion(-0.1, 0.1, -0.1, 0.1);
      const values = await div.over(region, options);
      const { counts } = juliaSync({ ...options, resolution: 200 });
      assert.ok(sameBits(values, div.overSync(region, options)));
      for (let i = 0; i < counts.length; i++) assert.equal(values[i], (Math.max(counts[i], 20) - 20) / 80);
    });
  });
}

describe('julia against numpy (the seed program)', () => {
  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  it('agrees pixel for pixel: counts and grey levels', { skip: python.status !== 0 ? 'python3 with numpy not found' : false }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-julia-'));
    try {
      for (const [args, params] of [
        [['-R', '400'], { resolution: 400 }],
        [['-R', '320', '--region', '-1.6', '1.6', '-1', '1', '-m', '0', '-M', '80'], { resolution: 320, xMin: -1.6, xMax: 1.6, yMin: -1, yMax: 1, itermin: 0, itermax: 80 }],
      ] as const) {
        const counts = path.join(dir, 'counts.bin');
        const grey = path.join(dir, 'grey.bin');
        const run = spawnSync('python3', [path.join(repo, 'bench/python/julia_seed.py'), ...args, '--out', counts, '--grey-out', grey], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const image = juliaSync(params);
        const theirs = new Uint32Array(new Uint8Array(readFileSync(counts)).buffer);
        assert.ok(sameCounts(image.counts, theirs), 'counts equal numpy');
        assert.deepEqual(juliaGrey(image), new Uint8Array(readFileSync(grey)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('julia pixels and PNG', () => {
  const image: JuliaImage = juliaSync({ resolution: 120, smooth: true });

  it('grey levels are floor(value * 255)', () => {
    const values = juliaValues(image);
    const grey = juliaGrey(image);
    for (let i = 0; i < grey.length; i++) assert.equal(grey[i], Math.floor(values[i] * 255));
    assert.ok(grey.includes(0) && grey.includes(255));
  });

  it('writes a grey PNG with the parameters as text, sync and parallel alike', async () => {
    for (const bytes of [juliaPngSync(image), await juliaPng(image), await juliaPng(image, { fast: true }), await juliaPng(image, { level: 9 })]) {
      const { ihdr, text, raw } = readPng(bytes);
      assert.deepEqual(ihdr, { width: 120, height: 120, depth: 8, colorType: 0 });
      assert.deepEqual(unfilter(raw, 120, 120, 1), juliaGrey(image));
      const parameters = JSON.parse(text.Parameters);
      assert.deepEqual(parameters.c, { re: -0.835, im: -0.2321 });
      assert.equal(parameters.itermax, 100);
      assert.equal(text.Comment, 'hotloop julia -c=-0.835-0.2321i -x=-0.1 -X=0.1 -y=-0.1 -Y=0.1 -m=20 -M=100 -R=120');
    }
  });

  it('compresses large images in parallel bands into one valid stream', async () => {
    const width = 1500;
    const height = 2000;
    const pixels = new Uint8Array(width * height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + (i >> 11)) & 0xff;
    const rgb = new Uint8Array(3 * 700 * 900).map((_, i) => (i * 13) ^ (i >> 9));
    for (const backend of backends) {
      for (const options of [{ level: 1 }, { strategy: 'rle', filter: 'up' }, { level: 0 }] as const) {
        const png = await encodePng({ width, height, channels: 1, pixels }, { ...options, ...backend.options });
        assert.deepEqual(unfilter(readPng(png).raw, width, height, 1), pixels, backend.name);
      }
      const png = await encodePng({ width: 700, height: 900, channels: 3, pixels: rgb }, { filter: 'up', ...backend.options });
      assert.deepEqual(unfilter(readPng(png).raw, 700, 900, 3), rgb, backend.name);
    }
    assert.deepEqual(unfilter(readPng(encodePngSync({ width, height, channels: 1, pixels })).raw, width, height, 1), pixels);
  });

  it('colours through every colormap, smooth or not', async () => {
    for (const colormap of COLORMAPS) {
      const table = colormapTable(colormap);
      assert.equal(table.length, 768);
      for (const smooth of [false, true]) {
        const rgb = juliaRgb(image, { colormap, smooth });
        assert.equal(rgb.length, 3 * 120 * 120);
        const { ihdr, raw } = readPng(await juliaPng(image, { colormap, smooth }));
        assert.equal(ihdr.colorType, colormap === 'grey' ? 0 : 2);
        if (colormap !== 'grey') assert.deepEqual(unfilter(raw, 120, 120, 3), rgb);
      }
    }
    // Whole-count colouring is the grey level looked up in the table.
    const viridis = colormapTable('viridis');
    const rgb = juliaRgb(image, { colormap: 'viridis' });
    const grey = juliaGrey(image);
    for (const i of [0, 777, 14399]) assert.deepEqual([...rgb.subarray(3 * i, 3 * i + 3)], [...viridis.subarray(3 * grey[i], 3 * grey[i] + 3)]);
  });

  it('smooth colouring blends between bands', () => {
    const flat = new Set<number>();
    const smooth = new Set<number>();
    const a = juliaRgb(image, { colormap: 'grey' });
    const b = juliaRgb(image, { colormap: 'grey', smooth: true });
    for (let i = 0; i < a.length; i += 3) {
      flat.add(a[i]);
      smooth.add(b[i]);
    }
    assert.ok(smooth.size > flat.size, `${smooth.size} smooth levels vs ${flat.size}`);
  });
});

describe('julia validation', () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['misspelled option', () => juliaSync({ resolutoin: 10 } as never), /did you mean 'resolution'/],
    ['itermin >= itermax', () => juliaSync({ itermin: 100, itermax: 100 }), /itermin/],
    ['negative itermin', () => juliaSync({ itermin: -1 }), /itermin/],
    ['fractional itermax', () => juliaSync({ itermax: 10.5 }), /itermax/],
    ['resolution < 2', () => juliaSync({ resolution: 1 }), /resolution/],
    ['resolution NaN', () => juliaSync({ resolution: Number.NaN }), /resolution/],
    ['resolution string', () => juliaSync({ resolution: '400' as never }), /resolution/],
    ['too many pixels', () => juliaSync({ resolution: 1_000_000 }), /pixels in all/],
    ['inverted region', () => juliaSync({ xMin: 1, xMax: -1 }), /xMax/],
    ['infinite bound', () => juliaSync({ yMax: Number.POSITIVE_INFINITY }), /yMax/],
    ['c of wrong shape', () => juliaSync({ c: [1] as never }), /for c/],
    ['c with NaN', () => juliaSync({ c: { re: Number.NaN, im: 0 } }), /c\.re/],
    ['threshold 0', () => juliaSync({ threshold: 0 }), /threshold/],
    ['smooth not boolean', () => juliaSync({ smooth: 1 as never }), /smooth/],
    ['threads 0', () => juliaSync({ threads: 0, resolution: 10 }), /threads/],
    ['backend name', () => juliaSync({ backend: 'gpu' as never }), /backend/],
    ['options not object', () => juliaSync(5 as never), /options/],
    ['PNG of something else', () => juliaPngSync({ width: 1 } as never), /image/],
    ['PNG level 10', () => juliaPngSync(juliaSync({ resolution: 4 }), { level: 10 }), /level/],
    ['PNG level and fast', () => juliaPngSync(juliaSync({ resolution: 4 }), { level: 3, fast: true }), /fast/],
    ['unknown colormap', () => juliaRgb(juliaSync({ resolution: 4 }), { colormap: 'jet' as never }), /colormap/],
    ['smooth without norms', () => juliaRgb(juliaSync({ resolution: 4 }), { smooth: true }), /smooth: true/],
    ['smooth with threshold 1', () => juliaRgb(juliaSync({ resolution: 4, threshold: 1, smooth: true }), { smooth: true }), /threshold/],
    ['JuliaDiv plane', () => new JuliaDiv({ resolution: 4 }).overSync({} as never), /plane/],
    ['PNG strategy', () => encodePngSync({ width: 1, height: 1, channels: 1, pixels: new Uint8Array(1) }, { strategy: 'huffman' as never }), /strategy/],
    ['PNG filter', () => encodePngSync({ width: 1, height: 1, channels: 1, pixels: new Uint8Array(1) }, { filter: 'paeth' as never }), /filter/],
    ['PNG keyword', () => encodePngSync({ width: 1, height: 1, channels: 1, pixels: new Uint8Array(1) }, { text: { '': 'x' } }), /keyword/],
    ['PNG misspelled option', () => encodePngSync({ width: 1, height: 1, channels: 1, pixels: new Uint8Array(1) }, { levle: 1 } as never), /did you mean 'level'/],
    ['PNG pixels length', () => encodePngSync({ width: 2, height: 2, channels: 1, pixels: new Uint8Array(3) }), /pixels/],
  ];
  for (const [what, call, message] of bad) {
    it(`rejects ${what} with a TypeError or RangeError naming it`, () => {
      assert.throws(call, (error: Error) => (error instanceof TypeError || error instanceof RangeError) && message.test(error.message));
    });
  }

  it('async forms reject the same way', async () => {
    await assert.rejects(julia({ itermin: 5, itermax: 5 }), RangeError);
    await assert.rejects(julia({ signal: 'stop' as never }), TypeError);
  });

  it('a native render with a huge itermax still cancels promptly (polled inside pixel groups)', { skip: nativeAvailable ? false : 'native addon not built' }, async () => {
    for (const threads of [1, 4]) {
      const controller = new AbortController();
      const started = performance.now();
      // c = 0: no pixel of the unit disk ever escapes, so without the poll this would run for hours.
      const render = julia({ backend: 'native', threads, c: [0, 0], xMin: -0.5, xMax: 0.5, yMin: -0.5, yMax: 0.5, resolution: 64, itermax: 4e9, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(render, { name: 'AbortError' });
      assert.ok(performance.now() - started < 3000);
    }
  });

  it('the native glue throws, never crashes, on wrong arguments', { skip: nativeAvailable ? false : 'native addon not built' }, async () => {
    const { nativeAddon } = await import('../src/backend.js');
    const addon = nativeAddon() as unknown as Record<string, (...args: unknown[]) => unknown>;
    const xs = new Float64Array(4);
    assert.throws(() => addon.juliaSync(xs, xs, new Uint16Array(3), undefined, 0, 0, 4, 10, 1), RangeError);
    assert.throws(() => addon.juliaSync(xs, xs, new Int16Array(16), undefined, 0, 0, 4, 10, 1), TypeError);
    assert.throws(() => addon.juliaSync(xs, xs, new Uint16Array(16), undefined, 0, 0, 4, 70000, 1), RangeError);
    assert.throws(() => addon.juliaSync(xs, [], new Uint16Array(16), undefined, 0, 0, 4, 10, 1), TypeError);
    assert.throws(() => addon.juliaSync(xs, xs, new Uint16Array(16), undefined, 0, 0, 4, -1, 1), RangeError);
    assert.throws(() => addon.juliaSync(xs, xs, new Uint16Array(16), new Float64Array(2), 0, 0, 4, 10, 1), RangeError);
    assert.throws(() => addon.juliaSync(), TypeError);
    assert.throws(() => addon.juliaLevels(Uint16Array.of(0, 5), new Uint8Array(5), new Uint8Array(2), 1), RangeError);
    assert.throws(() => addon.juliaLevels(Uint16Array.of(0, 1), new Uint8Array(5), new Uint8Array(3), 1), RangeError);
    assert.throws(() => addon.pngScanlines(new Uint8Array(6), new Uint8Array(7), 3, 2, 2, 1), RangeError);
    assert.throws(() => addon.pngScanlines(new Uint8Array(6), new Uint8Array(8), 3, 2, 1, 1), RangeError);
    assert.throws(() => addon.pngScanlines(new Uint8Array(6), new Uint8Array(8), 0, 2, 0, 1), RangeError);
    assert.equal(addon.pngScanlines(new Uint8Array(0 + 6), new Uint8Array(8), 3, 2, 0, 1), 0x00080001);
  });
});

describe('hotloop julia (CLI)', () => {
  const main = path.join(repo, 'src/cli/main.ts');
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, 'julia', ...args], { cwd: repo, encoding: 'utf8' });

  it('writes the PNG to standard output with -o -, and rejects an empty -o', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, 'julia', '-R', '40', '-o', '-'], { cwd: repo });
    assert.equal(run.status, 0, String(run.stderr));
    assert.deepEqual([...run.stdout.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.match(String(run.stderr), /^wrote -: 40x40/);
    const empty = cli(['-R', '40', '-o', '']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /-o expects a file path/);
  });

  it('parses c as a+bi or re,im', async () => {
    const { parseComplex } = await import('../src/cli/julia.js');
    assert.deepEqual(parseComplex('-c', '-0.835-0.2321i'), [-0.835, -0.2321]);
    assert.deepEqual(parseComplex('-c', '-0.835,-0.2321'), [-0.835, -0.2321]);
    assert.deepEqual(parseComplex('-c', '0.3+0.5i'), [0.3, 0.5]);
    assert.deepEqual(parseComplex('-c', '1e-3-2e-3i'), [0.001, -0.002]);
    assert.deepEqual(parseComplex('-c', '0.5i'), [0, 0.5]);
    assert.deepEqual(parseComplex('-c', '-0.7'), [-0.7, 0]);
    assert.deepEqual(parseComplex('-c', '1-i'), [1, -1]);
    for (const bad of ['', 'abc', '1+2j', '1,2,3', ',', '1+2i+3']) assert.throws(() => parseComplex('-c', bad), /-c expects/);
  });

  it("writes the seed's PNG with the seed's flags and reports it as JSON", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-julia-cli-'));
    try {
      const out = path.join(dir, 'j.png');
      const run = cli(['-x=-0.1', '-X', '0.1', '-y=-0.1', '-Y=0.1', '-m=20', '-M', '100', '-R', '90', '-c', '-0.835-0.2321i', '--fast', '-o', out, '--json']);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.output, out);
      assert.equal(report.width, 90);
      assert.ok(report.seconds.total > 0);
      const { ihdr, raw } = readPng(readFileSync(out));
      assert.equal(ihdr.width, 90);
      assert.deepEqual(unfilter(raw, 90, 90, 1), juliaGrey(juliaSync({ resolution: 90 })));
      assert.deepEqual(readdirSync(dir), ['j.png'], 'no temp file left behind');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad input with one line and exit code 2 (usage) or 1 (output), writing nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotloop-julia-cli-'));
    try {
      const out = path.join(dir, 'j.png');
      const cases: Array<[string[], number, RegExp]> = [
        [['-x', '1', '-X', '-1'], 2, /empty or inverted region/],
        [['-y', '0', '-Y', '0'], 2, /empty or inverted region/],
        [['-m', '100', '-M', '50'], 2, /-m/],
        [['-R', '1'], 2, /-R/],
        [['-R', '900000'], 2, /pixels in all/],
        [['-x', 'left'], 2, /-x expects a finite number/],
        [['-c', '1+2j'], 2, /-c expects/],
        [['--colormap', 'jet'], 2, /--colormap/],
        [['--fast', '--level', '3'], 2, /--fast or --level/],
        [['-o', path.join(dir, 'missing', 'j.png')], 1, /cannot write/],
        [['-o', dir], 1, /is a directory/],
      ];
      for (const [args, code, message] of cases) {
        // Small images unless the case is about -R; the default output unless it is about -o.
        const run = cli([...args, ...(args.includes('-o') ? [] : ['-o', out]), ...(args.includes('-R') ? [] : ['-R', '20'])]);
        assert.equal(run.status, code, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
        assert.match(run.stderr, /^hotloop: /);
      }
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
