// Four doubles in a ymm register: the lane operations julia_stream.h needs, for AVX2 (no FMA: the
// build contracts nothing, and these are the reference's separate multiplies and adds). Masks are
// vectors of all-ones lanes; counts are int64 lanes, and subtracting a mask (-1) adds one.
// Include only where `HOTLOOP_TARGET_BEGIN("avx2")` (vector_target.h) is in force.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace hotloop {
// File-local (an unnamed namespace): every file that includes this compiles it for its own target,
// so no copy may be merged with one built for another vector unit.
namespace {

struct Lanes256 {
  using V = __m256d;
  using M = __m256d;
  using C = __m256i;
  static constexpr int kLanes = 4;

  static V splat(double v) { return _mm256_set1_pd(v); }
  // The value, unknown to the optimiser: keeps p * 2 a multiply (GCC would make it p + p).
  static V opaque(V v) {
    asm("" : "+x"(v));
    return v;
  }
  static V load(const double* p) { return _mm256_loadu_pd(p); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static C zero_counts() { return _mm256_setzero_si256(); }
  // The first n lanes set.
  static M all_lanes(int n) {
    return _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3)));
  }
  static bool none(M m) { return _mm256_movemask_pd(m) == 0; }
  static bool none(M a, M b) { return _mm256_movemask_pd(_mm256_or_pd(a, b)) == 0; }
  // Lanes of `active` not escaped: !(s >= t2), so NaN stays inside as in the reference.
  static M inside(V s, V t2, M active) { return _mm256_and_pd(_mm256_cmp_pd(s, t2, _CMP_NGE_UQ), active); }
  static C count(C c, M m) { return _mm256_sub_epi64(c, _mm256_castpd_si256(m)); }
  static V keep_norm(V norm, V s, M active) { return _mm256_blendv_pd(norm, s, active); }
  static C splat_count(uint32_t v) { return _mm256_set1_epi64x(v); }
  static void dump_counts(int64_t* out, C c) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), c); }
  // Four counts, each at most `top`, narrowed to the output's type (counts stay below 2^33, so
  // the signed compare is right).
  static __m128i clamped(C c, C top) {
    C low = _mm256_blendv_epi8(c, top, _mm256_cmpgt_epi64(c, top));
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(low, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
  }
  static void store_counts(uint16_t* out, C c, C top) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi32(clamped(c, top), clamped(c, top)));
  }
  static void store_counts(uint32_t* out, C c, C top) { _mm_storeu_si128(reinterpret_cast<__m128i*>(out), clamped(c, top)); }
  // Norms of the lanes that escaped before `top`, 0 elsewhere.
  static void store_norms(double* out, V norm, C c, C top) {
    _mm256_storeu_pd(out, _mm256_and_pd(norm, _mm256_castsi256_pd(_mm256_cmpgt_epi64(top, c))));
  }
  static void store(double* out, V v) { _mm256_storeu_pd(out, v); }
};

}  // namespace
}  // namespace hotloop
