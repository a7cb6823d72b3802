// julia_rows on WebAssembly SIMD128 (the wasm build): julia_stream.h's kernel with slots of two
// f64x2 vectors (4 pixels) and 2 slots, so 4 dependency chains in flight. Not 8 as on AVX2: V8
// compiles SIMD128 to the 16 xmm registers, and each chain keeps 5 vectors live (rr, ii, p, count,
// mask) beside the constants, so 8 chains spill to the stack in the inner loop. Measured in one
// process, alternated, median user CPU at 1000x1000 (load 11-12): 2 slots 34.8 ms, 3 slots 35.6 ms,
// 4 slots 38.9 ms, native AVX2 22.0 ms.
#if defined(__wasm_simd128__)
#include "core/julia_lanes_simd128.h"
#include "core/julia_simd.h"
#include "core/julia_stream.h"

namespace hotloop {

namespace {

using Slot = julia_stream::Pair<Lanes128>;
#ifndef JULIA_SIMD128_SLOTS
#define JULIA_SIMD128_SLOTS 2
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
