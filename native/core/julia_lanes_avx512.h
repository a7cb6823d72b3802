// Eight doubles in a zmm register: the lane operations julia_stream.h needs, for AVX-512 (no FMA).
// Masks live in k registers, so the escape test, the count and the norm are one instruction each.
// Include only where `HOTLOOP_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx512bw")` (vector_target.h) is in force.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace hotloop {
// File-local (an unnamed namespace): every file that includes this compiles it for its own target,
// so no copy may be merged with one built for another vector unit.
namespace {

struct Lanes512 {
  using V = __m512d;
  using M = __mmask8;
  using C = __m512i;
  static constexpr int kLanes = 8;

  static V splat(double v) { return _mm512_set1_pd(v); }
  // The value, unknown to the optimiser: keeps p * 2 a multiply (GCC would make it p + p).
  static V opaque(V v) {
    asm("" : "+v"(v));
    return v;
  }
  static V load(const double* p) { return _mm512_loadu_pd(p); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static C zero_counts() { return _mm512_setzero_si512(); }
  static M all_lanes(int n) { return static_cast<M>(n >= 8 ? 0xFF : (1u << n) - 1); }
  static bool none(M m) { return m == 0; }
  static bool none(M a, M b) { return (a | b) == 0; }
  // Lanes of `active` not escaped: !(s >= t2), so NaN stays inside as in the reference.
  static M inside(V s, V t2, M active) { return _mm512_mask_cmp_pd_mask(active, s, t2, _CMP_NGE_UQ); }
  static C count(C c, M m) { return _mm512_mask_add_epi64(c, m, c, _mm512_set1_epi64(1)); }
  static V keep_norm(V norm, V s, M active) { return _mm512_mask_mov_pd(norm, active, s); }
  static C splat_count(uint32_t v) { return _mm512_set1_epi64(v); }
  static void dump_counts(int64_t* out, C c) { _mm512_storeu_si512(out, c); }
  // Eight counts, each at most `top`, narrowed to the output's type. (The zero-masking forms with
  // every lane set are the plain instructions; GCC 12's unmasked intrinsics warn of an undefined
  // pass-through operand.)
  static C at_most(C c, C top) { return _mm512_maskz_min_epu64(0xFF, c, top); }
  static void store_counts(uint16_t* out, C c, C top) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm512_maskz_cvtepi64_epi16(0xFF, at_most(c, top)));
  }
  static void store_counts(uint32_t* out, C c, C top) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm512_maskz_cvtepi64_epi32(0xFF, at_most(c, top)));
  }
  // Norms of the lanes that escaped before `top`, 0 elsewhere.
  static void store_norms(double* out, V norm, C c, C top) {
    _mm512_storeu_pd(out, _mm512_maskz_mov_pd(_mm512_cmplt_epu64_mask(c, top), norm));
  }
  static void store(double* out, V v) { _mm512_storeu_pd(out, v); }
};

}  // namespace
}  // namespace hotloop
