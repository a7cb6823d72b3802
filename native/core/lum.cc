// See lum.h. Each step mirrors src/lum/physics.ts; a comment names the TypeScript it follows.
#include "core/lum.h"

#include <cmath>
#include <limits>

#include "core/cpu.h"
#include "core/lum_blocks.h"
#include "core/lum_profile.h"
#include "core/portable_math.h"

namespace hotloop {

namespace {

// The scalar forms of what lum_physics.h needs (lum_lanes.h has the vector ones).
double cbrt_of(double x) { return portable::cbrt(x); }
double sqrt_of(double x) { return std::sqrt(x); }

}  // namespace

}  // namespace hotloop

#include "core/lum_physics.h"

namespace hotloop {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool positive_finite(double x) { return x > 0 && x < kInfinity; }

using lum_profile::find_segment;
using lum_physics::jet;
using lum_physics::shock;
constexpr auto profile_value = lum_profile::value;

}  // namespace

bool lum_profile_valid(const double* packed, std::size_t length) {
  using lum_profile::kHeader;
  using lum_profile::kSegment;
  if (length < kHeader) return false;
  const double n = packed[0];
  if (!(n >= 1 && n <= 1e9) || n != std::floor(n)) return false;
  return length == static_cast<std::size_t>(kHeader + (n + 1) + kSegment * (n + 2));
}

namespace {

LumStatus shock_scalar(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                       const double* aspect_ratio, const double* density, double* out, std::size_t begin,
                       std::size_t end) {
  for (std::size_t i = begin; i < end; i++) {
    const double m = mass[i];
    const double r = a[i];
    const double v = v_kick[i];
    if (!positive_finite(m)) return {i, kLumBadMass};
    if (!positive_finite(r)) return {i, kLumBadRadius};
    if (!positive_finite(v)) return {i, kLumBadVelocity};
    const double x = portable::log(r);
    const long h_segment = find_segment(aspect_ratio, x);
    if (h_segment < 0) return {i, kLumOutsideAspectRatio};
    const long rho_segment = find_segment(density, x);
    if (rho_segment < 0) return {i, kLumOutsideDensity};
    const double h = profile_value(aspect_ratio, h_segment, x);
    const double rho = profile_value(density, rho_segment, x);
    const double luminosity = shock(smbh_mass, m, r, h, rho, v);
    if (luminosity - luminosity != 0) return {i, kLumNotFinite};
    out[i] = luminosity;
  }
  return {end, kLumOk};
}

LumStatus jet_scalar(const double* mass, const double* a, const double* spin, const double* v_kick,
                     const double* aspect_ratio, const double* density, const double* sound_speed, double* out,
                     std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; i++) {
    const double m = mass[i];
    const double r = a[i];
    const double v = v_kick[i];
    const double chi = spin[i];
    if (!positive_finite(m)) return {i, kLumBadMass};
    if (!positive_finite(r)) return {i, kLumBadRadius};
    if (!positive_finite(v)) return {i, kLumBadVelocity};
    if (!(chi >= 0 && chi <= 1)) return {i, kLumBadSpin};
    const double x = portable::log(r);
    const long rho_segment = find_segment(density, x);
    if (rho_segment < 0) return {i, kLumOutsideDensity};
    double cs;
    if (sound_speed != nullptr) {
      const long segment = find_segment(sound_speed, x);
      if (segment < 0) return {i, kLumOutsideSoundSpeed};
      cs = profile_value(sound_speed, segment, x);
    } else {
      const long segment = find_segment(aspect_ratio, x);
      if (segment < 0) return {i, kLumOutsideAspectRatio};
      cs = lum_physics::sound_speed(r, profile_value(aspect_ratio, segment, x));
    }
    const double luminosity = jet(m, profile_value(density, rho_segment, x), cs, chi, v);
    if (luminosity - luminosity != 0) return {i, kLumNotFinite};
    out[i] = luminosity;
  }
  return {end, kLumOk};
}

}  // namespace

// Vector blocks of kLumBlock where the CPU has the units; a block they refuse, and the tail, go
// through the scalar loop, which finds (and stops at) the first refused element.
LumStatus shock_luminosities(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                             const double* aspect_ratio, const double* density, double* out,
                             std::size_t begin, std::size_t end) {
  std::size_t i = begin;
#if defined(__x86_64__)
  const SimdLevel level = simd_level();
  if (level != SimdLevel::Scalar) {
    auto block = level == SimdLevel::Avx512 ? shock_block_avx512 : shock_block_avx2;
    for (; i + kLumBlock <= end; i += kLumBlock) {
      if (block(smbh_mass, mass + i, a + i, v_kick + i, aspect_ratio, density, out + i)) continue;
      LumStatus status = shock_scalar(smbh_mass, mass, a, v_kick, aspect_ratio, density, out, i, i + kLumBlock);
      if (status.error != kLumOk) return status;
    }
  }
#endif
  LumStatus status = shock_scalar(smbh_mass, mass, a, v_kick, aspect_ratio, density, out, i, end);
  return status.error != kLumOk ? status : LumStatus{end, kLumOk};
}

LumStatus jet_luminosities(const double* mass, const double* a, const double* spin, const double* v_kick,
                           const double* aspect_ratio, const double* density, const double* sound_speed,
                           double* out, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
#if defined(__x86_64__)
  const SimdLevel level = simd_level();
  if (level != SimdLevel::Scalar) {
    auto block = level == SimdLevel::Avx512 ? jet_block_avx512 : jet_block_avx2;
    for (; i + kLumBlock <= end; i += kLumBlock) {
      if (block(mass + i, a + i, spin + i, v_kick + i, aspect_ratio, density, sound_speed, out + i)) continue;
      LumStatus status = jet_scalar(mass, a, spin, v_kick, aspect_ratio, density, sound_speed, out, i, i + kLumBlock);
      if (status.error != kLumOk) return status;
    }
  }
#endif
  LumStatus status = jet_scalar(mass, a, spin, v_kick, aspect_ratio, density, sound_speed, out, i, end);
  return status.error != kLumOk ? status : LumStatus{end, kLumOk};
}

}  // namespace hotloop
