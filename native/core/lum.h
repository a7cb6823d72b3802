// McFACTS shock and jet luminosities over arrays (seed 000's second example), in SI units, with the
// operations of src/lum/physics.ts in the same order and portable log/exp/cbrt, so every element
// equals the TypeScript single call bit for bit. Plain C++17: no Node-API, no exceptions, no threads.
//
// Disk profiles arrive packed as src/lum/profile.ts builds them:
//   [n, extrapolate, x[0..n], then n + 2 segments of (anchor, c0, c1, c2, c3)]
// a piecewise cubic in log radius giving log value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotloop {

// Why an element was refused (the TypeScript side words the error).
enum LumError : int32_t {
  kLumOk = 0,
  kLumBadMass = 1,
  kLumBadRadius = 2,
  kLumBadVelocity = 3,
  kLumBadSpin = 4,
  kLumOutsideAspectRatio = 5,
  kLumOutsideDensity = 6,
  kLumOutsideSoundSpeed = 7,
  kLumNotFinite = 8,  // valid inputs whose luminosity overflows (NaN or infinite)
};

// The first refused element of a range: index == end when none was.
struct LumStatus {
  std::size_t index;
  LumError error;
};

// True when a packed profile is well formed for `length` doubles (n >= 1, sizes agree).
bool lum_profile_valid(const double* packed, std::size_t length);

// out[i] = shock luminosity [W] of remnant i, for i in [begin, end); stops at the first refused element.
LumStatus shock_luminosities(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                             const double* aspect_ratio, const double* density, double* out,
                             std::size_t begin, std::size_t end);

// out[i] = jet luminosity [W]; sound_speed may be null (then (H/R) c / sqrt(a)).
LumStatus jet_luminosities(const double* mass, const double* a, const double* spin, const double* v_kick,
                           const double* aspect_ratio, const double* density, const double* sound_speed,
                           double* out, std::size_t begin, std::size_t end);

}  // namespace hotloop
