// The cubic block on AVX-512: 16 lanes as two zmm vectors per operation, so two independent
// dependency chains interleave and hide the latency of division and square root. Chosen at run
// time (cpu.h); never built with -march=native.
#if defined(__x86_64__)
#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx512bw")
// GCC 12's own _mm512_sqrt_pd trips -Wuninitialized inside avx512fintrin.h when inlined; the warning
// is about the header's undefined passthrough operand, not our code.
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include "core/cubic_block.h"

namespace hotloop {
namespace {

struct V {
  __m512d lo, hi;
};
using M = __mmask16;  // bit i: lane i (lo holds lanes 0-7, hi lanes 8-15)

inline V splat(double v) { return {_mm512_set1_pd(v), _mm512_set1_pd(v)}; }
inline V load(const double* p) { return {_mm512_loadu_pd(p), _mm512_loadu_pd(p + 8)}; }
inline void store(double* p, V v) {
  _mm512_storeu_pd(p, v.lo);
  _mm512_storeu_pd(p + 8, v.hi);
}
inline V operator+(V a, V b) { return {_mm512_add_pd(a.lo, b.lo), _mm512_add_pd(a.hi, b.hi)}; }
inline V operator-(V a, V b) { return {_mm512_sub_pd(a.lo, b.lo), _mm512_sub_pd(a.hi, b.hi)}; }
inline V operator*(V a, V b) { return {_mm512_mul_pd(a.lo, b.lo), _mm512_mul_pd(a.hi, b.hi)}; }
inline V operator/(V a, V b) { return {_mm512_div_pd(a.lo, b.lo), _mm512_div_pd(a.hi, b.hi)}; }
inline V operator-(V a) {  // exact negation: flip the sign bit
  __m512d sign = _mm512_set1_pd(-0.0);
  return {_mm512_xor_pd(a.lo, sign), _mm512_xor_pd(a.hi, sign)};
}
inline V sqrt_v(V a) { return {_mm512_sqrt_pd(a.lo), _mm512_sqrt_pd(a.hi)}; }
inline V abs_v(V a) { return {_mm512_abs_pd(a.lo), _mm512_abs_pd(a.hi)}; }

template <int kPredicate>
inline M compare(V a, V b) {
  return static_cast<M>(_mm512_cmp_pd_mask(a.lo, b.lo, kPredicate) |
                        (static_cast<unsigned>(_mm512_cmp_pd_mask(a.hi, b.hi, kPredicate)) << 8));
}
// The predicates of C++'s operators: ordered, except != which is true for NaN.
inline M lt(V a, V b) { return compare<_CMP_LT_OQ>(a, b); }
inline M le(V a, V b) { return compare<_CMP_LE_OQ>(a, b); }
inline M gt(V a, V b) { return compare<_CMP_GT_OQ>(a, b); }
inline M ge(V a, V b) { return compare<_CMP_GE_OQ>(a, b); }
inline M eq(V a, V b) { return compare<_CMP_EQ_OQ>(a, b); }
inline M ne(V a, V b) { return compare<_CMP_NEQ_UQ>(a, b); }
inline V select(M m, V a, V b) {
  return {_mm512_mask_blend_pd(static_cast<__mmask8>(m), b.lo, a.lo),
          _mm512_mask_blend_pd(static_cast<__mmask8>(m >> 8), b.hi, a.hi)};
}
inline bool any(M m) { return m != 0; }
inline void lane_set(int64_t* out, M m) {
  for (int i = 0; i < 16; ++i) out[i] = (m >> i) & 1;
}
inline void lane_count(uint8_t* out, M a, M b, M c) {
  for (int i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(((a >> i) & 1) + ((b >> i) & 1) + ((c >> i) & 1));
}

}  // namespace
}  // namespace hotloop

#include "core/cubic_lanes.h"

namespace hotloop {
void solve_block_avx512(CubicBlock& block) { solve_lanes(block, 0); }
}  // namespace hotloop
HOTLOOP_TARGET_END()
#endif
