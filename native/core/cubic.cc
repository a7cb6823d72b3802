#include "core/cubic.h"

#include <cmath>
#include <limits>

#include "core/cpu.h"
#include "core/cubic_block.h"
#include "core/cubic_careful.h"
#include "core/cubic_cube_root.h"

namespace hotloop {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A quadratic discriminant within this fraction of its terms' size is left to the careful path.
constexpr double kSignDoubt = 0x1p-24;

// Writes r[0..n) ascending, -0 as 0, NaN-padded (src/cubic/reference.ts: finish).
CubicRoots finish(double r0, double r1, double r2, int n) {
  double t;
  if (n >= 2 && r1 < r0) { t = r0; r0 = r1; r1 = t; }
  if (n == 3) {
    if (r2 < r1) { t = r1; r1 = r2; r2 = t; }
    if (r1 < r0) { t = r0; r0 = r1; r1 = t; }
  }
  return {{n > 0 ? (r0 == 0 ? 0 : r0) : kNaN, n > 1 ? (r1 == 0 ? 0 : r1) : kNaN, n > 2 ? (r2 == 0 ? 0 : r2) : kNaN}, n};
}

struct Pair {
  double r1, r2;
  bool close;  // within about 2% of each other
};

// Roots of A*x^2 + B*x + C (A != 0) without the cancellation of the textbook formula: 2, or 0 when
// they are complex, or -1 when the discriminant is too small next to its terms for rounding to have
// left its sign certain.
int quadratic_roots(double A, double B, double C, Pair& pair) {
  double b = B * -0.5;
  double bb = b * b;
  double ac = A * C;
  double q = bb - ac;
  double size = bb > std::fabs(ac) ? bb : std::fabs(ac);
  if (!(std::fabs(q) > kSignDoubt * size)) return -1;
  if (q < 0) return 0;
  pair.close = q < 1e-4 * bb;
  double r = b + (b < 0 ? -std::sqrt(q) : std::sqrt(q));
  pair.r1 = C / r;
  pair.r2 = r / A;
  return 2;
}

// One Newton step on the cubic from y.
double newton(double y, double a, double b, double c, double d) {
  double q0 = a * y;
  double b1 = q0 + b;
  double c2 = b1 * y + c;
  double df = (q0 + b1) * y + c2;
  double f = c2 * y + d;
  return df == 0 ? y : y - f / df;
}

// One Newton step for a root of the deflated quadratic whose twin is close, taken only when it is
// small next to the gap, so it never jumps to the twin.
double polish(double y, double a, double b, double c, double d, double gap) {
  double f = ((a * y + b) * y + c) * y + d;
  double df = (3 * a * y + 2 * b) * y + c;
  if (df == 0) return y;
  double next = y - f / df;
  return std::fabs(next - y) < 0.25 * gap ? next : y;
}

// Kahan's iteration from x0 - sr until it no longer moves toward x0: the root, or NaN if 200 steps
// were not enough.
double iterate(double x0, double sr, double a, double b, double c, double d) {
  double s = sr < 0 ? -1 : 1;
  double x = x0 - sr;
  if (x == x0) return x0;
  for (int i = 0; i < 200; ++i) {
    double q0 = a * x;
    double b1 = q0 + b;
    double c2 = b1 * x + c;
    double dq = (q0 + b1) * x + c2;
    double q = c2 * x + d;
    double next = dq == 0 ? x : x - q / (dq * 1.000000000000001);  // a hair short of a full step: monotone
    if (s * next <= s * x) return x;
    x = next;
  }
  return kNaN;
}

// The fast path for coefficients moderate_ratios() accepts with |a| within 2^+-300
// (src/cubic/reference.ts: kahan, which explains each step): the roots, or false when it cannot
// vouch for them.
bool kahan(double a, double b, double c, double d, CubicRoots& out) {
  Pair pair;
  if (d == 0) {
    int n = quadratic_roots(a, b, c, pair);
    if (n < 0) return false;
    out = finish(0, pair.r1, pair.r2, 1 + n);
    return true;
  }
  double x0 = -b / (3 * a);
  double q0 = a * x0;
  double b0 = q0 + b;
  double c0 = b0 * x0 + c;
  double dq0 = (q0 + b0) * x0 + c0;
  double ia = 1 / a;
  double tq = (c0 * x0 + d) * ia;
  double s = tq < 0 ? -1 : 1;
  double t = -dq0 * ia;
  double x;
  bool three = false;
  if (t > 0) {
    double st = std::sqrt(t);
    double w = st * 0.5773502691896258;  // sqrt(t / 3)
    double z = std::fabs(tq) / (2 * (w * w * w));
    three = z <= 1;
    if (three) {
      double z2 = z * z;
      double z4 = z2 * z2;
      double fit = (((0.8660254038124684 + 0.16666665933782682 * z) + z2 * (-0.048112205843095404 + 0.02468599974720065 * z)) +
                    z4 * ((-0.015545015126085374 + 0.010728731077177513 * z) + z2 * (-0.007434106311176476 + 0.004622351355264967 * z))) +
                   z4 * z4 * ((-0.002242757763258406 + 0.0007118943724428589 * z) + z2 * -0.00010695469112978473);
      x = x0 - s * (2 * w * fit);
      double q1 = a * x;
      double b1 = q1 + b;
      double c1 = b1 * x + c;
      double dq = (q1 + b1) * x + c1;
      double h = (c1 * x + d) / dq;
      if (!(3 * std::fabs(a * (x - x0)) * h * h <= 0x1p-55 * std::fabs(dq * (x - h)))) return false;
      x -= h;
    } else {
      double cr = tq * tq > t * t * t ? cube_root(std::fabs(tq)) : 0;
      x = iterate(x0, s * 1.324718 * (cr > st ? cr : st), a, b, c, d);
    }
  } else {
    x = iterate(x0, s * cube_root(std::fabs(tq)), a, b, c, d);
  }
  if (!(s * (x - x0) <= 0)) return false;
  double b1 = a * x + b;
  double c2 = b1 * x + c;
  if (std::fabs(a * x * x * x) > std::fabs(d)) {
    c2 = -d / x;
    b1 = (c2 - c) / x;
  }
  int n = quadratic_roots(a, b1, c2, pair);
  if (n < 0 || (n == 2) != three) return false;
  if (n == 0) {
    out = finish(x, 0, 0, 1);
    return true;
  }
  double p0 = pair.r1, p1 = pair.r2;
  if (pair.close) {
    double gap = std::fabs(p0 - p1);
    p0 = polish(p0, a, b, c, d, gap);
    p1 = polish(p1, a, b, c, d, gap);
  } else if (std::fabs(p0 - x) < std::fabs(p1 - x)) {
    p0 = newton(p0, a, b, c, d);
  } else {
    p1 = newton(p1, a, b, c, d);
  }
  out = finish(x, p0, p1, 3);
  return true;
}

// Coefficients the fast path takes, |a| = m: |b/a| within 2^+-60, |c/a| 2^+-120, |d/a| 2^+-180 (or
// zero), compared without division; m itself within 2^+-300, else all four are scaled by a power of
// two first (src/cubic/reference.ts: moderateRatios).
inline bool moderate_ratios(double m, double b, double c, double d) {
  double bm = std::fabs(b), cm = std::fabs(c), dm = std::fabs(d);
  return (b == 0 || (bm <= m * 0x1p60 && bm >= m * 0x1p-60)) &&
         (c == 0 || (cm <= m * 0x1p120 && cm >= m * 0x1p-120)) &&
         (d == 0 || (dm <= m * 0x1p180 && dm >= m * 0x1p-180));
}

// The fast path, on coefficients divided by a power of two near a when a itself is out of range
// (exact, same roots): false when it cannot vouch for the roots.
bool fast(double a, double b, double c, double d, CubicRoots& out) {
  double m = std::fabs(a);
  if (m == 0 || !moderate_ratios(m, b, c, d)) return false;
  if (m >= 0x1p-300 && m <= 0x1p300) return kahan(a, b, c, d, out);
  int e;
  std::frexp(a, &e);  // a = f * 2^e, 1/2 <= |f| < 1: scaling by 2^(1 - e) puts |a| in [1, 2)
  return kahan(std::ldexp(a, 1 - e), std::ldexp(b, 1 - e), std::ldexp(c, 1 - e), std::ldexp(d, 1 - e), out);
}

}  // namespace

