// Eight points at a time in zmm registers (their cells and answers in ymm): the lane operations
// pip_lookup.h needs, for AVX-512. Masks live in k registers.
// Include only where `#pragma GCC target("avx512f,avx512dq,avx512vl,avx512bw")` is in force.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "core/pip.h"

namespace hotloop {
// File-local (an unnamed namespace): every file that includes this compiles it for its own target,
// so no copy may be merged with one built for another vector unit.
namespace {

struct PipLanes512 {
  static constexpr int kLanes = 8;
  // Lanes whose point lies outside the grid.
  using Outside = __mmask8;

  struct Grid {
    __m512d min_x, min_y, max_x, max_y, per_x, per_y, last_x, last_y;
    __m256i width;
  };
  static Grid grid(const double* b) {
    return {_mm512_set1_pd(b[0]),     _mm512_set1_pd(b[1]),     _mm512_set1_pd(b[2]),
            _mm512_set1_pd(b[3]),     _mm512_set1_pd(b[4]),     _mm512_set1_pd(b[5]),
            _mm512_set1_pd(b[6] - 1), _mm512_set1_pd(b[7] - 1), _mm256_set1_epi32(static_cast<int32_t>(b[6]))};
  }

  // The grid cells of 8 points to cell[0..7] (cell_of on each axis, as pip.cc's cell_of_point), 0
  // for points outside the grid, whose lanes are returned.
  static Outside cells(const Grid& g, const double* lon, const double* lat, int32_t* cell) {
    __m512d x = _mm512_loadu_pd(lon);
    __m512d y = _mm512_loadu_pd(lat);
    // Ordered comparisons: NaN lanes are outside, as in the scalar in_box.
    __mmask8 in = _mm512_cmp_pd_mask(x, g.min_x, _CMP_GE_OQ) & _mm512_cmp_pd_mask(x, g.max_x, _CMP_LE_OQ) &
                  _mm512_cmp_pd_mask(y, g.min_y, _CMP_GE_OQ) & _mm512_cmp_pd_mask(y, g.max_y, _CMP_LE_OQ);
    // cell_of: (value - origin) * per, clamped to the last cell as a double, then truncated. In the
    // box the product is >= 0 and finite or +inf, so the clamp alone keeps the conversion in range;
    // lanes outside the box are zeroed.
    __m256i cx = _mm512_maskz_cvttpd_epi32(in, _mm512_min_pd(_mm512_mul_pd(_mm512_sub_pd(x, g.min_x), g.per_x), g.last_x));
    __m256i cy = _mm512_maskz_cvttpd_epi32(in, _mm512_min_pd(_mm512_mul_pd(_mm512_sub_pd(y, g.min_y), g.per_y), g.last_y));
    _mm256_store_si256(reinterpret_cast<__m256i*>(cell), _mm256_add_epi32(_mm256_mullo_epi32(cy, g.width), cx));
    return static_cast<__mmask8>(~in);
  }

  // The stored answers of 8 cells (-1 where `outside`) to out[0..7]; returns the undecided lanes as
  // bits. Eight scalar loads, not vpgatherdd: on a Zen 5 the gather lost to them by about 5% on a
  // grid in cache and gained nothing on one that misses (bench/pip-units.ts, alternated).
  static unsigned answer(const int32_t* answers, const int32_t* cell, Outside outside, int32_t* out) {
    __m256i read = _mm256_setr_epi32(answers[cell[0]], answers[cell[1]], answers[cell[2]], answers[cell[3]],
                                     answers[cell[4]], answers[cell[5]], answers[cell[6]], answers[cell[7]]);
    __m256i known = _mm256_mask_mov_epi32(read, outside, _mm256_set1_epi32(-1));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), known);
    return _mm256_cmpeq_epi32_mask(known, _mm256_set1_epi32(kUndecided));
  }
};

}  // namespace
}  // namespace hotloop
