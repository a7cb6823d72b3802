/**
 * Cubic interpolating splines through (x[i], y[i]), x strictly increasing, as slopes at the knots
 * (Hermite form), with either end condition:
 * - 'not-a-knot': the first two and the last two intervals share one cubic (scipy's CubicSpline
 *   default; reproduces any cubic exactly);
 * - 'natural': zero second derivative at both ends.
 * Two points give the straight line; three points with not-a-knot give the parabola through them.
 * The slopes solve a tridiagonal system (de Boor, "A Practical Guide to Splines", ch. IV):
 *   h[i] s[i-1] + 2 (h[i-1] + h[i]) s[i] + h[i-1] s[i+1] = 3 (h[i] d[i-1] + h[i-1] d[i])
 * with h[i] = x[i+1] - x[i] and d[i] = (y[i+1] - y[i]) / h[i], closed by one end row each side.
 */
export type SplineEnd = 'not-a-knot' | 'natural';

export function splineSlopes(x: Float64Array, y: Float64Array, end: SplineEnd): Float64Array {
  const n = x.length - 1; // intervals
  const h = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    h[i] = x[i + 1] - x[i];
    d[i] = (y[i + 1] - y[i]) / h[i];
  }
  const s = new Float64Array(n + 1);
  if (n === 1) {
    s[0] = s[1] = d[0];
    return s;
  }
  if (n === 2 && end === 'not-a-knot') {
    // The parabola through three points: its slope at the middle is the h-weighted mean of d.
    const mid = (h[1] * d[0] + h[0] * d[1]) / (h[0] + h[1]);
    s[0] = 2 * d[0] - mid;
    s[1] = mid;
    s[2] = 2 * d[1] - mid;
    return s;
  }
  // Rows i = 0..n: sub[i] s[i-1] + diag[i] s[i] + sup[i] s[i+1] = rhs[i].
  const sub = new Float64Array(n + 1);
  const diag = new Float64Array(n + 1);
  const sup = new Float64Array(n + 1);
  const rhs = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) {
    sub[i] = h[i];
    diag[i] = 2 * (h[i - 1] + h[i]);
    sup[i] = h[i - 1];
    rhs[i] = 3 * (h[i] * d[i - 1] + h[i - 1] * d[i]);
  }
  if (end === 'natural') {
    // p''(x[0]) = 0 and p''(x[n]) = 0 in Hermite form.
    diag[0] = 2;
    sup[0] = 1;
    rhs[0] = 3 * d[0];
    sub[n] = 1;
    diag[n] = 2;
    rhs[n] = 3 * d[n - 1];
  } else {
    // Third derivative continuous at x[1] and at x[n-1].
    const first = h[0] + h[1];
    diag[0] = h[1];
    sup[0] = first;
    rhs[0] = ((h[0] + 2 * first) * h[1] * d[0] + h[0] * h[0] * d[1]) / first;
    const last = h[n - 1] + h[n - 2];
    sub[n] = last;
    diag[n] = h[n - 2];
    rhs[n] = (h[n - 1] * h[n - 1] * d[n - 2] + (2 * last + h[n - 1]) * h[n - 2] * d[n - 1]) / last;
  }
  // Thomas algorithm: forward elimination, back substitution.
  for (let i = 1; i <= n; i++) {
    const w = sub[i] / diag[i - 1];
    diag[i] -= w * sup[i - 1];
    rhs[i] -= w * rhs[i - 1];
  }
  s[n] = rhs[n] / diag[n];
  for (let i = n - 1; i >= 0; i--) s[i] = (rhs[i] - sup[i] * s[i + 1]) / diag[i];
  return s;
}
