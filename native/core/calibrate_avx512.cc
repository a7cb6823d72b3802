// The AVX-512 peak loop (calibrate.h) on julia_stream.h's step.
#if defined(__x86_64__)
#include "core/calibrate.h"

#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx512bw")
#include <immintrin.h>
#include "core/julia_lanes_avx512.h"
#include "core/julia_peak.h"

namespace hotloop {

int64_t julia_peak_avx512(int chains, uint64_t iterations) {
  switch (chains) {
    case 1: return julia_stream::peak<Lanes512, 1>(iterations);
    case 2: return julia_stream::peak<Lanes512, 2>(iterations);
    case 3: return julia_stream::peak<Lanes512, 3>(iterations);
    case 4: return julia_stream::peak<Lanes512, 4>(iterations);
    case 6: return julia_stream::peak<Lanes512, 6>(iterations);
    default: return julia_stream::peak<Lanes512, 8>(iterations);
  }
}

}  // namespace hotloop

HOTLOOP_TARGET_END()
#endif
