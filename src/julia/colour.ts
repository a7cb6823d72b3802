/**
 * Counts to pixel values with no dependency on Node: the grey-level table and the colour loops that
 * pixels.ts runs on the js backend and the browser explorer (web/) runs in its page, so both give
 * the same bytes for the same counts.
 */
import type { Counts } from './reference.js';

/** The seed's grey level of one count: floor((max(count, itermin) - itermin) / (itermax - itermin) * 255). */
export function greyLevel(count: number, itermin: number, itermax: number): number {
  return Math.floor(((Math.max(count, itermin) - itermin) / (itermax - itermin)) * 255);
}

/** One grey level per count 0..itermax: each pixel then costs a look-up instead of a division. */
export function greyTable(itermin: number, itermax: number): Uint8Array {
  const table = new Uint8Array(itermax + 1);
  for (let c = 0; c <= itermax; c++) table[c] = greyLevel(c, itermin, itermax);
  return table;
}

/** Grey levels of `counts` into `out` (same length). */
export function greyLevelsInto(counts: Counts, itermin: number, itermax: number, out: Uint8Array): void {
  if (counts instanceof Uint16Array) {
    const table = greyTable(itermin, itermax);
    for (let i = 0; i < counts.length; i++) out[i] = table[counts[i]];
  } else {
    for (let i = 0; i < counts.length; i++) out[i] = greyLevel(counts[i], itermin, itermax);
  }
}

/** RGB (3 bytes per pixel) of grey levels through a 256-entry colormap table. */
export function rgbOfGreyInto(grey: Uint8Array, table: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < grey.length; i++) {
    const k = 3 * grey[i];
    out[3 * i] = table[k];
    out[3 * i + 1] = table[k + 1];
    out[3 * i + 2] = table[k + 2];
  }
}

/**
 * Smooth colouring: an escaped pixel's position is `n + 1 - log2(ln|z|^2 / (2 ln threshold))`
 * (kept inside [n, n + 1] so a large final jump cannot cross a band), blended between the two
 * nearest entries of the table. `threshold` must be above 1 (checked by the callers).
 */
export function smoothRgbInto(
  counts: Counts, norms: Float64Array, itermin: number, itermax: number, threshold: number, table: Uint8Array, out: Uint8Array,
): void {
  const logT2 = 2 * Math.log(threshold);
  const span = itermax - itermin;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    const nu = n >= itermax ? itermax : n + 1 - Math.min(1, Math.max(0, Math.log2(Math.log(norms[i]) / logT2)));
    const position = Math.min(1, Math.max(0, (nu - itermin) / span)) * 255;
    const k = Math.min(254, Math.floor(position));
    const f = position - k;
    for (let ch = 0; ch < 3; ch++) out[3 * i + ch] = Math.round(table[3 * k + ch] + (table[3 * k + 3 + ch] - table[3 * k + ch]) * f);
  }
}
