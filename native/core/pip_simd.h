// Vector forms of pip_range (core/pip.h): the common case of a sparse workload is a point whose
// grid cell holds no zone, so 8 (AVX-512) or 4 (AVX2) points at a time are tested against the grid
// with exact same arithmetic as the scalar cell lookup, written -1, and only points whose cell has
// candidate zones go on to the scalar polygon test. Results equal the scalar path's on every point.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/pip.h"

namespace hotloop {

void pip_range_avx512(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                      std::size_t begin, std::size_t end);
void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end);

}  // namespace hotloop
