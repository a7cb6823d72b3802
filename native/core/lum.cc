// See lum.h. Each step mirrors src/lum/physics.ts; a comment names the TypeScript it follows.
#include "core/lum.h"

#include <cmath>
#include <limits>

#include "core/portable_math.h"

namespace hotloop {

namespace {

constexpr double kG = 6.6743e-11;          // src/units/constants.ts
constexpr double kC = 299792458.0;
constexpr double kFourThirdsPi = 4.188790204786391;
constexpr double kTwoPi = 6.283185307179586;
constexpr double kFourPi = 12.566370614359172;
constexpr double kOneThird = 0.3333333333333333;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

constexpr int kHeader = 2;
constexpr int kSegment = 5;

bool positive_finite(double x) { return x > 0 && x < kInfinity; }

// profile.ts findSegment: -1 when x is outside and the profile does not extrapolate. Inside, the
// segment of the last breakpoint <= x (the same one profile.ts's search finds), searched without
// branches: the comparison picks the half, so no misprediction stalls the pipeline.
long find_segment(const double* packed, double x) {
  const long n = static_cast<long>(packed[0]);
  const double* breaks = packed + kHeader;
  if (x < breaks[0]) return packed[1] != 0 ? 0 : -1;
  if (x > breaks[n]) return packed[1] != 0 ? n + 1 : -1;
  if (x != x) return -1;
  long lo = 0;
  long length = n;
  while (length > 1) {
    const long half = length >> 1;
    lo = x < breaks[lo + half] ? lo : lo + half;
    length -= half;
  }
  return lo + 1;
}

// profile.ts segmentValue, then exp: the profile's value at log radius x.
double profile_value(const double* packed, long segment, double x) {
  const double* s = packed + kHeader + static_cast<long>(packed[0]) + 1 + kSegment * segment;
  const double t = x - s[0];
  return portable::exp(s[1] + t * (s[2] + t * (s[3] + t * s[4])));
}

// physics.ts hillGasVolume.
double hill_gas_volume(double hill, double half_height) {
  if (half_height >= hill) return (hill * hill * hill) * kFourThirdsPi;
  const double inside = hill * hill - (half_height * half_height) * kOneThird;
  return (half_height * inside) * kTwoPi;
}

// physics.ts shockLuminosityOf.
double shock(double smbh_mass, double mass, double a, double aspect_ratio, double density, double v) {
  const double rg = (kG * smbh_mass) / (kC * kC);
  const double orbit = rg * a;
  const double hill = orbit * portable::cbrt((mass / smbh_mass) / 3);
  const double half_height = orbit * aspect_ratio;
  const double gas = density * hill_gas_volume(hill, half_height);
  const double energy = (gas * (v * v)) * 0.5;
  const double crossing = hill / v;
  return energy / crossing;
}

// physics.ts jetLuminosityOf and bondiHoyleLyttletonRate.
double jet(double mass, double density, double sound_speed, double spin, double v) {
  const double speed2 = v * v + sound_speed * sound_speed;
  const double focus = (((kG * kG) * kFourPi) * (mass * mass)) * density;
  const double accretion = focus / (speed2 * std::sqrt(speed2));
  return (accretion * (kC * kC)) * (spin * spin);
}

}  // namespace

bool lum_profile_valid(const double* packed, std::size_t length) {
  if (length < kHeader) return false;
  const double n = packed[0];
  if (!(n >= 1 && n <= 1e9) || n != std::floor(n)) return false;
  return length == static_cast<std::size_t>(kHeader + (n + 1) + kSegment * (n + 2));
}

LumStatus shock_luminosities(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                             const double* aspect_ratio, const double* density, double* out,
                             std::size_t begin, std::size_t end) {
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
    out[i] = shock(smbh_mass, m, r, h, rho, v);
  }
  return {end, kLumOk};
}

LumStatus jet_luminosities(const double* mass, const double* a, const double* spin, const double* v_kick,
                           const double* aspect_ratio, const double* density, const double* sound_speed,
                           double* out, std::size_t begin, std::size_t end) {
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
      // physics.ts diskSoundSpeed.
      cs = kC * (profile_value(aspect_ratio, segment, x) / std::sqrt(r));
    }
    out[i] = jet(m, profile_value(density, rho_segment, x), cs, chi, v);
  }
  return {end, kLumOk};
}

}  // namespace hotloop
