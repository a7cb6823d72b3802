#include "core/julia.h"

#include "core/cpu.h"
#include "core/julia_simd.h"

namespace hotloop {

namespace {

// One pixel, the reference loop: the scalar path, and the definition every vector path matches.
template <typename Count>
void pixel(const JuliaGrid& g, double re, double im, Count& count, double& norm) {
  double rr = re * re;
  double ii = im * im;
  for (uint32_t n = 0; n < g.itermax; ++n) {
    if ((n + 1) % kCancelStride == 0 && g.control.cancelled()) throw Cancelled{};
    double p = re * im;
    im = (p + p) + g.ci;  // p + p is re*im + im*re exactly, as numpy's complex square
    re = (rr - ii) + g.cr;
    rr = re * re;
    ii = im * im;
    double s = rr + ii;
    if (s >= g.t2) {
      count = static_cast<Count>(n);
      norm = s;
      return;
    }
  }
  count = static_cast<Count>(g.itermax);
  norm = 0;
}

}  // namespace

template <typename Count>
void julia_rows(const JuliaGrid& g, std::size_t row_begin, std::size_t row_end, Count* counts, double* norms) {
  // The vector kernels take the rows as one run of pixels: rows are contiguous in counts and norms.
  const std::size_t first = row_begin * g.width, last = row_end * g.width;
#if defined(__x86_64__)
  switch (simd_level()) {
    case SimdLevel::Avx512:
      if (!julia_pixels_avx512(g, first, last, counts, norms)) throw Cancelled{};
      return;
    case SimdLevel::Avx2:
      if (!julia_pixels_avx2(g, first, last, counts, norms)) throw Cancelled{};
      return;
    default:
      break;
  }
#endif
  double unused = 0;
  for (std::size_t row = row_begin; row < row_end; ++row) {
    for (std::size_t x = 0; x < g.width; ++x) {
      const std::size_t i = row * g.width + x;
      pixel(g, g.xs[x], g.ys[row], counts[i], norms != nullptr ? norms[i] : unused);
    }
  }
}

template <typename Count>
void julia_levels(const Count* counts, const uint8_t* table, uint8_t* levels, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) levels[i] = table[counts[i]];
}

template void julia_levels<uint16_t>(const uint16_t*, const uint8_t*, uint8_t*, std::size_t, std::size_t);
template void julia_rows<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*, double*);
template void julia_rows<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*, double*);

}  // namespace hotloop
