#include "core/cubic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/cpu.h"
#include "core/cubic_block.h"

namespace hotloop {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A negative discriminant this small next to its terms is rounding of a true zero: keep the double root.
constexpr double kDoubleRootTolerance = 32 * 2.220446049250313e-16;

inline bool finite(double v) { return v - v == 0; }

// Cube root of v >= 0 by scaling with exact powers of two and Newton steps (no libm cbrt, see header).
double cube_root(double v) {
  if (v == 0 || !finite(v)) return v;
  double scale = 1;
  while (v > 1073741824.0) { v *= 9.313225746154785e-10; scale *= 1024; }  // 2^30, 2^-30, 2^10
  while (v < 9.313225746154785e-10) { v *= 1073741824.0; scale *= 0.0009765625; }
  while (v >= 1) { v *= 0.125; scale *= 2; }
  while (v < 0.125) { v *= 8; scale *= 0.5; }
  // A cubic fit of cbrt over [1/8, 1) (1.4% error), then two Newton steps: 3.3e-8 relative error,
  // from above. The result only picks where Newton's iteration starts, which tolerates that.
  double y = ((0.49070964304369064 * v - 1.1999398833203698) * v + 1.3601165172045782) * v + 0.3545603497911083;
  y = y - (y * y * y - v) / (3 * y * y);
  y = y - (y * y * y - v) / (3 * y * y);
  return y * scale;
}

struct Out {
  double r[3];
  int n = 0;
  int exponent = 0;  // roots are found for x / 2^exponent (see solve_scaled) and scaled back here
  void add(double x);

};

struct Pair {
  double r1, r2;
  bool close;  // within about 2% of each other
};

// Roots of A*x^2 + B*x + C (A != 0 here) without the cancellation of the textbook formula; false
// when they are complex.
bool quadratic_roots(double A, double B, double C, Pair& pair);

int exponent_of(double v);
double scale_by(double v, int e);

// quadratic_roots for coefficients of any size: divided by the power of two nearest the larger of
// |B|/2 and sqrt|AC| (exact, same roots), b*b and A*C can neither overflow nor underflow. Kahan's
// moderate path never needs this, so the vector lanes do not either.
bool wide_quadratic_roots(double A, double B, double C, Pair& pair) {
  double m = std::max(std::fabs(B) * 0.5, std::sqrt(std::fabs(A)) * std::sqrt(std::fabs(C)));
  if (m > 0 && finite(m)) {
    int e = -exponent_of(m);
    A = scale_by(A, e);
    B = scale_by(B, e);
    C = scale_by(C, e);
  }
  double b = B * -0.5;
  double q = b * b - A * C;
  return finite(q) ? quadratic_roots(A, B, C, pair) : false;  // quadratic_roots computes the same q: no loop
}

bool quadratic_roots(double A, double B, double C, Pair& pair) {
  double b = B * -0.5;
  double bb = b * b;
  double ac = A * C;
  double q = bb - ac;
  if (!finite(q)) return wide_quadratic_roots(A, B, C, pair);
  if (q < 0) {
    double size = bb > std::fabs(ac) ? bb : std::fabs(ac);
    if (-q > kDoubleRootTolerance * size) return false;
    q = 0;
  }
  pair.close = q > 0 && q < 1e-4 * bb;
  double r = b + (b < 0 ? -std::sqrt(q) : std::sqrt(q));
  if (r == 0) {
    pair.r1 = C / A;
    pair.r2 = -pair.r1;
  } else {
    pair.r1 = C / r;
    pair.r2 = r / A;
  }
  return true;
}

void quadratic(double A, double B, double C, bool wide, Out& out) {
  Pair pair;
  if (!(wide ? wide_quadratic_roots(A, B, C, pair) : quadratic_roots(A, B, C, pair))) return;
  out.add(pair.r1);
  out.add(pair.r2);
}

// One Newton step on the cubic for a root of the deflated quadratic whose twin is close: deflation
// error grows as the pair's gap shrinks, the step removes it. Taken only when it is small next to
// the gap, so it never jumps to the twin.
double polish(double y, double a, double b, double c, double d, double gap) {
  double f = ((a * y + b) * y + c) * y + d;
  double df = (3 * a * y + 2 * b) * y + c;
  if (df == 0) return y;
  double next = y - f / df;
  return std::fabs(next - y) < 0.25 * gap ? next : y;
}

void linear_or_quadratic(double b, double c, double d, Out& out) {
  if (b != 0 && finite(c / b) && finite(d / b)) {
    quadratic(b, c, d, true, out);
  } else if (c != 0 && finite(d / c)) {
    out.add(-d / c);
  }
}

struct Eval {
  double q, dq, b1, c2;
};

// Horner's scheme for the cubic, its derivative, and the deflated quadratic's coefficients at x.
inline Eval evaluate(double x, double a, double b, double c, double d) {
  double q0 = a * x;
  double b1 = q0 + b;
  double c2 = b1 * x + c;
  return {c2 * x + d, (q0 + b1) * x + c2, b1, c2};
}

// Kahan's iteration; needs a != 0 and coefficients whose terms neither overflow nor underflow.
void kahan(double a, double b, double c, double d, Out& out) {
  if (d == 0) {
    out.add(0);
    quadratic(a, b, c, false, out);
    return;
  }
  double x = -b / (3 * a);
  Eval e = evaluate(x, a, b, c, d);
  double tq = e.q / a;
  double s = tq < 0 ? -1 : 1;
  double t = -e.dq / a;
  double r;
  bool three = false;
  if (t > 0) {
    double st = std::sqrt(t);
    double w = st * 0.5773502691896258;  // sqrt(t / 3)
    double z = std::fabs(tq) / (2 * (w * w * w));
    if (z <= 1) {
      // Three real roots: the outermost lies 2w*cos(acos(z)/3) from the inflection point. A fit of
      // cos(acos(z)/3) over [0, 1] (1.5e-6; Estrin's scheme keeps the dependency chain short) and a
      // margin start Newton within 5.5e-6 beyond it.
      double z2 = z * z;
      r = 2 * w * ((0.866026688442043 + 0.16660954054205634 * z) + z2 * ((-0.04749187647404263 + 0.02186569882343563 * z) + z2 * (-0.008972271775284117 + 0.0019631785312029734 * z))) * 1.000004;
      three = true;
    } else {
      // Else Kahan's start: 1.324718 (the plastic number) times the larger of cbrt|tq| and sqrt(t).
      // The cube root can only win when tq^2 > t^3, so it is skipped otherwise.
      double cr = tq * tq > t * t * t ? cube_root(std::fabs(tq)) : 0;
      r = 1.324718 * (cr > st ? cr : st);
    }
  } else {
    r = cube_root(std::fabs(tq));
  }
  double next = x - s * r;
  if (three || next != x) {
    // Kahan's stop: when the iterate no longer moves forward. From the three-root start two steps are
    // enough: the relative error e becomes at most 1.5*e^2 per step (the root is at least sqrt(t)
    // from the inflection point), so 5.5e-6 falls below rounding level.
    for (int i = 0; i < 200; ++i) {
      x = next;
      e = evaluate(x, a, b, c, d);
      next = e.dq == 0 ? x : x - e.q / (e.dq * 1.000000000000001);  // a hair short of a full step: monotone
      if (three ? i == 1 : s * next <= s * x) break;
    }
    if (three) {
      // Take the second step, and the deflated quadratic at it.
      x = next;
      e.b1 = a * x + b;
      e.c2 = e.b1 * x + c;
    }
    // Deflating through d instead of a is more accurate when the root is small.
    double dx = d / x;
    if (std::fabs(a) * x * x > std::fabs(dx)) {
      e.c2 = -dx;
      e.b1 = (e.c2 - c) / x;
    }
  }
  out.add(x);
  Pair pair;
  if (!quadratic_roots(a, e.b1, e.c2, pair)) return;
  if (pair.close) {
    double gap = std::fabs(pair.r1 - pair.r2);
    pair.r1 = polish(pair.r1, a, b, c, d, gap);
    pair.r2 = polish(pair.r2, a, b, c, d, gap);
  }
  out.add(pair.r1);
  out.add(pair.r2);
}

// Roots of moderate size next to a moderate a: Horner's terms stay far from overflow and underflow.
// Compares |b| with |a|*2^60 rather than |b/a| with 2^60: exact, and no division.
inline bool moderate(double a, double b, double c, double d) {
  double m = std::fabs(a);
  if (!(m >= 0x1p-400 && m <= 0x1p400)) return false;
  double bm = std::fabs(b), cm = std::fabs(c), dm = std::fabs(d);
  return bm <= m * 0x1p60 && cm <= m * 0x1p120 && dm <= m * 0x1p180 &&
         (bm >= m * 0x1p-60 || cm >= m * 0x1p-120 || dm >= m * 0x1p-180);
}

// Exponent of v > 0 (finite): the e with 2^e <= v < 2^(e+1). Loops of exact multiplications, no frexp,
// so the TypeScript side can do exactly the same.
int exponent_of(double v) {
  int e = 0;
  while (v >= 0x1p64) { v *= 0x1p-64; e += 64; }
  while (v < 0x1p-64) { v *= 0x1p64; e -= 64; }
  while (v >= 2) { v *= 0.5; e += 1; }
  while (v < 1) { v *= 2; e -= 1; }
  return e;
}

// v * 2^e, exact whenever the result is a normal number: every step moves the same way, so no
// intermediate overflows or underflows unless the result does.
double scale_by(double v, int e) {
  while (e > 64) { v *= 0x1p64; e -= 64; }
  while (e < -64) { v *= 0x1p-64; e += 64; }
  double p = 1;
  for (; e > 0; --e) p *= 2;
  for (; e < 0; ++e) p *= 0.5;
  return v * p;
}

void Out::add(double x) {
  if (exponent != 0) x = scale_by(x, exponent);
  if (finite(x)) r[n++] = x == 0 ? 0 : x;  // -0 as 0; a root beyond the double range is "negligible"
}

// Any other cubic: with exact powers of two, make 1 <= |a| < 2 and substitute x = 2^e * y with 2^e
// above the roots' bound, so every coefficient is at most about 1, and find the roots there. Roots
// far smaller than the largest underflow in that variable, so the original cubic is then deflated
// with the largest root and the other two come from the quadratic in the original coefficients.
void solve_scaled(double a, double b, double c, double d, double ba, double ca, double da, Out& out) {
  int ea = exponent_of(std::fabs(a));
  double bound = ba;
  double cr = std::sqrt(ca), dr = cube_root(da);
  if (cr > bound) bound = cr;
  if (dr > bound) bound = dr;
  int es = bound > 0 ? exponent_of(bound) + 1 : 0;
  out.exponent = es;
  kahan(scale_by(a, -ea), scale_by(b, -ea - es), scale_by(c, -ea - 2 * es), scale_by(d, -ea - 3 * es), out);
  if (out.n == 0) return;
  double x = out.r[0];  // the largest in magnitude; of two, the lower
  for (int i = 1; i < out.n; ++i) {
    double v = out.r[i];
    if (std::fabs(v) > std::fabs(x) || (std::fabs(v) == std::fabs(x) && v < x)) x = v;
  }
  // Forward deflation, or (x large) Kahan's through d, here multiplied by -x: its constant term is d
  // itself, which stays representable when -d/x would underflow.
  double a2 = a;
  double b1 = a * x + b;
  double c2 = b1 * x + c;
  double dx = d / x;
  if (std::fabs(a) * x * x > std::fabs(dx)) {
    a2 = -x * a;
    b1 = c + dx;
    c2 = d;
  }
  out.n = 0;
  out.exponent = 0;
  out.add(x);
  Pair pair;
  if (wide_quadratic_roots(a2, b1, c2, pair)) {
    out.add(pair.r1);
    out.add(pair.r2);
  }
}

void sort3(Out& out) {
  auto swap_if = [&out](int i, int j) {
    if (out.r[j] < out.r[i]) { double t = out.r[i]; out.r[i] = out.r[j]; out.r[j] = t; }
  };
  if (out.n >= 2) swap_if(0, 1);
  if (out.n == 3) { swap_if(1, 2); swap_if(0, 1); }
}

CubicRoots finish(Out& out) {
  sort3(out);
  CubicRoots result{{kNaN, kNaN, kNaN}, out.n};
  for (int i = 0; i < out.n; ++i) result.root[i] = out.r[i];
  return result;
}

}  // namespace

