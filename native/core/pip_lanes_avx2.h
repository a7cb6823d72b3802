// Four points at a time in ymm registers: the lane operations pip_lookup.h needs, for AVX2.
// Include only where `HOTLOOP_TARGET_BEGIN("avx2")` (vector_target.h) is in force.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "core/pip.h"

namespace hotloop {
// File-local (an unnamed namespace): every file that includes this compiles it for its own target,
// so no copy may be merged with one built for another vector unit.
namespace {

struct PipLanes256 {
  static constexpr int kLanes = 4;
  // Lanes whose point lies outside the grid: all-ones 32-bit lanes.
  using Outside = __m128i;

  struct Grid {
    __m256d min_x, min_y, max_x, max_y, per_x, per_y, last_x, last_y;
    __m128i width;
  };
  static Grid grid(const double* b) {
    return {_mm256_set1_pd(b[0]),     _mm256_set1_pd(b[1]),     _mm256_set1_pd(b[2]),
            _mm256_set1_pd(b[3]),     _mm256_set1_pd(b[4]),     _mm256_set1_pd(b[5]),
            _mm256_set1_pd(b[6] - 1), _mm256_set1_pd(b[7] - 1), _mm_set1_epi32(static_cast<int32_t>(b[6]))};
  }

  // The grid cells of 4 points to cell[0..3] (cell_of on each axis, as pip.cc's cell_of_point), 0
  // for points outside the grid, whose lanes are returned. Lanes outside the box convert whatever
  // they hold (defined for the instruction: the integer indefinite) and are then masked.
  static Outside cells(const Grid& g, const double* lon, const double* lat, int32_t* cell) {
    __m256d x = _mm256_loadu_pd(lon);
    __m256d y = _mm256_loadu_pd(lat);
    // Ordered comparisons: NaN lanes are outside, as in the scalar in_box.
    __m256d in_box = _mm256_and_pd(_mm256_and_pd(_mm256_cmp_pd(x, g.min_x, _CMP_GE_OQ), _mm256_cmp_pd(x, g.max_x, _CMP_LE_OQ)),
                                   _mm256_and_pd(_mm256_cmp_pd(y, g.min_y, _CMP_GE_OQ), _mm256_cmp_pd(y, g.max_y, _CMP_LE_OQ)));
    // cell_of: (value - origin) * per, clamped to the last cell as a double, then truncated.
    __m128i cx = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(x, g.min_x), g.per_x), g.last_x));
    __m128i cy = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(y, g.min_y), g.per_y), g.last_y));
    // The 4 x 64-bit lane mask narrowed to 4 x 32 bits (the low half of each lane).
    __m128i in = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(_mm256_castpd256_pd128(in_box)),
                                                 _mm_castpd_ps(_mm256_extractf128_pd(in_box, 1)), _MM_SHUFFLE(2, 0, 2, 0)));
    _mm_store_si128(reinterpret_cast<__m128i*>(cell), _mm_and_si128(_mm_add_epi32(_mm_mullo_epi32(cy, g.width), cx), in));
    return _mm_cmpeq_epi32(in, _mm_setzero_si128());
  }

  // The stored answers of 4 cells (-1 where `outside`) to out[0..3]; returns the undecided lanes as
  // bits. Four scalar loads, not vpgatherdd: on AMD's AVX2 cores (Zen 2, Zen 3) the gather is
  // microcoded and slower than the loads it stands for.
  static unsigned answer(const int32_t* answers, const int32_t* cell, Outside outside, int32_t* out) {
    __m128i read = _mm_setr_epi32(answers[cell[0]], answers[cell[1]], answers[cell[2]], answers[cell[3]]);
    __m128i known = _mm_or_si128(read, outside);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), known);
    __m128i busy = _mm_cmpeq_epi32(known, _mm_set1_epi32(kUndecided));
    return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(busy)));
  }
};

}  // namespace
}  // namespace hotloop
