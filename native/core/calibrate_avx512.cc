// The AVX-512 peak loop (calibrate.h) on julia_stream.h's step.
#if defined(__x86_64__)
#include "core/calibrate.h"

// Everything from here on is built for AVX-512, with GCC's pragma or clang's equivalent; the
// headers above are not, so no inline function of theirs gets a copy the CPU may lack.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))), apply_to = function)
#else
#pragma GCC target("avx512f,avx512dq,avx512vl,avx512bw")
#endif
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

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
