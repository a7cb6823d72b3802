/**
 * What a Julia PNG says about itself and how it is compressed, with no dependency on Node: the
 * tEXt metadata (parameters as JSON, the `hotloop julia` command that renders it again) and the
 * compression settings of each option. image-png.ts and the browser explorer (web/) both use it,
 * so a PNG saved from the page is the CLI's PNG of the same view, byte for byte.
 */
import type { ColormapName } from './colormap.js';
import type { ResolvedJuliaParameters } from './params.js';

/** zlib settings of a Julia PNG: level 0..9, strategy and PNG row filter, as encodePng takes them. */
export interface JuliaCompression {
  level: number;
  strategy: 'default' | 'rle';
  filter: 'none' | 'up';
}

/**
 * The settings of the PNG options: `fast` is the seed CLI's --fast (run lengths at level 1, no
 * filter); `level` is plain zlib at that level; the default Up-filters rows and uses run lengths at
 * level 6 (on the seed's image as small as plain level 6, in about a third of the time).
 */
export function juliaCompression(options: { fast?: boolean; level?: number }): JuliaCompression {
  if (options.fast) return { level: 1, strategy: 'rle', filter: 'none' };
  if (options.level !== undefined) return { level: options.level, strategy: 'default', filter: 'none' };
  return { level: 6, strategy: 'rle', filter: 'up' };
}

/** The `hotloop julia` command line that renders this image again. */
export function juliaCommand(p: ResolvedJuliaParameters, colormap?: ColormapName, smooth?: boolean): string {
  const im = p.c.im < 0 || Object.is(p.c.im, -0) ? `-${-p.c.im}` : `+${p.c.im}`;
  const flags = [`-c=${p.c.re}${im}i`, `-x=${p.xMin}`, `-X=${p.xMax}`, `-y=${p.yMin}`, `-Y=${p.yMax}`, `-m=${p.itermin}`, `-M=${p.itermax}`, `-R=${p.resolution}`];
  if (p.threshold !== 2) flags.push(`--threshold=${p.threshold}`);
  if (colormap) flags.push(`--colormap=${colormap}`);
  if (smooth) flags.push('--smooth');
  return `hotloop julia ${flags.join(' ')}`;
}

/** The tEXt chunks of a Julia PNG: title, software, parameters as JSON, and the command. */
export function juliaPngText(parameters: ResolvedJuliaParameters, colormap: ColormapName | undefined, smooth: boolean | undefined): Record<string, string> {
  const colour = colormap !== undefined && colormap !== 'grey';
  return {
    Title: 'Julia set of z^2 + c',
    Software: 'hotloop',
    Parameters: JSON.stringify({ ...parameters, colormap: colormap ?? 'grey', smooth: smooth ?? false }),
    Comment: juliaCommand(parameters, colour ? colormap : undefined, smooth),
  };
}
