#include "core/pip_simd.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hotloop {

#if defined(__x86_64__)

__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl")))
void pip_range_avx512(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                      std::size_t begin, std::size_t end) {
  const double* g = z.grid_box;
  const __m512d min_x = _mm512_set1_pd(g[0]), min_y = _mm512_set1_pd(g[1]);
  const __m512d max_x = _mm512_set1_pd(g[2]), max_y = _mm512_set1_pd(g[3]);
  const __m512d per_x = _mm512_set1_pd(g[4]), per_y = _mm512_set1_pd(g[5]);
  const __m512d last_x = _mm512_set1_pd(g[6] - 1), last_y = _mm512_set1_pd(g[7] - 1);
  const __m256i width = _mm256_set1_epi32(static_cast<int32_t>(g[6])), none = _mm256_set1_epi32(-1);
  const __m256i undecided = _mm256_set1_epi32(kUndecided);
  PipPipeline pipeline(z, lat, lon, out, mode);
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    __m512d x = _mm512_loadu_pd(lon + i);
    __m512d y = _mm512_loadu_pd(lat + i);
    // Ordered comparisons: NaN lanes are outside, as in the scalar in_box.
    __mmask8 in = _mm512_cmp_pd_mask(x, min_x, _CMP_GE_OQ) & _mm512_cmp_pd_mask(x, max_x, _CMP_LE_OQ) &
                  _mm512_cmp_pd_mask(y, min_y, _CMP_GE_OQ) & _mm512_cmp_pd_mask(y, max_y, _CMP_LE_OQ);
    if (in == 0) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), none);
      continue;
    }
    // cell_of: (value - origin) * per, clamped to the last cell as a double, then truncated. In the
    // box the product is >= 0 and finite or +inf, so the clamp alone keeps the conversion in range
    // (as cell_of's); lanes outside the box are masked off.
    __m256i cx = _mm512_maskz_cvttpd_epi32(in, _mm512_min_pd(_mm512_mul_pd(_mm512_sub_pd(x, min_x), per_x), last_x));
    __m256i cy = _mm512_maskz_cvttpd_epi32(in, _mm512_min_pd(_mm512_mul_pd(_mm512_sub_pd(y, min_y), per_y), last_y));
    __m256i cell = _mm256_add_epi32(_mm256_mullo_epi32(cy, width), cx);
    // The cell's stored answer; lanes outside the grid keep -1. Undecided lanes get the full test.
    __m256i known = _mm256_mmask_i32gather_epi32(none, in, cell, z.cell_answer, 4);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), known);
    unsigned busy = _mm256_cmpeq_epi32_mask(known, undecided);
    pipeline.push_lanes(busy, i, 8);
  }
  pipeline.finish();
  for (; i < end; ++i) out[i] = pip_first(z, lon[i], lat[i], mode);
}

__attribute__((target("avx2,fma")))
void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end) {
  const double* g = z.grid_box;
  const __m256d min_x = _mm256_set1_pd(g[0]), min_y = _mm256_set1_pd(g[1]);
  const __m256d max_x = _mm256_set1_pd(g[2]), max_y = _mm256_set1_pd(g[3]);
  const __m256d per_x = _mm256_set1_pd(g[4]), per_y = _mm256_set1_pd(g[5]);
  const __m256d last_x = _mm256_set1_pd(g[6] - 1), last_y = _mm256_set1_pd(g[7] - 1);
  const __m128i width = _mm_set1_epi32(static_cast<int32_t>(g[6])), none = _mm_set1_epi32(-1);
  const __m128i undecided = _mm_set1_epi32(kUndecided);
  PipPipeline pipeline(z, lat, lon, out, mode);
  std::size_t i = begin;
  for (; i + 4 <= end; i += 4) {
    __m256d x = _mm256_loadu_pd(lon + i);
    __m256d y = _mm256_loadu_pd(lat + i);
    __m256d in_box = _mm256_and_pd(_mm256_and_pd(_mm256_cmp_pd(x, min_x, _CMP_GE_OQ), _mm256_cmp_pd(x, max_x, _CMP_LE_OQ)),
                                   _mm256_and_pd(_mm256_cmp_pd(y, min_y, _CMP_GE_OQ), _mm256_cmp_pd(y, max_y, _CMP_LE_OQ)));
    int in = _mm256_movemask_pd(in_box);
    if (in == 0) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), none);
      continue;
    }
    // cell_of, as in the AVX-512 loop. Lanes outside the box convert to whatever the instruction
    // gives (defined for it), then read cell 0 and answer -1.
    __m128i cx = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(x, min_x), per_x), last_x));
    __m128i cy = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(y, min_y), per_y), last_y));
    // The 4 x 64-bit lane mask narrowed to 4 x 32 bits (the low half of each lane).
    __m128i lanes = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(_mm256_castpd256_pd128(in_box)),
                                                    _mm_castpd_ps(_mm256_extractf128_pd(in_box, 1)), _MM_SHUFFLE(2, 0, 2, 0)));
    __m128i cell = _mm_and_si128(_mm_add_epi32(_mm_mullo_epi32(cy, width), cx), lanes);
    // Four scalar loads, not vpgatherdd: on AMD's AVX2 cores (Zen 2, Zen 3) the gather is microcoded
    // and slower than the loads it stands for.
    alignas(16) int32_t at[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(at), cell);
    const int32_t* answers = z.cell_answer;
    __m128i read = _mm_setr_epi32(answers[at[0]], answers[at[1]], answers[at[2]], answers[at[3]]);
    __m128i known = _mm_or_si128(read, _mm_andnot_si128(lanes, none));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), known);
    unsigned busy = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(known, undecided))));
    pipeline.push_lanes(busy, i, 4);
  }
  pipeline.finish();
  for (; i < end; ++i) out[i] = pip_first(z, lon[i], lat[i], mode);
}

#else

void pip_range_avx512(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                      std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) out[i] = pip_first(z, lon[i], lat[i], mode);
}
void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end) {
  pip_range_avx512(z, lat, lon, out, mode, begin, end);
}

#endif

}  // namespace hotloop
