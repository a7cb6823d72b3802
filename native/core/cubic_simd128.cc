// The cubic block on WebAssembly SIMD128 (the wasm build): two passes of 8 lanes, each as four
// f64x2 vectors per operation so independent chains interleave. Chosen when cpu.h's
// simd128_enabled(); the operations are cubic_lanes.h's, so results are those of the scalar path.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include "core/cubic_block.h"

namespace hotloop {
namespace {

constexpr int kParts = 4;  // f64x2 vectors per 8 lanes

struct V {
  v128_t p[kParts];
};
struct M {
  v128_t p[kParts];  // all-ones lanes are true
};

template <class F>
inline V map(F f) {
  V out;
  for (int i = 0; i < kParts; ++i) out.p[i] = f(i);
  return out;
}
template <class F>
inline M map_mask(F f) {
  M out;
  for (int i = 0; i < kParts; ++i) out.p[i] = f(i);
  return out;
}

inline V splat(double v) { return map([&](int) { return wasm_f64x2_splat(v); }); }
inline V load(const double* p) { return map([&](int i) { return wasm_v128_load(p + 2 * i); }); }
inline void store(double* p, V v) {
  for (int i = 0; i < kParts; ++i) wasm_v128_store(p + 2 * i, v.p[i]);
}
inline V operator+(V a, V b) { return map([&](int i) { return wasm_f64x2_add(a.p[i], b.p[i]); }); }
inline V operator-(V a, V b) { return map([&](int i) { return wasm_f64x2_sub(a.p[i], b.p[i]); }); }
inline V operator*(V a, V b) { return map([&](int i) { return wasm_f64x2_mul(a.p[i], b.p[i]); }); }
inline V operator/(V a, V b) { return map([&](int i) { return wasm_f64x2_div(a.p[i], b.p[i]); }); }
inline V operator-(V a) { return map([&](int i) { return wasm_f64x2_neg(a.p[i]); }); }  // flips the sign bit
inline V sqrt_v(V a) { return map([&](int i) { return wasm_f64x2_sqrt(a.p[i]); }); }
inline V abs_v(V a) { return map([&](int i) { return wasm_f64x2_abs(a.p[i]); }); }
inline M operator&(M a, M b) { return map_mask([&](int i) { return wasm_v128_and(a.p[i], b.p[i]); }); }
inline M operator|(M a, M b) { return map_mask([&](int i) { return wasm_v128_or(a.p[i], b.p[i]); }); }
inline M operator~(M a) { return map_mask([&](int i) { return wasm_v128_not(a.p[i]); }); }
// The predicates of C++'s operators: ordered, except != which is true for NaN (as wasm's ne).
inline M lt(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_lt(a.p[i], b.p[i]); }); }
inline M le(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_le(a.p[i], b.p[i]); }); }
inline M gt(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_gt(a.p[i], b.p[i]); }); }
inline M ge(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_ge(a.p[i], b.p[i]); }); }
inline M eq(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_eq(a.p[i], b.p[i]); }); }
inline M ne(V a, V b) { return map_mask([&](int i) { return wasm_f64x2_ne(a.p[i], b.p[i]); }); }
inline V select(M m, V a, V b) { return map([&](int i) { return wasm_v128_bitselect(a.p[i], b.p[i], m.p[i]); }); }
inline bool any(M m) { return wasm_v128_any_true(wasm_v128_or(wasm_v128_or(m.p[0], m.p[1]), wasm_v128_or(m.p[2], m.p[3]))); }
inline int bits(M m) {
  int out = 0;
  for (int i = 0; i < kParts; ++i) out |= wasm_i64x2_bitmask(m.p[i]) << (2 * i);
  return out;
}
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
void solve_block_simd128(CubicBlock& block) {
  solve_lanes(block, 0);
  solve_lanes(block, 8);
}
}  // namespace hotloop
#endif
