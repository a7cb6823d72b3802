// The luminosity formulas of src/lum/physics.ts, operation for operation, written once for any
// number type T: double in lum.cc, a vector of lanes in lum_lanes.h. A file including this defines
// first, for its T, `cbrt_of(T)` and `sqrt_of(T)`; comparisons give a mask that `?:` selects with.
// Both sides of a selection are computed, and each lane keeps the one the scalar code computes.
#pragma once

namespace hotloop {
namespace lum_physics {
namespace {  // internal linkage, as portable_math.h

constexpr double kG = 6.6743e-11;  // src/units/constants.ts
constexpr double kC = 299792458.0;
constexpr double kFourThirdsPi = 4.188790204786391;
constexpr double kTwoPi = 6.283185307179586;
constexpr double kFourPi = 12.566370614359172;
constexpr double kOneThird = 0.3333333333333333;

// physics.ts hillGasVolume.
template <typename T>
T hill_gas_volume(T hill, T half_height) {
  const T sphere = (hill * hill * hill) * kFourThirdsPi;
  const T inside = hill * hill - (half_height * half_height) * kOneThird;
  const T slab = (half_height * inside) * kTwoPi;
  return half_height >= hill ? sphere : slab;
}

// physics.ts shockLuminosityOf (gravitationalRadiusOf, hillRadius inlined in the same order).
template <typename T>
T shock(T smbh_mass, T mass, T a, T aspect_ratio, T density, T v) {
  const T rg = (kG * smbh_mass) / (kC * kC);
  const T orbit = rg * a;
  const T hill = orbit * cbrt_of((mass / smbh_mass) / 3);
  const T half_height = orbit * aspect_ratio;
  const T gas = density * hill_gas_volume(hill, half_height);
  const T energy = (gas * (v * v)) * 0.5;
  const T crossing = hill / v;
  return energy / crossing;
}

// physics.ts diskSoundSpeed.
template <typename T>
T sound_speed(T a, T aspect_ratio) {
  return kC * (aspect_ratio / sqrt_of(a));
}

// physics.ts jetLuminosityOf and bondiHoyleLyttletonRate.
template <typename T>
T jet(T mass, T density, T sound_speed, T spin, T v) {
  const T speed2 = v * v + sound_speed * sound_speed;
  const T focus = (((kG * kG) * kFourPi) * (mass * mass)) * density;
  const T accretion = focus / (speed2 * sqrt_of(speed2));
  return (accretion * (kC * kC)) * (spin * spin);
}

}  // namespace
}  // namespace lum_physics
}  // namespace hotloop
