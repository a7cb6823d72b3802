#include "core/polymatch_scan.h"

#include <cstdint>

#include "core/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace hotloop {

namespace {

void scan_scalar(const Candidates& c, std::size_t begin, std::size_t end, double px, double py, double threshold,
                 Best& best) {
  for (std::size_t k = begin; k < end; ++k) {
    double dx = c.cx[k] - px;
    double dy = c.cy[k] - py;
    if (dx * dx + dy * dy < threshold) best.consider(c.area[k], c.item[k]);
  }
}

#if defined(__x86_64__) || defined(__i386__)

// One group of four candidates from k for scan_avx2: the same sub, mul, mul, add as the scalar
// form, lane by lane (no FMA: -ffp-contract=off). Only `live` lanes load (all but in a run's tail,
// where the others load zeros and never count as close).
__attribute__((target("avx2,fma"), always_inline)) inline void scan_group_avx2(const Candidates& c, std::size_t k,
                                                                              __m256i live, __m256d vx, __m256d vy,
                                                                              __m256d vt, __m256d& best_area,
                                                                              __m256i& best_item) {
  const __m128i live32 =
      _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(live, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
  __m256d dx = _mm256_sub_pd(_mm256_maskload_pd(c.cx + k, live), vx);
  __m256d dy = _mm256_sub_pd(_mm256_maskload_pd(c.cy + k, live), vy);
  __m256d d2 = _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy));
  __m256d close = _mm256_and_pd(_mm256_cmp_pd(d2, vt, _CMP_LT_OQ), _mm256_castsi256_pd(live));
  __m256d area = _mm256_maskload_pd(c.area + k, live);
  __m256i item = _mm256_cvtepi32_epi64(_mm_maskload_epi32(c.item + k, live32));
  __m256d smaller = _mm256_cmp_pd(area, best_area, _CMP_LT_OQ);
  __m256d same = _mm256_and_pd(_mm256_cmp_pd(area, best_area, _CMP_EQ_OQ),
                               _mm256_castsi256_pd(_mm256_cmpgt_epi64(best_item, item)));
  __m256d better = _mm256_and_pd(close, _mm256_or_pd(smaller, same));
  best_area = _mm256_blendv_pd(best_area, area, better);
  best_item =
      _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(best_item), _mm256_castsi256_pd(item), better));
}

// Branch-free, as the AVX-512 form: each lane keeps its own best (area, item), items widened to 64
// bits to share the doubles' lanes, and the four are reduced once at the end. (Handing each close
// lane to Best::consider cost a mispredicted branch per group, as about half the candidates of a
// run are close.) Runs are short at the seed's density (about 7 candidates), so the tail is one
// more masked group and the lanes reduce with selects, as in the AVX-512 form.
__attribute__((target("avx2,fma"))) void scan_avx2(const Candidates& c, std::size_t begin, std::size_t end,
                                                   double px, double py, double threshold, Best& best) {
  if (begin >= end) return;
  const __m256d vx = _mm256_set1_pd(px), vy = _mm256_set1_pd(py), vt = _mm256_set1_pd(threshold);
  __m256d best_area = _mm256_set1_pd(best.area);
  __m256i best_item = _mm256_set1_epi64x(best.item);
  std::size_t k = begin;
  for (; k + 4 <= end; k += 4) scan_group_avx2(c, k, _mm256_set1_epi64x(-1), vx, vy, vt, best_area, best_item);
  if (k < end) {
    const __m256i live = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<int64_t>(end - k)), _mm256_setr_epi64x(0, 1, 2, 3));
    scan_group_avx2(c, k, live, vx, vy, vt, best_area, best_item);
  }
  alignas(32) double lane_area[4];
  alignas(32) int64_t lane_item[4];
  _mm256_store_pd(lane_area, best_area);
  _mm256_store_si256(reinterpret_cast<__m256i*>(lane_item), best_item);
  // Each lane started from best: reduce them with selects, then merge once.
  double lowest = lane_area[0];
  for (int lane = 1; lane < 4; ++lane) lowest = lane_area[lane] < lowest ? lane_area[lane] : lowest;
  int64_t item = INT64_MAX;  // at least one lane holds `lowest`, so this is replaced
  for (int lane = 0; lane < 4; ++lane) item = lane_area[lane] == lowest && lane_item[lane] < item ? lane_item[lane] : item;
  best.consider(lowest, static_cast<int32_t>(item));
}

