// The x86 vector forms of pip_range (core/pip.h), one per vector unit: pip_avx512.cc (8 points
// per vector) and pip_avx2.cc (4), both pip_lookup.h's loops over their lane type. Results equal
// the scalar path's on every point. Call only when cpu.h reports the unit.
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
