/**
 * The TypeScript reference kernel: escape counts of z -> z^2 + c, a plain loop over typed arrays.
 * native/core/julia.cc does the same operations in the same order (no FMA), so counts are exact
 * across backends. The operations are those of the seed's numpy square:
 * re' = (re*re - im*im) + cr, im' = (re*im + im*re) + ci, escaped when re'^2 + im'^2 >= t^2.
 */

export type Counts = Uint16Array | Uint32Array;

/** What the kernel needs: the grid axes, c, the squared threshold and the iteration cap. */
export interface KernelInput {
  xs: Float64Array;
  ys: Float64Array;
  cr: number;
  ci: number;
  t2: number;
  itermax: number;
}

/**
 * Rows [rowBegin, rowEnd) into `counts` (row-major), and |z|^2 at escape into `norms` when given
 * (0 where the orbit never escaped).
 */
export function juliaRows(input: KernelInput, counts: Counts, norms: Float64Array | undefined, rowBegin: number, rowEnd: number): void {
  const { xs, ys, cr, ci, t2, itermax } = input;
  const width = xs.length;
  for (let row = rowBegin; row < rowEnd; row++) {
    const y = ys[row];
    const base = row * width;
    for (let col = 0; col < width; col++) {
      let re = xs[col];
      let im = y;
      let rr = re * re;
      let ii = im * im;
      let count = itermax;
      let norm = 0;
      for (let n = 0; n < itermax; n++) {
        const p = re * im;
        im = p + p + ci; // p + p is re*im + im*re exactly
        re = rr - ii + cr;
        rr = re * re;
        ii = im * im;
        const s = rr + ii;
        if (s >= t2) {
          count = n;
          norm = s;
          break;
        }
      }
      counts[base + col] = count;
      if (norms) norms[base + col] = norm;
    }
  }
}
