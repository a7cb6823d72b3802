// pip_range on WebAssembly SIMD128 (the wasm build, when cpu.h's simd128_enabled()): the grid-cell
// prefilter of core/pip_simd.h's x86 forms, two f64x2 pairs (four points) at a time. Results equal
// the scalar path's on every point.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/pip.h"

namespace hotloop {

void pip_range_simd128(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                       std::size_t begin, std::size_t end);

}  // namespace hotloop
