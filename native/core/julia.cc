#include "core/julia.h"

#include "core/cpu.h"
#include "core/julia_simd.h"

namespace hotloop {

namespace {

// One pixel, the reference loop: the scalar path, and the definition every vector path matches.
// False when cancelled.
template <typename Count>
bool pixel(const JuliaGrid& g, double re, double im, Count& count, double& norm) {
  double rr = re * re;
  double ii = im * im;
  for (uint32_t n = 0; n < g.itermax; ++n) {
    if ((n + 1) % kCancelStride == 0 && g.control.cancelled()) return false;
    double p = re * im;
    im = (p + p) + g.ci;  // p + p is re*im + im*re exactly, as numpy's complex square
    re = (rr - ii) + g.cr;
    rr = re * re;
    ii = im * im;
    double s = rr + ii;
    if (s >= g.t2) {
      count = static_cast<Count>(n);
      norm = s;
      return true;
    }
  }
  count = static_cast<Count>(g.itermax);
  norm = 0;
  return true;
}

}  // namespace

template <typename Count>
bool julia_rows(const JuliaGrid& g, std::size_t row_begin, std::size_t row_end, Count* counts, double* norms) {
  // The vector kernels take the rows as one run of pixels: rows are contiguous in counts and norms.
  const std::size_t first = row_begin * g.width, last = row_end * g.width;
#if defined(__x86_64__)
  switch (simd_level()) {
    case SimdLevel::Avx512:
      return julia_pixels_avx512(g, first, last, counts, norms);
    case SimdLevel::Avx2:
      return julia_pixels_avx2(g, first, last, counts, norms);
    default:
      break;
  }
#elif defined(__wasm_simd128__)
  if (simd128_enabled()) return julia_pixels_simd128(g, first, last, counts, norms);
#endif
  double unused = 0;
  for (std::size_t row = row_begin; row < row_end; ++row) {
    for (std::size_t x = 0; x < g.width; ++x) {
      const std::size_t i = row * g.width + x;
      if (!pixel(g, g.xs[x], g.ys[row], counts[i], norms != nullptr ? norms[i] : unused)) return false;
    }
  }
  return true;
}

template <typename Count>
void julia_levels(const Count* counts, const uint8_t* table, uint8_t* levels, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) levels[i] = table[counts[i]];
}

template void julia_levels<uint16_t>(const uint16_t*, const uint8_t*, uint8_t*, std::size_t, std::size_t);
template bool julia_rows<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template bool julia_rows<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop
