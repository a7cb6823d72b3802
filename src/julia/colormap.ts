/**
 * Colormaps as 256-entry RGB tables, built by linear interpolation between anchors sampled from
 * the published maps (matplotlib's viridis, magma and inferno at ninths; the classic fractal
 * gradient of Ultra Fractal's default). 256 entries is all an 8-bit PNG can show.
 */
import { invalidType } from '../errors.js';

export const COLORMAPS = ['grey', 'viridis', 'magma', 'inferno', 'classic'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

type Anchor = readonly [position: number, rgb: number];

const evenly = (colors: number[]): Anchor[] => colors.map((rgb, i) => [i / (colors.length - 1), rgb] as const);

const ANCHORS: Record<ColormapName, Anchor[]> = {
  grey: evenly([0x000000, 0xffffff]),
  viridis: evenly([0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725]),
  magma: evenly([0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55964, 0xfb8761, 0xfec287, 0xfcfdbf]),
  inferno: evenly([0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09, 0xf9cb35, 0xfcffa4]),
  classic: [[0, 0x000764], [0.16, 0x206bcb], [0.42, 0xedffff], [0.6425, 0xffaa00], [0.8575, 0x000200], [1, 0x000764]],
};

const cache = new Map<ColormapName, Uint8Array>();

export function checkColormap(name: unknown): ColormapName {
  if (typeof name !== 'string' || !(COLORMAPS as readonly string[]).includes(name)) {
    throw invalidType('colormap', `one of ${COLORMAPS.join(', ')}`, name);
  }
  return name as ColormapName;
}

/**
 * The map as 256 RGB triples: entry k is the colour at position k/255.
 *
 * @example
 * colormapTable('grey').subarray(3 * 255); // Uint8Array [255, 255, 255]
 */
export function colormapTable(name: ColormapName): Uint8Array {
  const known = cache.get(checkColormap(name));
  if (known) return known;
  const anchors = ANCHORS[name];
  const table = new Uint8Array(256 * 3);
  let a = 0;
  for (let k = 0; k < 256; k++) {
    const t = k / 255;
    while (a < anchors.length - 2 && t > anchors[a + 1][0]) a++;
    const [p0, c0] = anchors[a];
    const [p1, c1] = anchors[a + 1];
    const f = (t - p0) / (p1 - p0);
    for (let ch = 0; ch < 3; ch++) {
      const shift = 16 - 8 * ch;
      const v0 = (c0 >> shift) & 0xff;
      const v1 = (c1 >> shift) & 0xff;
      table[3 * k + ch] = Math.round(v0 + (v1 - v0) * f);
    }
  }
  cache.set(name, table);
  return table;
}
