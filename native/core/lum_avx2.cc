// The luminosity blocks on AVX2: each 8-lane operation is two ymm operations. Chosen at run time (cpu.h).
#if defined(__x86_64__)
#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx2")
// Vectors of 8 doubles are passed between inline functions of this file only; the ABI note is moot.
#pragma GCC diagnostic ignored "-Wpsabi"

#include "core/lum_lanes.h"

namespace hotloop {

bool shock_block_avx2(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                      const double* aspect_ratio, const double* density, double* out) {
  return shock_lanes(smbh_mass, mass, a, v_kick, aspect_ratio, density, out);
}

bool jet_block_avx2(const double* mass, const double* a, const double* spin, const double* v_kick,
                    const double* aspect_ratio, const double* density, const double* sound_speed, double* out) {
  return jet_lanes(mass, a, spin, v_kick, aspect_ratio, density, sound_speed, out);
}

}  // namespace hotloop
HOTLOOP_TARGET_END()
#endif