// Branch-free: each lane keeps its own best (area, item) over the run, and the eight are reduced once
// at the end; a branch per close candidate would mispredict about as often as it is taken.
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"))) void scan_avx512(
    const Candidates& c, std::size_t begin, std::size_t end, double px, double py, double threshold, Best& best) {
  if (begin >= end) return;
  const __m512d vx = _mm512_set1_pd(px), vy = _mm512_set1_pd(py), vt = _mm512_set1_pd(threshold);
  __m512d best_area = _mm512_set1_pd(best.area);
  __m256i best_item = _mm256_set1_epi32(best.item);
  for (std::size_t k = begin; k < end; k += 8) {
    // The tail uses masked loads: lanes past the run load nothing and never count as close.
    __mmask8 live = end - k >= 8 ? static_cast<__mmask8>(0xff) : static_cast<__mmask8>((1u << (end - k)) - 1);
    __m512d dx = _mm512_sub_pd(_mm512_maskz_loadu_pd(live, c.cx + k), vx);
    __m512d dy = _mm512_sub_pd(_mm512_maskz_loadu_pd(live, c.cy + k), vy);
    __m512d d2 = _mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy));
    __mmask8 close = _mm512_mask_cmp_pd_mask(live, d2, vt, _CMP_LT_OQ);
    __m512d area = _mm512_maskz_loadu_pd(close, c.area + k);
    __m256i item = _mm256_maskz_loadu_epi32(close, c.item + k);
    __mmask8 smaller = _mm512_mask_cmp_pd_mask(close, area, best_area, _CMP_LT_OQ);
    __mmask8 same = _mm512_mask_cmp_pd_mask(close, area, best_area, _CMP_EQ_OQ);
    __mmask8 better = smaller | _mm256_mask_cmplt_epi32_mask(same, item, best_item);
    best_area = _mm512_mask_mov_pd(best_area, better, area);
    best_item = _mm256_mask_mov_epi32(best_item, better, item);
  }
  alignas(64) double lane_area[8];
  alignas(32) int32_t lane_item[8];
  _mm512_store_pd(lane_area, best_area);
  _mm256_store_si256(reinterpret_cast<__m256i*>(lane_item), best_item);
  // Reduce the lanes with selects (no data-dependent branches), then merge once into best.
  double lowest = lane_area[0];
  for (int lane = 1; lane < 8; ++lane) lowest = lane_area[lane] < lowest ? lane_area[lane] : lowest;
  int32_t item = INT32_MAX;  // at least one lane holds `lowest`, so this is replaced
  for (int lane = 0; lane < 8; ++lane) item = lane_area[lane] == lowest && lane_item[lane] < item ? lane_item[lane] : item;
  best.consider(lowest, item);
}

#endif

#if defined(__wasm_simd128__)

// The AVX2 form over two f64 lanes (the wasm build's vector unit): same operations per candidate,
// each lane keeping its own best (area, item as 64 bits), reduced once at the end.
void scan_simd128(const Candidates& c, std::size_t begin, std::size_t end, double px, double py, double threshold,
                  Best& best) {
  const v128_t vx = wasm_f64x2_splat(px), vy = wasm_f64x2_splat(py), vt = wasm_f64x2_splat(threshold);
  v128_t best_area = wasm_f64x2_splat(best.area);
  v128_t best_item = wasm_i64x2_splat(best.item);
  std::size_t k = begin;
  for (; k + 2 <= end; k += 2) {
    v128_t dx = wasm_f64x2_sub(wasm_v128_load(c.cx + k), vx);
    v128_t dy = wasm_f64x2_sub(wasm_v128_load(c.cy + k), vy);
    v128_t d2 = wasm_f64x2_add(wasm_f64x2_mul(dx, dx), wasm_f64x2_mul(dy, dy));
    v128_t close = wasm_f64x2_lt(d2, vt);
    v128_t area = wasm_v128_load(c.area + k);
    v128_t item = wasm_i64x2_load32x2(c.item + k);
    v128_t smaller = wasm_f64x2_lt(area, best_area);
    v128_t same = wasm_v128_and(wasm_f64x2_eq(area, best_area), wasm_i64x2_gt(best_item, item));
    v128_t better = wasm_v128_and(close, wasm_v128_or(smaller, same));
    best_area = wasm_v128_bitselect(area, best_area, better);
    best_item = wasm_v128_bitselect(item, best_item, better);
  }
  // Each lane started from best, so consider() can take them in any order.
  best.consider(wasm_f64x2_extract_lane(best_area, 0), static_cast<int32_t>(wasm_i64x2_extract_lane(best_item, 0)));
  best.consider(wasm_f64x2_extract_lane(best_area, 1), static_cast<int32_t>(wasm_i64x2_extract_lane(best_item, 1)));
  scan_scalar(c, k, end, px, py, threshold, best);
}

#endif

}  // namespace

ScanFn select_scan() {
#if defined(__wasm_simd128__)
  if (simd128_enabled()) return scan_simd128;
#endif
#if defined(__x86_64__) || defined(__i386__)
  switch (simd_level()) {
    case SimdLevel::Avx512: return scan_avx512;
    case SimdLevel::Avx2: return scan_avx2;
    default: break;
  }
#endif
  return scan_scalar;
}

}  // namespace hotloop
