/**
 * The Mandelbrot-set thumbnail that picks c: each of its points is a c, and the Julia set of a c
 * inside the black set is connected. Small enough (a few hundred thousand iterations) to draw on the
 * page's own thread once.
 */
import { THUMBNAIL_REGION } from './thumbnail.js';

const ITERATIONS = 64;

/** Draws the set into `canvas` (its own width and height): black inside, shades of blue by escape time outside. */
export function drawMandelbrot(canvas: HTMLCanvasElement): void {
  const { width, height } = canvas;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  const { xMin, xMax, yMin, yMax } = THUMBNAIL_REGION;
  for (let v = 0; v < height; v++) {
    const ci = yMax - ((v + 0.5) * (yMax - yMin)) / height;
    for (let u = 0; u < width; u++) {
      const cr = xMin + ((u + 0.5) * (xMax - xMin)) / width;
      let re = 0;
      let im = 0;
      let n = 0;
      while (n < ITERATIONS && re * re + im * im < 4) {
        const t = re * re - im * im + cr;
        im = 2 * re * im + ci;
        re = t;
        n++;
      }
      const o = 4 * (v * width + u);
      const shade = n >= ITERATIONS ? 0 : Math.round(255 * Math.sqrt(n / ITERATIONS));
      image.data[o] = shade >> 2;
      image.data[o + 1] = shade >> 1;
      image.data[o + 2] = shade;
      image.data[o + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}
