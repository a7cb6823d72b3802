/**
 * A render's counts to canvas pixels (RGBA), through the same loops as hotloop's juliaGrey and
 * juliaRgb (src/julia/colour.ts), so the canvas shows the PNG's colours exactly.
 */
import { colormapTable } from '../src/julia/colormap.js';
import { greyLevelsInto, rgbOfGreyInto, smoothRgbInto } from '../src/julia/colour.js';
import type { RenderResult } from './engine.js';
import type { View } from './view.js';

/**
 * RGB (3 bytes per pixel) or grey (1 byte) of a render, as juliaPng puts them in its file: grey
 * levels for the grey map, its first channel for smooth grey, RGB through the map otherwise.
 * `smooth` is honoured only when the render has norms.
 */
export function pixelsOf(result: RenderResult, colormap: View['colormap'], smooth: boolean): { channels: 1 | 3; pixels: Uint8Array } {
  const { counts, norms, parameters } = result;
  const { itermin, itermax, threshold } = parameters;
  const table = colormapTable(colormap);
  const rgb = new Uint8Array(3 * counts.length);
  if (smooth && norms) {
    smoothRgbInto(counts, norms, itermin, itermax, threshold, table, rgb);
    if (colormap !== 'grey') return { channels: 3, pixels: rgb };
    const grey = new Uint8Array(counts.length);
    for (let i = 0; i < grey.length; i++) grey[i] = rgb[3 * i];
    return { channels: 1, pixels: grey };
  }
  const grey = new Uint8Array(counts.length);
  greyLevelsInto(counts, itermin, itermax, grey);
  if (colormap === 'grey') return { channels: 1, pixels: grey };
  rgbOfGreyInto(grey, table, rgb);
  return { channels: 3, pixels: rgb };
}

/** The render as an ImageData for the canvas. */
export function imageDataOf(result: RenderResult, colormap: View['colormap'], smooth: boolean): ImageData {
  const { channels, pixels } = pixelsOf(result, colormap, smooth);
  const rgba = new Uint8ClampedArray(4 * result.width * result.height);
  for (let i = 0, n = result.width * result.height; i < n; i++) {
    const o = 4 * i;
    if (channels === 1) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = pixels[i];
    } else {
      rgba[o] = pixels[3 * i];
      rgba[o + 1] = pixels[3 * i + 1];
      rgba[o + 2] = pixels[3 * i + 2];
    }
    rgba[o + 3] = 255;
  }
  return new ImageData(rgba, result.width, result.height);
}
