// Vector blocks of the luminosity kernel (lum_lanes.h), one per instruction set, chosen at run time
// by lum.cc. Each computes kLumBlock elements and returns false, writing nothing, when an element
// is invalid, outside a profile or not finite: the scalar code then handles (and words) that block.
#pragma once

namespace hotloop {

constexpr int kLumBlock = 8;

bool shock_block_avx512(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                        const double* aspect_ratio, const double* density, double* out);
bool shock_block_avx2(double smbh_mass, const double* mass, const double* a, const double* v_kick,
                      const double* aspect_ratio, const double* density, double* out);
bool jet_block_avx512(const double* mass, const double* a, const double* spin, const double* v_kick,
                      const double* aspect_ratio, const double* density, const double* sound_speed, double* out);
bool jet_block_avx2(const double* mass, const double* a, const double* spin, const double* v_kick,
                    const double* aspect_ratio, const double* density, const double* sound_speed, double* out);

}  // namespace hotloop
