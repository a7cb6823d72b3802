// Doubles with an unbounded exponent, for the cubic solver's careful path (cubic_careful.cc): a value
// is m * 2^e with 1 <= |m| < 2 (or m = 0) and e any integer. Each operation is the IEEE double
// operation on the significands followed by an exact power-of-two normalisation, so it rounds exactly
// as a double with an unlimited exponent range would: no coefficient set can overflow or underflow,
// and subnormal inputs keep every bit. src/cubic/wide.ts has the same operations, so both sides give
// the same bits (frexp/ldexp here and scaling loops there are both exact).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/cubic_cube_root.h"

namespace hotloop::wide {

struct Wide {
  double m;  // 0, or 1 <= |m| < 2
  int e;     // the power of two (0 for zero)
};

constexpr Wide kZero{0, 0};

inline Wide make(double m, int e) {
  if (m == 0) return kZero;
  uint64_t bits;
  std::memcpy(&bits, &m, sizeof bits);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  if (biased == 0x7ff) return {m - m, 0};  // never expected: NaN, dropped later
  if (biased == 0) {  // subnormal (only a coefficient as given): frexp scales it exactly
    int k;
    double f = std::frexp(m, &k);  // m = f * 2^k, 1/2 <= |f| < 1
    return {f * 2, e + k - 1};
  }
  // A normal double: the same significand with the exponent field of [1, 2), exactly.
  bits = (bits & ~(uint64_t{0x7ff} << 52)) | (uint64_t{1023} << 52);
  std::memcpy(&m, &bits, sizeof m);
  return {m, e + biased - 1023};
}

inline Wide of(double v) { return make(v, 0); }
inline Wide neg(Wide x) { return x.m == 0 ? kZero : Wide{-x.m, x.e}; }
inline Wide abs(Wide x) { return x.m < 0 ? Wide{-x.m, x.e} : x; }
inline int sign(Wide x) { return x.m > 0 ? 1 : x.m < 0 ? -1 : 0; }
inline Wide mul(Wide x, Wide y) { return make(x.m * y.m, x.e + y.e); }
inline Wide div(Wide x, Wide y) { return make(x.m / y.m, x.e - y.e); }
inline Wide times(Wide x, double k) { return make(x.m * k, x.e); }

inline Wide add(Wide x, Wide y) {
  if (x.m == 0) return y;
  if (y.m == 0) return x;
  if (x.e < y.e) {
    Wide t = x;
    x = y;
    y = t;
  }
  int d = x.e - y.e;
  // More than 60 places down, y is below half an ulp of x: the rounded sum is x itself.
  if (d > 60) return x;
  uint64_t bits = static_cast<uint64_t>(1023 - d) << 52;  // 2^-d, a normal double
  double p;
  std::memcpy(&p, &bits, sizeof p);
  return make(x.m + y.m * p, x.e);  // y.m * 2^-d >= 2^-60: exact
}

inline Wide sub(Wide x, Wide y) { return add(x, neg(y)); }

// sqrt(x), x >= 0: the exponent made even first, so the square root is exact in it.
inline Wide sqrt(Wide x) {
  if (x.m == 0) return kZero;
  return x.e % 2 == 0 ? make(std::sqrt(x.m), x.e / 2) : make(std::sqrt(2 * x.m), (x.e - 1) / 2);
}

// cube_root(x), x >= 0 (within 3.3e-8, see cubic_cube_root.h).
inline Wide cbrt(Wide x) {
  if (x.m == 0) return kZero;
  int r = ((x.e % 3) + 3) % 3;
  return make(cube_root(x.m * (r == 0 ? 1 : r == 1 ? 2 : 4)), (x.e - r) / 3);
}

// |x| < |y|, exactly.
inline bool smaller(Wide x, Wide y) {
  if (y.m == 0) return false;
  if (x.m == 0) return true;
  if (x.e != y.e) return x.e < y.e;
  return std::fabs(x.m) < std::fabs(y.m);
}

// The nearest double, subnormals included (beyond the range: an infinity). Below 2^-1022 the
// significand is first scaled exactly into [2^-66, 2^52), then multiplied by 2^-1074 once, so that
// multiplication's is the only rounding.
inline double to_double(Wide x) {
  if (x.m == 0) return 0;
  if (x.e > 1023) return x.m * std::numeric_limits<double>::infinity();
  if (x.e >= -1022) return std::ldexp(x.m, x.e);
  if (x.e < -1140) return x.m * 0.0;
  return std::ldexp(x.m, x.e + 1074) * 0x1p-1074;
}

}  // namespace hotloop::wide
