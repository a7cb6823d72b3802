// pip_range on AVX2: pip_lookup.h's loops, four points per vector.
#if defined(__x86_64__)
#include "core/pip_simd.h"

#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx2")
#include <immintrin.h>
#include "core/pip_lanes_avx2.h"
#include "core/pip_lookup.h"

namespace hotloop {

void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end) {
  pip_lookup::pip_range_lanes<PipLanes256>(z, lat, lon, out, mode, begin, end);
}

}  // namespace hotloop

HOTLOOP_TARGET_END()
#endif
