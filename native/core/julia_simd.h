// The vector forms of julia_rows, one per vector unit (julia_avx2.cc, julia_avx512.cc, julia_simd128.cc): pixels
// [first, last) of the grid in row-major order, the counts and norms as julia_rows writes them.
// They return false when the grid's control asked to cancel. Call only when cpu.h reports the unit.
#pragma once

#include <cstddef>

#include "core/julia.h"

namespace hotloop {

template <typename Count>
bool julia_pixels_avx2(const JuliaGrid& grid, std::size_t first, std::size_t last, Count* counts, double* norms);
template <typename Count>
bool julia_pixels_avx512(const JuliaGrid& grid, std::size_t first, std::size_t last, Count* counts, double* norms);
// The wasm build's form (julia_simd128.cc), when cpu.h's simd128_enabled().
template <typename Count>
bool julia_pixels_simd128(const JuliaGrid& grid, std::size_t first, std::size_t last, Count* counts, double* norms);

}  // namespace hotloop
