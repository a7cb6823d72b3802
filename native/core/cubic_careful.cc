#include "core/cubic_careful.h"

#include "core/cubic_exact.h"
#include "core/cubic_wide.h"

namespace hotloop {

namespace {

using namespace wide;

// A discriminant computed within this fraction of its terms' size may have the wrong sign.
constexpr double kSignDoubt = 0x1p-40;
// A bound on the relative rounding error of one Horner evaluation of a cubic (generous).
constexpr double kHornerNoise = 0x1p-48;

struct Found {
  double* roots;
  int count = 0;
  // Records a root, unless it lies beyond the double range (the leading coefficient is negligible).
  void push(Wide x) {
    double v = to_double(x);
    if (v - v == 0) roots[count++] = v == 0 ? 0 : v;
  }
};

// The sign of b^2 - k*a*c: from the computed value when rounding cannot have changed it, else exact.
int square_minus_product(double b, int k, double a, double c) {
  Wide B = of(b);
  Wide bb = mul(B, B);
  Wide kac = times(mul(of(a), of(c)), k);
  Wide q = sub(bb, kac);
  if (smaller(times(add(bb, abs(kac)), kSignDoubt), q)) return sign(q);
  return square_minus_product_sign(b, k, a, c);
}

// The sign of the cubic's discriminant, likewise.
int cubic_sign(double a, double b, double c, double d) {
  Wide A = of(a), B = of(b), C = of(c), D = of(d);
  const Wide terms[] = {
      times(mul(mul(A, B), mul(C, D)), 18),
      times(mul(mul(B, B), mul(B, D)), -4),
      mul(mul(B, B), mul(C, C)),
      times(mul(mul(A, C), mul(C, C)), -4),
      times(mul(mul(A, A), mul(D, D)), -27),
  };
  Wide sum = kZero, size = kZero;
  for (Wide t : terms) {
    sum = add(sum, t);
    size = add(size, abs(t));
  }
  if (smaller(times(size, kSignDoubt), sum)) return sign(sum);
  return cubic_discriminant_sign(a, b, c, d);
}

// h + sign(h) * sqrt(q): the larger-magnitude root of the quadratic times its leading coefficient.
Wide no_cancellation(Wide h, Wide q) {
  Wide root = sqrt(q);
  return add(h, sign(h) < 0 ? neg(root) : root);
}

// Real roots of a*x^2 + b*x + c (a != 0), counted exactly, computed without cancellation.
void quadratic(double a, double b, double c, Found& out) {
  if (c == 0) {
    out.push(kZero);
    out.push(neg(div(of(b), of(a))));
    return;
  }
  int s = square_minus_product(b, 4, a, c);
  if (s < 0) return;
  Wide A = of(a), C = of(c);
  Wide h = times(of(b), -0.5);
  if (s == 0) {
    Wide r = div(h, A);
    out.push(r);
    out.push(r);
    return;
  }
  Wide q = sub(mul(h, h), mul(A, C));
  if (sign(q) < 0) q = kZero;  // rounding: the exact sign says two real roots
  Wide r = no_cancellation(h, q);
  out.push(div(C, r));
  out.push(div(r, A));
}

// Horner's scheme at x: p(x), p'(x) and the deflated quadratic a*y^2 + b1*y + c2.
struct Horner {
  Wide q, dq, b1, c2;
};

Horner horner(Wide x, Wide A, Wide B, Wide C, Wide D) {
  Wide q0 = mul(A, x);
  Wide b1 = add(q0, B);
  Wide c2 = add(mul(b1, x), C);
  return {add(mul(c2, x), D), add(mul(add(q0, b1), x), c2), b1, c2};
}

// One real root, by Kahan's iteration from a start beyond every root on its side: around the
// inflection point x0 every root satisfies u^3 <= |t| u + |tq| (+ a rounding-sized term), so
// u <= 1.324718 * max(cbrt|tq|, sqrt|t|) + |beta|, and t and tq are enlarged by their rounding
// errors. Should the iteration cross x0 (possible only when p(x0) is rounding noise), x0 itself is as
// good a root as the data allows. See src/cubic/careful.ts.
Wide kahan_root(Wide A, Wide B, Wide C, Wide D) {
  Wide x0 = neg(div(B, times(A, 3)));
  Horner at = horner(x0, A, B, C, D);
  Wide x2 = mul(x0, x0);
  Wide noise_q = times(add(add(abs(mul(mul(A, x2), x0)), abs(mul(B, x2))), add(abs(mul(C, x0)), abs(D))), kHornerNoise);
  Wide noise_dq = times(add(add(times(abs(mul(A, x2)), 3), times(abs(mul(B, x0)), 2)), abs(C)), kHornerNoise);
  Wide aa = abs(A);
  Wide tq = div(add(abs(at.q), noise_q), aa);
  Wide t = div(add(abs(at.dq), noise_dq), aa);
  int s = sign(at.q) * sign(A) < 0 ? -1 : 1;
  Wide cr = cbrt(tq);
  Wide st = sqrt(t);
  Wide r = add(times(smaller(st, cr) ? cr : st, 1.324718 * (1 + 0x1p-40)), times(abs(x0), 0x1p-48));
  Wide x = s < 0 ? add(x0, r) : sub(x0, r);
  for (int i = 0; i < 1000; ++i) {
    Horner h = horner(x, A, B, C, D);
    if (h.dq.m == 0) break;
    Wide next = sub(x, div(h.q, times(h.dq, 1.000000000000001)));  // a hair short of a full step: monotone
    if (sign(s < 0 ? sub(x, next) : sub(next, x)) <= 0) break;  // no longer moving toward x0
    if (sign(s < 0 ? sub(x0, next) : sub(next, x0)) >= 0) return x0;
    x = next;
  }
  return x;
}

// Newton steps on the cubic from y while they shrink and stay within a quarter of the gap to its twin.
Wide polish(Wide y, Wide A, Wide B, Wide C, Wide D, Wide gap) {
  Wide limit = times(gap, 0.25);
  for (int i = 0; i < 8; ++i) {
    Horner h = horner(y, A, B, C, D);
    if (h.dq.m == 0) break;
    Wide step = div(h.q, h.dq);
    if (!smaller(step, limit)) break;
    y = sub(y, step);
    limit = step;
  }
  return y;
}

// A zero discriminant: a(x - r1)(x - r2)^2 with b^2 - 3ac = a^2 (r1 - r2)^2. If that is exactly 0 the
// root is triple, -b/(3a); else the double root is (9ad - bc) / (2(b^2 - 3ac)), from the coefficients
// directly (no deflation error), and x, the iteration's root, is the simple one. Records the roots and
// returns true, or false when b^2 - 3ac is too small next to its terms to be divided by.
bool double_root(double a, double b, double c, double d, Wide x, Found& out) {
  Wide A = of(a), B = of(b), C = of(c), D = of(d);
  if (square_minus_product(b, 3, a, c) == 0) {
    Wide r = neg(div(B, times(A, 3)));
    out.push(r);
    out.push(r);
    out.push(r);
    return true;
  }
  Wide bb = mul(B, B);
  Wide ac3 = times(mul(A, C), 3);
  Wide den = sub(bb, ac3);
  if (!smaller(times(add(bb, abs(ac3)), kSignDoubt), den)) return false;
  Wide r = div(sub(times(mul(A, D), 9), mul(B, C)), times(den, 2));
  out.push(x);
  out.push(r);
  out.push(r);
  return true;
}

}  // namespace

int careful_cubic_roots(double a, double b, double c, double d, double* roots) {
  Found out{roots};
  if (a == 0) {
    if (b != 0) quadratic(b, c, d, out);
    else if (c != 0) out.push(neg(div(of(d), of(c))));
    return out.count;
  }
  if (d == 0) {
    out.push(kZero);
    quadratic(a, b, c, out);
    return out.count;
  }
  Wide A = of(a), B = of(b), C = of(c), D = of(d);
  Wide x = kahan_root(A, B, C, D);
  int s = cubic_sign(a, b, c, d);
  if (s == 0 && double_root(a, b, c, d, x, out)) return out.count;
  out.push(x);
  if (s < 0) return out.count;
  // Deflate forward, or through d when x is the large root (|a x^3| > |d|): then the quadratic's
  // constant term is d's, exact, and small roots keep their relative accuracy.
  Wide b1, c2;
  if (smaller(D, mul(mul(A, x), mul(x, x)))) {
    c2 = neg(div(D, x));
    b1 = div(sub(c2, C), x);
  } else {
    b1 = add(mul(A, x), B);
    c2 = add(mul(b1, x), C);
  }
  Wide h = times(b1, -0.5);
  if (s == 0) {
    // A multiple root whose closed form was too ill-conditioned (see double_root): the iteration found
    // the simple root (the farthest from x0), so the deflated pair is the double one.
    Wide r = div(h, A);
    out.push(r);
    out.push(r);
    return out.count;
  }
  Wide q = sub(mul(h, h), mul(A, c2));
  if (sign(q) < 0) q = kZero;  // rounding: the exact sign says three real roots
  Wide r = no_cancellation(h, q);
  Wide y1 = r.m == 0 ? kZero : div(c2, r);
  Wide y2 = div(r, A);
  Wide gap = abs(sub(y1, y2));
  out.push(polish(y1, A, B, C, D, gap));
  out.push(polish(y2, A, B, C, D, gap));
  return out.count;
}

}  // namespace hotloop