CubicRoots solve_cubic(double a, double b, double c, double d) {
  Out out;
  if (finite(a) && finite(b) && finite(c) && finite(d)) {
    if (moderate(a, b, c, d)) {
      kahan(a, b, c, d, out);
    } else {
      double ba = std::fabs(b / a), ca = std::fabs(c / a), da = std::fabs(d / a);
      if (a == 0 || !finite(ba) || !finite(ca) || !finite(da)) {
        linear_or_quadratic(b, c, d, out);
      } else {
        solve_scaled(a, b, c, d, ba, ca, da, out);
      }
    }
  }
  return finish(out);
}

namespace {

inline void store(const CubicRoots& r, double* roots, uint8_t* counts, std::size_t i) {
  roots[3 * i] = r.root[0];
  roots[3 * i + 1] = r.root[1];
  roots[3 * i + 2] = r.root[2];
  counts[i] = static_cast<uint8_t>(r.count);
}

// Solves cubics [begin, end), whose coefficients coefficient(i, k) gives: by vector blocks of 8
// when the CPU has the units, lanes off the main path (and the tail) by solve_cubic.
template <typename Coefficients>
void solve_range(Coefficients coefficient, double* roots, uint8_t* counts, std::size_t begin, std::size_t end) {
  SimdLevel level = simd_level();
  std::size_t i = begin;
  if (level != SimdLevel::Scalar) {
    CubicBlock block;
    for (; i + kBlock <= end; i += kBlock) {
      for (int l = 0; l < kBlock; ++l) {
        block.a[l] = coefficient(i + l, 0);
        block.b[l] = coefficient(i + l, 1);
        block.c[l] = coefficient(i + l, 2);
        block.d[l] = coefficient(i + l, 3);
      }
      if (level == SimdLevel::Avx512) solve_block_avx512(block);
      else solve_block_avx2(block);
      for (int l = 0; l < kBlock; ++l) {
        if (!block.on_path[l]) {
          store(solve_cubic(block.a[l], block.b[l], block.c[l], block.d[l]), roots, counts, i + l);
          continue;
        }
        roots[3 * (i + l)] = block.root0[l];
        roots[3 * (i + l) + 1] = block.root1[l];
        roots[3 * (i + l) + 2] = block.root2[l];
        counts[i + l] = block.count[l];
      }
    }
  }
  for (; i < end; ++i) {
    store(solve_cubic(coefficient(i, 0), coefficient(i, 1), coefficient(i, 2), coefficient(i, 3)), roots, counts, i);
  }
}

}  // namespace

void solve_cubics(const double* coeffs, double* roots, uint8_t* counts, std::size_t begin, std::size_t end) {
  solve_range([coeffs](std::size_t i, int k) { return coeffs[4 * i + k]; }, roots, counts, begin, end);
}

void cubic_y_roots(const double* x0, const double* y0, double* roots, uint8_t* counts,
                   std::size_t begin, std::size_t end) {
  // The seed's x0*y^3 + 0*y^2 + 1.5*y - y0.
  solve_range([x0, y0](std::size_t i, int k) { return k == 0 ? x0[i] : k == 1 ? 0.0 : k == 2 ? 1.5 : -y0[i]; },
              roots, counts, begin, end);
}

}  // namespace hotloop
