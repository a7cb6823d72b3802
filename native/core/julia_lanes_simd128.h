// Two doubles in a WebAssembly SIMD128 vector: the lane operations julia_stream.h needs, for the
// wasm build (-msimd128; wasm has no FMA, and the reference's separate multiplies and adds are
// kept). Masks are vectors of all-ones lanes; counts are i64x2, and subtracting a mask (-1) adds one.
#pragma once

#include <wasm_simd128.h>

#include <cstdint>

namespace hotloop {
namespace {

struct Lanes128 {
  using V = v128_t;
  using M = v128_t;
  using C = v128_t;
  static constexpr int kLanes = 2;

  static V splat(double v) { return wasm_f64x2_splat(v); }
  // p * 2 or p + p: the same value exactly, whichever the compiler keeps.
  static V opaque(V v) { return v; }
  static V load(const double* p) { return wasm_v128_load(p); }
  static V add(V a, V b) { return wasm_f64x2_add(a, b); }
  static V sub(V a, V b) { return wasm_f64x2_sub(a, b); }
  static V mul(V a, V b) { return wasm_f64x2_mul(a, b); }
  static C zero_counts() { return wasm_i64x2_splat(0); }
  // The first n lanes set.
  static M all_lanes(int n) { return wasm_i64x2_gt(wasm_i64x2_splat(n), wasm_i64x2_make(0, 1)); }
  static bool none(M m) { return !wasm_v128_any_true(m); }
  static bool none(M a, M b) { return !wasm_v128_any_true(wasm_v128_or(a, b)); }
  // Lanes of `active` not escaped: !(s >= t2), so NaN stays inside as in the reference.
  static M inside(V s, V t2, M active) { return wasm_v128_andnot(active, wasm_f64x2_ge(s, t2)); }
  static C count(C c, M m) { return wasm_i64x2_sub(c, m); }
  static V keep_norm(V norm, V s, M active) { return wasm_v128_bitselect(s, norm, active); }
  static C splat_count(uint32_t v) { return wasm_i64x2_splat(v); }
  static void dump_counts(int64_t* out, C c) { wasm_v128_store(out, c); }
  // Counts at most `top` (counts stay below 2^33, so the signed compare is right).
  static C clamped(C c, C top) { return wasm_v128_bitselect(top, c, wasm_i64x2_gt(c, top)); }
  template <typename Count>
  static void store_counts(Count* out, C c, C top) {
    C low = clamped(c, top);
    out[0] = static_cast<Count>(wasm_i64x2_extract_lane(low, 0));
    out[1] = static_cast<Count>(wasm_i64x2_extract_lane(low, 1));
  }
  // Norms of the lanes that escaped before `top`, 0 elsewhere.
  static void store_norms(double* out, V norm, C c, C top) { wasm_v128_store(out, wasm_v128_and(norm, wasm_i64x2_gt(top, c))); }
  static void store(double* out, V v) { wasm_v128_store(out, v); }
};

}  // namespace
}  // namespace hotloop
