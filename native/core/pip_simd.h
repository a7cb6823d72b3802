// The x86 vector form of pip_range (core/pip.h): pip_avx2.cc, pip_lookup.h's loops over 4 points
// per ymm vector. Results equal the scalar path's on every point. Call only when cpu.h reports AVX2.
//
// CPUs with AVX-512 run this form too. An 8-lane form (zmm coordinates, cells and answers in ymm,
// the same loops) measured no faster on the 1,000-zone table and 5-10% slower on the seed workload
// (a Zen 5, alternated in one process): the step that costs is the answer lookup, one scalar load
// per point whatever the width, and taking 8 cell indices out of a vector and 8 answers back in
// costs more shuffles than the wider arithmetic saves. (vpgatherdd was slower still.)
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/pip.h"

namespace hotloop {

void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end);

}  // namespace hotloop
