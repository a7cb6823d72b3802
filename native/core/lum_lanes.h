// The luminosity kernel on 8 lanes at once, compiled per instruction set by lum_avx512.cc and
// lum_avx2.cc (GCC/Clang vector extensions: one zmm per operation with AVX-512, two ymm with AVX2).
// Every lane performs the scalar code's operations in the same order: portable log/exp/cbrt with
// the exponent read and written through the lanes' bits (exact, as the scalar multiplications by
// powers of two are), the formulas of lum_physics.h, the profile search of lum_profile.h lane by
// lane. A block with an invalid input or a radius outside a profile is left to the scalar code,
// which words the refusal.
#pragma once

#include <cstring>
#include <limits>

#include "core/lum_blocks.h"
#include "core/lum_profile.h"

namespace hotloop {
namespace {

constexpr int kLanes = kLumBlock;
using VD = double __attribute__((vector_size(8 * kLanes)));
using VL = long long __attribute__((vector_size(8 * kLanes)));

inline VD splat(double x) { return VD{} + x; }
inline VD load(const double* p) {
  VD v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(double* p, VD v) { std::memcpy(p, &v, sizeof v); }
inline bool all(VL mask) {
  for (int l = 0; l < kLanes; l++) {
    if (!mask[l]) return false;
  }
  return true;
}
inline VD sqrt_of(VD x) {
  for (int l = 0; l < kLanes; l++) x[l] = __builtin_sqrt(x[l]);
  return x;
}
inline VD floor_of(VD x) {
  for (int l = 0; l < kLanes; l++) x[l] = __builtin_floor(x[l]);
  return x;
}
// 2^n for integer lanes n in [-1022, 1023], from the bits.
inline VD power_of_two(VL n) { return (VD)((n + 1023) << 52); }

// portable::log for positive finite lanes.
inline VD log_of(VD x) {
  const VL small = x < 2.2250738585072014e-308;
  x = small ? x * 18014398509481984.0 : x;
  VD k = small ? splat(-54) : splat(0);
  const VL word = (VL)x;
  k = k + __builtin_convertvector((word >> 52) - 1023, VD);
  VD m = (VD)((word & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);  // x / 2^exponent, exactly
  const VL big = m > 1.4142135623730951;
  m = big ? m * 0.5 : m;
  k = big ? k + 1 : k;
  const VD f = m - 1;
  const VD s = f / (2 + f);
  const VD z = s * s;
  const VD r =
      z * (0.6666666666666666 + z * (0.4 + z * (0.2857142857142857 + z * (0.2222222222222222 + z * (0.18181818181818182 +
      z * (0.15384615384615385 + z * (0.13333333333333333 + z * (0.11764705882352941 + z * (0.10526315789473684 +
      z * 0.09523809523809523)))))))));
  const VD half_square = 0.5 * f * f;
  return k * 0.6931471806019545 - ((half_square - (s * (half_square + r) + k * -4.2009150726810846e-11)) - f);
}

// portable::exp for finite lanes.
inline VD exp_of(VD x) {
  const VD k = floor_of(x * 1.4426950408889634 + 0.5);
  const VD hi = x - k * 0.6931471806019545;
  const VD lo = k * -4.2009150726810846e-11;
  const VD r = hi - lo;
  const VD z = r * r;
  const VD c =
      r - z * (0.16666666666666666 + z * (-0.002777777777777778 + z * (6.613756613756614e-5 + z * (-1.6534391534391535e-6 +
      z * (4.17535139757362e-8 + z * (-1.0568380277374986e-9 + z * 2.6765073061369358e-11))))));
  const VD y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  const VL n = __builtin_convertvector(k, VL);
  const VL low = n < -1022;
  const VL high = n > 1023;
  const VL inside = (n < -1022 ? VL{} - 1022 : n > 1023 ? VL{} + 1023 : n);
  const VL shifted = n + 1000 < -1022 ? VL{} - 1022 : n + 1000;
  VD result = y * power_of_two(inside);
  result = high ? y * power_of_two(VL{} + 1023) * 2 : result;
  result = low ? y * power_of_two(shifted) * power_of_two(VL{} - 1000) : result;
  result = x > 709.782712893384 ? splat(std::numeric_limits<double>::infinity()) : result;
  return x < -745.1332191019412 ? splat(0) : result;
}

// portable::cbrt for non-negative finite lanes (a mass ratio that underflowed to 0 stays 0).
inline VD cbrt_of(VD x) {
  const VL zero = x == 0;
  const VD safe = zero ? splat(1) : x;
  VD y = exp_of(log_of(safe) / 3);
  y = y + (safe / (y * y) - y) / 3;
  return zero ? x : y;
}

// A profile's value at log radii x, lane by lane; sets `outside` when a lane has no segment.
inline VD profile_of(const double* packed, VD x, bool& outside) {
  VD anchor, c0, c1, c2, c3;
  for (int l = 0; l < kLanes; l++) {
    long index = lum_profile::find_segment(packed, x[l]);
    if (index < 0) {
      outside = true;
      index = 0;
    }
    const double* s = lum_profile::segment(packed, index);
    anchor[l] = s[0];
    c0[l] = s[1];
    c1[l] = s[2];
    c2[l] = s[3];
    c3[l] = s[4];
  }
  const VD t = x - anchor;
  return exp_of(c0 + t * (c1 + t * (c2 + t * c3)));
}

inline VL positive_finite(VD x) { return (x > 0) & (x < std::numeric_limits<double>::infinity()); }

}  // namespace
}  // namespace hotloop

#include "core/lum_physics.h"

namespace hotloop {
namespace {

bool shock_lanes(double smbh_mass, const double* mass, const double* a, const double* v_kick, const double* aspect_ratio,
                 const double* density, double* out) {
  const VD m = load(mass), r = load(a), v = load(v_kick);
  if (!all(positive_finite(m) & positive_finite(r) & positive_finite(v))) return false;
  const VD x = log_of(r);
  bool outside = false;
  const VD h = profile_of(aspect_ratio, x, outside);
  const VD rho = profile_of(density, x, outside);
  if (outside) return false;
  const VD luminosity = lum_physics::shock(splat(smbh_mass), m, r, h, rho, v);
  if (!all(luminosity - luminosity == 0)) return false;
  store(out, luminosity);
  return true;
}

bool jet_lanes(const double* mass, const double* a, const double* spin, const double* v_kick, const double* aspect_ratio,
               const double* density, const double* sound_speed, double* out) {
  const VD m = load(mass), r = load(a), chi = load(spin), v = load(v_kick);
  if (!all(positive_finite(m) & positive_finite(r) & positive_finite(v) & (chi >= 0) & (chi <= 1))) return false;
  const VD x = log_of(r);
  bool outside = false;
  const VD rho = profile_of(density, x, outside);
  const VD cs = sound_speed != nullptr ? profile_of(sound_speed, x, outside)
                                       : lum_physics::sound_speed(r, profile_of(aspect_ratio, x, outside));
  if (outside) return false;
  const VD luminosity = lum_physics::jet(m, rho, cs, chi, v);
  if (!all(luminosity - luminosity == 0)) return false;
  store(out, luminosity);
  return true;
}

}  // namespace
}  // namespace hotloop
