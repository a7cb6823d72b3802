// log, exp and cbrt that give the same bits as src/lum/portable-math.ts: the same operations in the
// same order, using only + - * / and sqrt (correctly rounded; the addon is built with
// -ffp-contract=off, so no FMA) and exact exponent manipulation. libm's log/exp/cbrt and V8's
// Math.* differ in the last bit for some inputs. Accuracy: within 1 ulp. Header-only, no libm, so
// the kernel also compiles for wasm32.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace hotloop {
namespace portable {
// Internal linkage: a file compiled for AVX-512 (lum_avx512.cc) must never lend its copy to the rest.
namespace {

constexpr double kLn2Hi = 0.6931471806019545;  // 28 bits after the point: k * kLn2Hi is exact
constexpr double kLn2Lo = -4.2009150726810846e-11;
constexpr double kInvLn2 = 1.4426950408889634;
constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kTwo54 = 18014398509481984.0;
constexpr double kSmallestNormal = 2.2250738585072014e-308;

// 2^k for an integer k in [-1074, 1023], from its bits (exact, subnormals included).
inline double power_of_two(int k) {
  uint64_t word = k >= -1022 ? static_cast<uint64_t>(k + 1023) << 52 : uint64_t{1} << (k + 1074);
  double value;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

inline double log(double x) {
  if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  if (x == std::numeric_limits<double>::infinity()) return x;
  double k = 0;
  if (x < kSmallestNormal) {
    x *= kTwo54;
    k = -54;
  }
  uint64_t word;
  std::memcpy(&word, &x, sizeof word);
  const int exponent = static_cast<int>(word >> 52) - 1023;  // x is positive and normal here
  k += exponent;
  double m = x * power_of_two(-exponent);  // exact: m in [1, 2)
  if (m > kSqrt2) {
    m *= 0.5;
    k += 1;
  }
  const double f = m - 1;
  const double s = f / (2 + f);
  const double z = s * s;
  const double r =
      z * (0.6666666666666666 + z * (0.4 + z * (0.2857142857142857 + z * (0.2222222222222222 + z * (0.18181818181818182 +
      z * (0.15384615384615385 + z * (0.13333333333333333 + z * (0.11764705882352941 + z * (0.10526315789473684 +
      z * 0.09523809523809523)))))))));
  const double half_square = 0.5 * f * f;
  return k * kLn2Hi - ((half_square - (s * (half_square + r) + k * kLn2Lo)) - f);
}

inline double exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double hi = x - k * kLn2Hi;
  const double lo = k * kLn2Lo;
  const double r = hi - lo;
  const double z = r * r;
  const double c =
      r - z * (0.16666666666666666 + z * (-0.002777777777777778 + z * (6.613756613756614e-5 + z * (-1.6534391534391535e-6 +
      z * (4.17535139757362e-8 + z * (-1.0568380277374986e-9 + z * 2.6765073061369358e-11))))));
  const double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  const int n = static_cast<int>(k);
  if (n > 1023) return y * power_of_two(1023) * 2;
  if (n < -1022) return y * power_of_two(n + 1000) * power_of_two(-1000);
  return y * power_of_two(n);
}

inline double cbrt(double x) {
  if (x != x || x == 0 || x == std::numeric_limits<double>::infinity() || x == -std::numeric_limits<double>::infinity()) return x;
  const double a = x < 0 ? -x : x;
  double y = exp(log(a) / 3);
  y = y + (a / (y * y) - y) / 3;
  return x < 0 ? -y : y;
}

}  // namespace
}  // namespace portable
}  // namespace hotloop
