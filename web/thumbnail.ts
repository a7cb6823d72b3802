/** Where each c sits on the Mandelbrot thumbnail (web/mandelbrot.ts draws it): pure math, tested in Node. */

/** The part of the c-plane the thumbnail shows: the whole Mandelbrot set. */
export const THUMBNAIL_REGION = { xMin: -2.25, xMax: 0.75, yMin: -1.25, yMax: 1.25 } as const;

/** The c at CSS pixel (x, y) of a thumbnail drawn `width` x `height` CSS pixels. */
export function cAt(x: number, y: number, width: number, height: number): { re: number; im: number } {
  const { xMin, xMax, yMin, yMax } = THUMBNAIL_REGION;
  return { re: xMin + (x / width) * (xMax - xMin), im: yMax - (y / height) * (yMax - yMin) };
}

/** Where c sits on the thumbnail, as fractions of its width and height (outside [0, 1] when off it). */
export function positionOf(c: { re: number; im: number }): { x: number; y: number } {
  const { xMin, xMax, yMin, yMax } = THUMBNAIL_REGION;
  return { x: (c.re - xMin) / (xMax - xMin), y: (yMax - c.im) / (yMax - yMin) };
}
