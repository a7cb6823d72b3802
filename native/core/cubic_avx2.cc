// The cubic block on AVX2: two passes of 8 lanes, each as two ymm vectors per operation so two
// dependency chains interleave. Chosen at run time (cpu.h).
#if defined(__x86_64__)
#include "core/vector_target.h"

HOTLOOP_TARGET_BEGIN("avx2")
#include <immintrin.h>

#include "core/cubic_block.h"

namespace hotloop {
namespace {

struct V {
  __m256d lo, hi;
};
struct M {
  __m256d lo, hi;  // all-ones lanes are true
};

inline V splat(double v) { return {_mm256_set1_pd(v), _mm256_set1_pd(v)}; }
inline V load(const double* p) { return {_mm256_loadu_pd(p), _mm256_loadu_pd(p + 4)}; }
inline void store(double* p, V v) {
  _mm256_storeu_pd(p, v.lo);
  _mm256_storeu_pd(p + 4, v.hi);
}
inline V operator+(V a, V b) { return {_mm256_add_pd(a.lo, b.lo), _mm256_add_pd(a.hi, b.hi)}; }
inline V operator-(V a, V b) { return {_mm256_sub_pd(a.lo, b.lo), _mm256_sub_pd(a.hi, b.hi)}; }
inline V operator*(V a, V b) { return {_mm256_mul_pd(a.lo, b.lo), _mm256_mul_pd(a.hi, b.hi)}; }
inline V operator/(V a, V b) { return {_mm256_div_pd(a.lo, b.lo), _mm256_div_pd(a.hi, b.hi)}; }
inline V operator-(V a) {  // exact negation: flip the sign bit
  __m256d sign = _mm256_set1_pd(-0.0);
  return {_mm256_xor_pd(a.lo, sign), _mm256_xor_pd(a.hi, sign)};
}
inline V sqrt_v(V a) { return {_mm256_sqrt_pd(a.lo), _mm256_sqrt_pd(a.hi)}; }
inline V abs_v(V a) {
  __m256d sign = _mm256_set1_pd(-0.0);
  return {_mm256_andnot_pd(sign, a.lo), _mm256_andnot_pd(sign, a.hi)};
}
inline M operator&(M a, M b) { return {_mm256_and_pd(a.lo, b.lo), _mm256_and_pd(a.hi, b.hi)}; }
inline M operator|(M a, M b) { return {_mm256_or_pd(a.lo, b.lo), _mm256_or_pd(a.hi, b.hi)}; }
inline M operator~(M a) {
  __m256d ones = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  return {_mm256_xor_pd(a.lo, ones), _mm256_xor_pd(a.hi, ones)};
}

template <int kPredicate>
inline M compare(V a, V b) {
  return {_mm256_cmp_pd(a.lo, b.lo, kPredicate), _mm256_cmp_pd(a.hi, b.hi, kPredicate)};
}
// The predicates of C++'s operators: ordered, except != which is true for NaN.
inline M lt(V a, V b) { return compare<_CMP_LT_OQ>(a, b); }
inline M le(V a, V b) { return compare<_CMP_LE_OQ>(a, b); }
inline M gt(V a, V b) { return compare<_CMP_GT_OQ>(a, b); }
inline M ge(V a, V b) { return compare<_CMP_GE_OQ>(a, b); }
inline M eq(V a, V b) { return compare<_CMP_EQ_OQ>(a, b); }
inline M ne(V a, V b) { return compare<_CMP_NEQ_UQ>(a, b); }
inline V select(M m, V a, V b) { return {_mm256_blendv_pd(b.lo, a.lo, m.lo), _mm256_blendv_pd(b.hi, a.hi, m.hi)}; }
inline bool any(M m) { return (_mm256_movemask_pd(m.lo) | _mm256_movemask_pd(m.hi)) != 0; }
inline int bits(M m) { return _mm256_movemask_pd(m.lo) | (_mm256_movemask_pd(m.hi) << 4); }
inline void lane_set(int64_t* out, M m) {
  int set = bits(m);
  for (int i = 0; i < 8; ++i) out[i] = (set >> i) & 1;
}
inline void lane_count(uint8_t* out, M a, M b, M c) {
  int x = bits(a), y = bits(b), z = bits(c);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(((x >> i) & 1) + ((y >> i) & 1) + ((z >> i) & 1));
}

}  // namespace
}  // namespace hotloop

#include "core/cubic_lanes.h"

namespace hotloop {
void solve_block_avx2(CubicBlock& block) {
  solve_lanes(block, 0);
  solve_lanes(block, 8);
}
}  // namespace hotloop
HOTLOOP_TARGET_END()
#endif
