// julia_rows on WebAssembly SIMD128 (the wasm build): julia_stream.h's kernel with slots of two
// f64x2 vectors (4 pixels) and 4 slots, so 8 dependency chains in flight, as on AVX2.
#if defined(__wasm_simd128__)
#include "core/julia_lanes_simd128.h"
#include "core/julia_simd.h"
#include "core/julia_stream.h"

namespace hotloop {

namespace {

using Slot = julia_stream::Pair<Lanes128>;
#ifndef JULIA_SIMD128_SLOTS
#define JULIA_SIMD128_SLOTS 4
#endif
constexpr int kSlots = JULIA_SIMD128_SLOTS;
constexpr int kCheck = 4;

}  // namespace

template <typename Count>
bool julia_pixels_simd128(const JuliaGrid& g, std::size_t first, std::size_t last, Count* counts, double* norms) {
  if (norms != nullptr) return julia_stream::run<Slot, kSlots, kCheck, true>(g, first, last, counts, norms);
  return julia_stream::run<Slot, kSlots, kCheck, false>(g, first, last, counts, norms);
}

template bool julia_pixels_simd128<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template bool julia_pixels_simd128<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop
#endif
