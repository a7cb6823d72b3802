// pip_range on AVX2: pip_lookup.h's loops, four points per vector.
#if defined(__x86_64__)
#include "core/pip_simd.h"

// Everything from here on is built for AVX2, with GCC's pragma or clang's equivalent; the headers
// above are not, so no inline function of theirs gets a copy the CPU may lack.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC target("avx2")
#endif
#include <immintrin.h>
#include "core/pip_lanes_avx2.h"
#include "core/pip_lookup.h"

namespace hotloop {

void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end) {
  pip_lookup::pip_range_lanes<PipLanes256>(z, lat, lon, out, mode, begin, end);
}

}  // namespace hotloop

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
