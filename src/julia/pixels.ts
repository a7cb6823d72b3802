/**
 * From escape counts to pixels: the seed's normalised values, its grey levels, and colour through a
 * colormap, optionally smooth (continuous escape time instead of whole counts).
 */
import type { BackendOptions } from '../host.js';
import { invalidRange, invalidType } from '../errors.js';
import { byBackend, nativeAddon, syncCall, wasmFunction } from '../kernel.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { type ColormapName, checkColormap, colormapTable } from './colormap.js';
import { greyLevel, rgbOfGreyInto, smoothRgbInto } from './colour.js';
import type { JuliaImage } from './render.js';

/**
 * The seed's `over()` output: `(max(count, itermin) - itermin) / (itermax - itermin)` per pixel,
 * in [0, 1], with numpy's operation order so the doubles are the seed's bit for bit.
 *
 * @example
 * const values = juliaValues(juliaSync({ resolution: 400 })); // Float64Array(160000)
 */
export function juliaValues(image: JuliaImage): Float64Array {
  const { counts } = checkImage(image);
  const { itermin, itermax } = image.parameters;
  const span = itermax - itermin;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = (Math.max(counts[i], itermin) - itermin) / span;
  return out;
}

const GREY_OPTIONS = defineOptions<BackendOptions>()({ ...BACKEND_OPTIONS });

/**
 * Grey levels `floor(value * 255)` (black: escaped within itermin iterations; white: never escaped),
 * the seed's 8-bit image, rows from the top. A table look-up per pixel, natively on every core
 * when the addon is loaded.
 *
 * @example
 * const grey = juliaGrey(juliaSync({ resolution: 400 })); // Uint8Array(160000)
 */
export function juliaGrey(image: JuliaImage, options?: BackendOptions): Uint8Array {
  const { counts } = checkImage(image);
  const call = syncCall(GREY_OPTIONS.read('juliaGrey', options));
  const { itermin, itermax } = image.parameters;
  const level = (count: number) => greyLevel(count, itermin, itermax);
  const out = new Uint8Array(counts.length);
  if (counts instanceof Uint16Array) {
    // One level per possible count: each pixel costs a look-up instead of a division.
    const table = new Uint8Array(itermax + 1);
    for (let c = 0; c <= itermax; c++) table[c] = level(c);
    byBackend(call, {
      native: () => nativeAddon(call).juliaLevels(counts, table, out, call.threads),
      js: () => levelsJs(counts, table, out),
      wasm: () => void wasmFunction(call, 'juliaLevels', { inputs: [counts, table], outputs: [out], scalars: [] }),
    });
  } else {
    for (let i = 0; i < counts.length; i++) out[i] = level(counts[i]);
  }
  return out;
}

export interface ColorOptions extends BackendOptions {
  /** One of 'grey', 'viridis', 'magma', 'inferno', 'classic' (default 'viridis'). */
  colormap?: ColormapName;
  /**
   * Continuous colouring: an escaped pixel's position is `n + 1 - log2(ln|z|^2 / (2 ln threshold))`
   * instead of its whole count n, so bands blend. Needs an image rendered with `smooth: true` and a
   * threshold above 1.
   */
  smooth?: boolean;
}

/**
 * RGB pixels (3 bytes each, rows from the top) through a colormap.
 *
 * @example
 * const image = juliaSync({ resolution: 400, smooth: true });
 * const rgb = juliaRgb(image, { colormap: 'magma', smooth: true }); // Uint8Array(480000)
 */
export function juliaRgb(image: JuliaImage, options: ColorOptions = {}): Uint8Array {
  const { counts } = checkImage(image);
  const table = colormapTable(checkColormap(options.colormap ?? 'viridis'));
  if (options.smooth !== undefined && typeof options.smooth !== 'boolean') throw invalidType('smooth', 'boolean', options.smooth);
  const out = new Uint8Array(3 * counts.length);
  if (!options.smooth) {
    rgbOfGreyInto(juliaGrey(image, { backend: options.backend, threads: options.threads }), table, out);
    return out;
  }
  const { norms } = image;
  if (!norms) throw new TypeError('Expected an image rendered with smooth: true for smooth colouring but received one without norms');
  const { itermin, itermax, threshold } = image.parameters;
  checkSmoothThreshold(threshold);
  smoothRgbInto(counts, norms, itermin, itermax, threshold, table, out);
  return out;
}

function checkImage(image: JuliaImage): JuliaImage {
  const ok =
    image !== null && typeof image === 'object' && (image.counts instanceof Uint16Array || image.counts instanceof Uint32Array) &&
    Number.isInteger(image.width) && Number.isInteger(image.height) && image.counts.length === image.width * image.height &&
    (image.norms === undefined || (image.norms instanceof Float64Array && image.norms.length === image.counts.length)) &&
    image.parameters !== null && typeof image.parameters === 'object';
  if (!ok) throw invalidType('image', 'the result of julia() or juliaSync()', image);
  return image;
}

function levelsJs(counts: Uint16Array, table: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < counts.length; i++) out[i] = table[counts[i]];
}

/** Smooth colouring divides by ln(threshold) (colour.ts's smoothRgbInto): the threshold must be above 1. */
export function checkSmoothThreshold(threshold: number): void {
  if (!(threshold > 1)) throw invalidRange('threshold', 'number greater than 1 (smooth colouring)', threshold);
}
