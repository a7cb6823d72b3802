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

namespace {

// The grid's answers beyond this many bytes are read in two passes (see cells_ahead_avx2): a
// grid this size outgrows the fast caches, and random points then miss on their cells.
constexpr std::size_t kAnswersCached = 1u << 20;

// The grid cells of 4 points (cell_of on each axis, as in the AVX-512 loop), 0 for points outside
// the grid, whose lanes are set in *outside. Lanes outside the box convert whatever they hold
// (defined for the instruction) and are then masked.
struct Avx2Grid {
  __m256d min_x, min_y, max_x, max_y, per_x, per_y, last_x, last_y;
  __m128i width;
};

__attribute__((target("avx2,fma"))) inline __m128i cells_avx2(const Avx2Grid& g, const double* lon, const double* lat,
                                                                  __m128i* outside) {
  __m256d x = _mm256_loadu_pd(lon);
  __m256d y = _mm256_loadu_pd(lat);
  // Ordered comparisons: NaN lanes are outside, as in the scalar in_box.
  __m256d in_box = _mm256_and_pd(_mm256_and_pd(_mm256_cmp_pd(x, g.min_x, _CMP_GE_OQ), _mm256_cmp_pd(x, g.max_x, _CMP_LE_OQ)),
                                 _mm256_and_pd(_mm256_cmp_pd(y, g.min_y, _CMP_GE_OQ), _mm256_cmp_pd(y, g.max_y, _CMP_LE_OQ)));
  __m128i cx = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(x, g.min_x), g.per_x), g.last_x));
  __m128i cy = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_mul_pd(_mm256_sub_pd(y, g.min_y), g.per_y), g.last_y));
  // The 4 x 64-bit lane mask narrowed to 4 x 32 bits (the low half of each lane).
  __m128i lanes = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(_mm256_castpd256_pd128(in_box)),
                                                  _mm_castpd_ps(_mm256_extractf128_pd(in_box, 1)), _MM_SHUFFLE(2, 0, 2, 0)));
  *outside = _mm_cmpeq_epi32(lanes, _mm_setzero_si128());
  return _mm_and_si128(_mm_add_epi32(_mm_mullo_epi32(cy, g.width), cx), lanes);
}

// The stored answers of 4 cells (-1 where `outside`) to out, their undecided lanes to the pipeline.
// Four scalar loads, not vpgatherdd: on AMD's AVX2 cores (Zen 2, Zen 3) the gather is microcoded
// and slower than the loads it stands for.
__attribute__((target("avx2,fma"))) inline void answer_avx2(const PipZones& z, const int32_t* cell, __m128i outside,
                                                              int32_t* out, std::size_t i, PipPipeline& pipeline) {
  const int32_t* answers = z.cell_answer;
  __m128i read = _mm_setr_epi32(answers[cell[0]], answers[cell[1]], answers[cell[2]], answers[cell[3]]);
  __m128i known = _mm_or_si128(read, outside);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), known);
  __m128i busy = _mm_cmpeq_epi32(known, _mm_set1_epi32(kUndecided));
  pipeline.push_lanes(static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(busy))), i, 4);
}

// A grid in cache: each group of 4 points looks up its cells and answers at once.
__attribute__((target("avx2,fma"))) std::size_t cells_direct_avx2(const PipZones& z, const Avx2Grid& g, const double* lat,
                                                                    const double* lon, int32_t* out, std::size_t begin,
                                                                    std::size_t end, PipPipeline& pipeline) {
  std::size_t i = begin;
  for (; i + 4 <= end; i += 4) {
    __m128i outside;
    alignas(16) int32_t cell[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(cell), cells_avx2(g, lon + i, lat + i, &outside));
    answer_avx2(z, cell, outside, out, i, pipeline);
  }
  return i;
}

// A grid larger than the caches: blocks of points in two passes. The first finds the cells and
// requests their answers, with no load that waits on another, so a whole block's misses are in
// flight at once; the second reads the answers. (A grid in cache loses by the extra pass.)
__attribute__((target("avx2,fma"))) std::size_t cells_ahead_avx2(const PipZones& z, const Avx2Grid& g, const double* lat,
                                                                   const double* lon, int32_t* out, std::size_t begin,
                                                                   std::size_t end, PipPipeline& pipeline) {
  constexpr std::size_t kBlock = 256;
  alignas(16) int32_t cells[kBlock];
  __m128i outside[kBlock / 4];
  std::size_t i = begin;
  while (end - i >= 4) {
    std::size_t count = end - i < kBlock ? (end - i) & ~std::size_t{3} : kBlock;
    for (std::size_t k = 0; k < count; k += 4) {
      __m128i cell = cells_avx2(g, lon + i + k, lat + i + k, &outside[k / 4]);
      _mm_store_si128(reinterpret_cast<__m128i*>(cells + k), cell);
      __builtin_prefetch(z.cell_answer + _mm_cvtsi128_si32(cell));
      __builtin_prefetch(z.cell_answer + _mm_extract_epi32(cell, 1));
      __builtin_prefetch(z.cell_answer + _mm_extract_epi32(cell, 2));
      __builtin_prefetch(z.cell_answer + _mm_extract_epi32(cell, 3));
    }
    for (std::size_t k = 0; k < count; k += 4) answer_avx2(z, cells + k, outside[k / 4], out, i + k, pipeline);
    i += count;
  }
  return i;
}

}  // namespace

__attribute__((target("avx2,fma")))
void pip_range_avx2(const PipZones& z, const double* lat, const double* lon, int32_t* out, Boundary mode,
                    std::size_t begin, std::size_t end) {
  const double* b = z.grid_box;
  const Avx2Grid g{_mm256_set1_pd(b[0]), _mm256_set1_pd(b[1]), _mm256_set1_pd(b[2]), _mm256_set1_pd(b[3]),
                   _mm256_set1_pd(b[4]), _mm256_set1_pd(b[5]), _mm256_set1_pd(b[6] - 1), _mm256_set1_pd(b[7] - 1),
                   _mm_set1_epi32(static_cast<int32_t>(b[6]))};
  PipPipeline pipeline(z, lat, lon, out, mode);
  // The grid's cell count (columns x rows) fits in int32: addon/pip.cc checked it against the arrays.
  std::size_t answer_bytes = sizeof(int32_t) * static_cast<std::size_t>(b[6]) * static_cast<std::size_t>(b[7]);
  std::size_t i = answer_bytes > kAnswersCached ? cells_ahead_avx2(z, g, lat, lon, out, begin, end, pipeline)
                                                : cells_direct_avx2(z, g, lat, lon, out, begin, end, pipeline);
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
