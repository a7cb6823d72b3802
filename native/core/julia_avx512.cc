// julia_rows on AVX-512: julia_stream.h's kernel with slots of two zmm vectors (16 pixels) and 3
// slots, so 6 dependency chains in flight; chosen as for AVX2 (julia_avx2.cc): on a Zen 5 this beat
// 2 and 4 slots of two vectors and 4-6 slots of one.
#if defined(__x86_64__)
#include "core/julia_simd.h"

#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx512bw")
#include <immintrin.h>
#include "core/julia_lanes_avx512.h"
#include "core/julia_stream.h"

namespace hotloop {

namespace {

using Slot = julia_stream::Pair<Lanes512>;
constexpr int kSlots = 3;
constexpr int kCheck = 4;

}  // namespace

template <typename Count>
bool julia_pixels_avx512(const JuliaGrid& g, std::size_t first, std::size_t last, Count* counts, double* norms) {
  if (norms != nullptr) return julia_stream::run<Slot, kSlots, kCheck, true>(g, first, last, counts, norms);
  return julia_stream::run<Slot, kSlots, kCheck, false>(g, first, last, counts, norms);
}

template bool julia_pixels_avx512<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template bool julia_pixels_avx512<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop

HOTLOOP_TARGET_END()
#endif
