/**
 * Cube root of v >= 0 by exact power-of-two scaling, a cubic fit of cbrt over [1/8, 1) (1.4%) and
 * two Newton steps: within 3.3e-8 relative, from above. Only starting points use it, which
 * tolerate that; Math.cbrt is avoided because V8's and glibc's differ in the last bit.
 * native/core/cubic_cube_root.h has the same steps.
 */
export function cubeRoot(v: number): number {
  if (v === 0 || v - v !== 0) return v;
  let scale = 1;
  while (v > 1073741824.0) { v *= 9.313225746154785e-10; scale *= 1024; } // 2^30, 2^-30, 2^10
  while (v < 9.313225746154785e-10) { v *= 1073741824.0; scale *= 0.0009765625; }
  while (v >= 1) { v *= 0.125; scale *= 2; }
  while (v < 0.125) { v *= 8; scale *= 0.5; }
  let y = ((0.49070964304369064 * v - 1.1999398833203698) * v + 1.3601165172045782) * v + 0.3545603497911083;
  y = y - (y * y * y - v) / (3 * y * y);
  y = y - (y * y * y - v) / (3 * y * y);
  return y * scale;
}
