/**
 * The TypeScript reference of the reduce kernels (native/core/reduce*.h): the same results, bit for
 * bit, by the same rules. Integers compare as integers (BigInt64Array/BigUint64Array as bigints,
 * the seed's slow "TypeScript with BigInt64Array" row); floats as numbers with NaN beating every
 * number (numpy's rule: the first NaN is the result and its index). Signed zeros: the values follow
 * IEEE 754-2019 maximum/minimum (-0 below +0, so a zero maximum is +0 if any zero is), the positions
 * follow numpy (-0 equals +0). Ties keep the earlier element, so argMax/argMin give the first index.
 */
import type { Layout, ReduceArray } from './matrix.js';

type Element = number | bigint;
type Better = (x: Element, best: Element) => boolean;

const greater: Better = (x, best) => x > best;
const less: Better = (x, best) => x < best;
// `x !== x` is NaN: it beats any number, and the first NaN stays. The common case (a number not
// better than the best) costs two comparisons.
const greaterOrNaN: Better = (x, best) => x > best || (x !== x && best === best);
const lessOrNaN: Better = (x, best) => x < best || (x !== x && best === best);
// For the values, also 1/x, which tells -0 (-Infinity) from +0 (Infinity).
const greaterFloat: Better = (x, best) =>
  x > best || (x === x ? x === 0 && best === 0 && 1 / (x as number) > 1 / (best as number) : best === best);
const lessFloat: Better = (x, best) =>
  x < best || (x === x ? x === 0 && best === 0 && 1 / (x as number) < 1 / (best as number) : best === best);

function betterFor(layout: Layout, max: boolean, arg: boolean): Better {
  if (layout.kind !== 'float') return max ? greater : less;
  if (arg) return max ? greaterOrNaN : lessOrNaN;
  return max ? greaterFloat : lessFloat;
}

type Writable = { [index: number]: Element; readonly length: number };

/**
 * Reduces outputs [begin, end): `best[o - begin]` gets the extreme and, when `index` is given,
 * `index[o]` its first position. `best` is a typed array of the data's type (a view of the result,
 * or scratch for the arg forms). The loop order follows memory: when outputs are closer together
 * than positions along the reduced axis (column maxima of row-major data, the seed's case), each
 * row sweeps across all outputs; otherwise each output runs down its own contiguous line.
 */
export function reduceRange(layout: Layout, max: boolean, best: ReduceArray, index: Int32Array | null, begin: number, end: number): void {
  const data = layout.data as Writable;
  const out = best as Writable;
  const { nRed, sOut, sRed } = layout;
  const better = betterFor(layout, max, index !== null);
  if (sOut <= sRed) {
    for (let o = begin; o < end; o++) {
      out[o - begin] = data[o * sOut];
      if (index) index[o] = 0;
    }
    for (let r = 1; r < nRed; r++) {
      const row = r * sRed;
      for (let o = begin; o < end; o++) {
        const x = data[row + o * sOut];
        if (better(x, out[o - begin])) {
          out[o - begin] = x;
          if (index) index[o] = r;
        }
      }
    }
  } else {
    for (let o = begin; o < end; o++) {
      const start = o * sOut;
      let extreme = data[start];
      let at = 0;
      for (let r = 1; r < nRed; r++) {
        const x = data[start + r * sRed];
        if (better(x, extreme)) {
          extreme = x;
          at = r;
        }
      }
      out[o - begin] = extreme;
      if (index) index[o] = at;
    }
  }
  // One NaN for every NaN result, whatever payload the data held: the native kernels write the same.
  if (layout.kind === 'float') {
    for (let k = 0; k < end - begin; k++) if (out[k] !== out[k]) out[k] = NaN;
  }
}
