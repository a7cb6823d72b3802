/**
 * A rendered image to PNG bytes: grey as the seed, or colour through a colormap, with the render
 * parameters in tEXt chunks (and the `hotloop julia` command that reproduces the image).
 */
import type { BackendOptions } from '../backend.js';
import { invalidRange, invalidType } from '../errors.js';
import { BACKEND_OPTIONS, defineOptions } from '../options.js';
import { type PngImage, type PngOptions, encodePng, encodePngSync } from '../png/encode.js';
import type { ColormapName } from './colormap.js';
import type { ResolvedJuliaParameters } from './params.js';
import { type ColorOptions, juliaGrey, juliaRgb } from './pixels.js';
import type { JuliaImage } from './render.js';

export interface JuliaPngOptions extends ColorOptions, BackendOptions {
  /**
   * zlib level 0..9 with zlib's standard strategy and no row filter. Without it (the default), rows
   * are Up-filtered and zlib uses run lengths only: on the seed's image as small as level 6
   * (2.41 vs 2.38 MB) in about a third of the time.
   */
  level?: number;
  /** Minimal compression, as the seed CLI's --fast: run lengths at level 1, no filter; bigger file, least time. */
  fast?: boolean;
}

/** The encoder settings for the PNG options above. */
function compression(opts: JuliaPngOptions): Pick<PngOptions, 'level' | 'strategy' | 'filter'> {
  if (opts.fast) return { level: 1, strategy: 'rle', filter: 'none' };
  if (opts.level !== undefined) return { level: opts.level, strategy: 'default', filter: 'none' };
  return { level: 6, strategy: 'rle', filter: 'up' };
}

const OPTIONS = defineOptions<JuliaPngOptions>()({ colormap: undefined, smooth: undefined, level: undefined, fast: undefined, ...BACKEND_OPTIONS });

/** The `hotloop julia` command line that renders this image again. */
export function juliaCommand(p: ResolvedJuliaParameters, colormap?: ColormapName, smooth?: boolean): string {
  const im = p.c.im < 0 || Object.is(p.c.im, -0) ? `-${-p.c.im}` : `+${p.c.im}`;
  const flags = [`-c=${p.c.re}${im}i`, `-x=${p.xMin}`, `-X=${p.xMax}`, `-y=${p.yMin}`, `-Y=${p.yMax}`, `-m=${p.itermin}`, `-M=${p.itermax}`, `-R=${p.resolution}`];
  if (p.threshold !== 2) flags.push(`--threshold=${p.threshold}`);
  if (colormap) flags.push(`--colormap=${colormap}`);
  if (smooth) flags.push('--smooth');
  return `hotloop julia ${flags.join(' ')}`;
}

function prepare(image: JuliaImage, options: JuliaPngOptions | undefined, fn: string): { png: PngImage; pngOptions: PngOptions } {
  const opts = OPTIONS.read(fn, options);
  if (opts.fast !== undefined && typeof opts.fast !== 'boolean') throw invalidType('fast', 'boolean', opts.fast);
  if (opts.fast && opts.level !== undefined) throw invalidRange('level', 'no level together with fast: true', opts.level);
  const colour = opts.colormap !== undefined && opts.colormap !== 'grey';
  let pixels: Uint8Array;
  if (colour) {
    pixels = juliaRgb(image, opts);
  } else if (opts.smooth) {
    // Smooth grey: the grey map's channels are equal, keep one.
    const rgb = juliaRgb(image, { colormap: 'grey', smooth: true, backend: opts.backend, threads: opts.threads });
    pixels = new Uint8Array(rgb.length / 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = rgb[3 * i];
  } else {
    pixels = juliaGrey(image, { backend: opts.backend, threads: opts.threads });
  }
  const text = {
    Title: 'Julia set of z^2 + c',
    Software: 'hotloop',
    Parameters: JSON.stringify({ ...image.parameters, colormap: opts.colormap ?? 'grey', smooth: opts.smooth ?? false }),
    Comment: juliaCommand(image.parameters, colour ? opts.colormap : undefined, opts.smooth),
  };
  return {
    png: { width: image.width, height: image.height, channels: colour ? 3 : 1, pixels },
    pngOptions: { ...compression(opts), text, backend: opts.backend, threads: opts.threads },
  };
}

/**
 * PNG bytes of a rendered image: 8-bit grey as the seed by default, RGB with `colormap`; the
 * parameters are in the file's tEXt chunks. Compresses bands of rows in parallel.
 *
 * @example
 * const png = await juliaPng(await julia({ resolution: 1000, smooth: true }), { colormap: 'magma', smooth: true });
 * await fs.writeFile('julia.png', png);
 */
export async function juliaPng(image: JuliaImage, options?: JuliaPngOptions): Promise<Uint8Array> {
  const { png, pngOptions } = prepare(image, options, 'juliaPng');
  return encodePng(png, pngOptions);
}

/**
 * Sync form of {@link juliaPng}: one zlib stream on this thread.
 *
 * @example
 * const png = juliaPngSync(juliaSync({ resolution: 400 }), { fast: true });
 */
export function juliaPngSync(image: JuliaImage, options?: JuliaPngOptions): Uint8Array {
  const { png, pngOptions } = prepare(image, options, 'juliaPngSync');
  return encodePngSync(png, pngOptions);
}
