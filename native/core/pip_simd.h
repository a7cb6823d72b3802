// Vector forms of pip_range (core/pip.h): most points of a real workload fall in a grid cell with
// a stored answer (no zone near, or deep inside one), so 8 (AVX-512) or 4 (AVX2) points at a time
// look up their cell with exactly the scalar cell arithmetic and take its answer; only points of
// undecided cells go on to the polygon test. Results equal the scalar path's on every point.
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
