/**
 * The seed's `ComplexRegion`: a rectangle of the complex plane and the pixel grid over it. The grid
 * is numpy's: `linspace(xMin, xMax, width)` left to right and `linspace(yMax, yMin, height)` from the
 * top row down, with `height = trunc(R*(yMax-yMin)/(xMax-xMin))`, so pixels match the seed's program.
 */
import { invalidRange } from '../errors.js';
import { checkAnyNumber, checkNumber } from '../validate.js';

/** Most pixels one image may have (4 GiB of Uint32 counts); larger is a RangeError, not a crash. */
export const MAX_PIXELS = 2 ** 30;
/** Largest width or height: PNG's limit is 2^31-1, this keeps row offsets well inside int32. */
export const MAX_SIDE = 1_000_000;

/** The most elements one Float64Array holds here. */
const MAX_LINSPACE = 2 ** 32 - 1;

/** The pixel grid: real parts per column and imaginary parts per row (top first). */
export interface JuliaGridAxes {
  width: number;
  height: number;
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * numpy's `linspace(start, stop, num)` (endpoint included) with its exact operation order:
 * `i*step + start`, the last element set to `stop`.
 */
export function linspace(start: number, stop: number, num: number): Float64Array {
  checkAnyNumber('start', start);
  checkAnyNumber('stop', stop);
  checkNumber('num', num, { integer: true, min: 0, max: MAX_LINSPACE });
  const out = new Float64Array(num);
  if (num === 1) out[0] = start;
  if (num <= 1) return out;
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  // numpy's branch for a step that underflows to 0: scale i/div by delta instead.
  for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  out[div] = stop;
  return out;
}

/** A rectangle `[xMin, xMax] x [yMin, yMax]` of the complex plane (the seed's `ComplexRegion`). */
export class ComplexRegion {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;

  /**
   * @example
   * const region = new ComplexRegion(-0.1, 0.1, -0.1, 0.1); // the seed's zoom around 0
   * region.size(4000); // { width: 4000, height: 4000 }
   */
  constructor(xMin = -0.1, xMax = 0.1, yMin = -0.1, yMax = 0.1) {
    this.xMin = checkNumber('xMin', xMin);
    this.xMax = checkNumber('xMax', xMax);
    this.yMin = checkNumber('yMin', yMin);
    this.yMax = checkNumber('yMax', yMax);
    if (!(xMax > xMin)) throw invalidRange('xMax', `finite number greater than xMin (${xMin})`, xMax);
    if (!(yMax > yMin)) throw invalidRange('yMax', `finite number greater than yMin (${yMin})`, yMax);
    if (!Number.isFinite(xMax - xMin) || !Number.isFinite(yMax - yMin)) {
      throw new RangeError(`Expected a region whose width and height are finite but received [${xMin}, ${xMax}] x [${yMin}, ${yMax}]`);
    }
  }

  /**
   * Image size for `resolution` pixels along the real axis; throws a RangeError when the image
   * would be empty or too large to allocate.
   *
   * @example
   * new ComplexRegion(-1.6, 1.6, -1, 1).size(1000); // { width: 1000, height: 625 }
   */
  size(resolution: number): { width: number; height: number } {
    const width = checkNumber('resolution', resolution, { integer: true, min: 2, max: MAX_SIDE });
    const height = Math.trunc((width * (this.yMax - this.yMin)) / (this.xMax - this.xMin));
    if (height < 1 || height > MAX_SIDE) {
      throw invalidRange('region', `a height between 1 and ${MAX_SIDE} pixels at resolution ${width}`, height);
    }
    if (width * height > MAX_PIXELS) {
      throw invalidRange('resolution', `at most ${MAX_PIXELS} pixels in all (${width} x ${height} asked)`, width);
    }
    return { width, height };
  }

  /**
   * The grid at `resolution` pixels along the real axis (the seed's `build`, as two axes instead of
   * a complex matrix: pixel (i, j) is `xs[i] + i*ys[j]`).
   *
   * @example
   * const { xs, ys } = new ComplexRegion().build(5);
   * // xs = [-0.1, -0.05, 0, 0.05000000000000002, 0.1] (numpy's values, bit for bit)
   * // ys = [0.1, 0.05, 0, -0.05000000000000002, -0.1]
   */
  build(resolution: number): JuliaGridAxes {
    const { width, height } = this.size(resolution);
    return { width, height, xs: linspace(this.xMin, this.xMax, width), ys: linspace(this.yMax, this.yMin, height) };
  }
}
