// julia_rows on AVX2: julia_stream.h's kernel with slots of two ymm vectors (8 pixels) and 4 slots,
// so 8 dependency chains in flight. On a Zen 5 (AVX2 path) this beat 3 and 5 slots of two vectors
// and 8-12 slots of one, in variants alternated in one process: a refill (one mispredicted branch
// per slot) costs more than the wider slot wastes on pixels that escaped early; and an escape test
// every 4 iterations beat 2 and 8.
#if defined(__x86_64__)
#include "core/julia_simd.h"

#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx2")
#include <immintrin.h>
#include "core/julia_lanes_avx2.h"
#include "core/julia_stream.h"

namespace hotloop {

namespace {

using Slot = julia_stream::Pair<Lanes256>;
constexpr int kSlots = 4;
constexpr int kCheck = 4;

}  // namespace

template <typename Count>
bool julia_pixels_avx2(const JuliaGrid& g, std::size_t first, std::size_t last, Count* counts, double* norms) {
  if (norms != nullptr) return julia_stream::run<Slot, kSlots, kCheck, true>(g, first, last, counts, norms);
  return julia_stream::run<Slot, kSlots, kCheck, false>(g, first, last, counts, norms);
}

template bool julia_pixels_avx2<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template bool julia_pixels_avx2<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop

HOTLOOP_TARGET_END()
#endif
