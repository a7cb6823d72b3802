// pip_range on AVX-512: pip_lookup.h's loops, eight points per vector.
#if defined(__x86_64__)
#include "core/pip_simd.h"

// Everything from here on is built for AVX-512, with GCC's pragma or clang's equivalent; the
// headers above are not, so no inline function of theirs gets a copy the CPU may lack.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))), apply_to = function)
#else
#pragma GCC target("avx512f,avx512dq,avx512vl,avx512bw")
#endif
#include <immintrin.h>
#include "core/pip_lanes_avx512.h"
#include "core/pip_lookup.h"

namespace hotloop {

void pip_range_avx512(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                      std::size_t begin, std::size_t end) {
  pip_lookup::pip_range_lanes<PipLanes512>(z, lat, lon, out, mode, begin, end);
}

}  // namespace hotloop

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