CubicRoots solve_cubic(double a, double b, double c, double d) {
  if (!(a - a == 0 && b - b == 0 && c - c == 0 && d - d == 0)) return finish(0, 0, 0, 0);
  CubicRoots out;
  if (fast(a, b, c, d, out)) return out;
  double r[3];
  int n = careful_cubic_roots(a, b, c, d, r);
  return finish(r[0], r[1], r[2], n);
}

namespace {

inline void store(const CubicRoots& r, double* roots, uint8_t* counts, std::size_t i) {
  roots[3 * i] = r.root[0];
  roots[3 * i + 1] = r.root[1];
  roots[3 * i + 2] = r.root[2];
  counts[i] = static_cast<uint8_t>(r.count);
}

// Solves cubics [begin, end), whose coefficients coefficient(i, k) gives: by vector blocks of 16
// when the CPU has the units, lanes the block leaves (and the tail) by solve_cubic.
template <typename Coefficients>
void solve_range(Coefficients coefficient, double* roots, uint8_t* counts, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
#if defined(__x86_64__) || defined(__wasm_simd128__)  // where block files exist (cubic_avx2/avx512/simd128.cc)
#if defined(__wasm_simd128__)
  const bool vector = simd128_enabled();
#else
  const SimdLevel level = simd_level();
  const bool vector = level != SimdLevel::Scalar;
#endif
  if (vector) {
    CubicBlock block;
    for (; i + kBlock <= end; i += kBlock) {
      for (int l = 0; l < kBlock; ++l) {
        block.a[l] = coefficient(i + l, 0);
        block.b[l] = coefficient(i + l, 1);
        block.c[l] = coefficient(i + l, 2);
        block.d[l] = coefficient(i + l, 3);
      }
#if defined(__wasm_simd128__)
      solve_block_simd128(block);
#else
      if (level == SimdLevel::Avx512) solve_block_avx512(block);
      else solve_block_avx2(block);
#endif
      for (int l = 0; l < kBlock; ++l) {
        if (!block.solved[l]) {
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
#endif
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
