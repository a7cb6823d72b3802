// The wasm build's float max/min over a contiguous run (issue 13). The generic kernels turn every
// double into an ordered integer key first (reduce_keys.h); on SIMD128 that takes i64x2.shr_s and
// two bitselects per vector, which V8 lowers to several SSE instructions each. Here the run is
// reduced as floats instead, with f32x4/f64x2.pmax/pmin (one maxpd/minpd in V8), and the two cases
// where float compares disagree with the key order are settled apart:
//  - NaN: pmax/pmin keep the accumulator when the element is NaN, so a NaN lane flag (x != x) is
//    or-ed per vector and checked once per run; any NaN gives the NaN key, as the keys would.
//  - -0 vs +0: compares call them equal, so which zero pmax keeps is not the key order's. When the
//    run's extreme is a zero, the caller re-reduces the run with the keys (rare, and exact).
// Included by reduce_kernels.h only under __wasm_simd128__.
#pragma once

#include <wasm_simd128.h>

#include <cstddef>
#include <optional>
#include <type_traits>

#include "core/reduce_keys.h"

namespace hotloop::reduce_detail::simd128 {

template <class F>
struct Lanes;

template <>
struct Lanes<double> {
  static constexpr std::size_t L = 2;
  static HOTLOOP_INLINE v128_t splat(double x) { return wasm_f64x2_splat(x); }
  static HOTLOOP_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f64x2_pmax(a, b); }
  static HOTLOOP_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f64x2_pmin(a, b); }
  static HOTLOOP_INLINE v128_t is_nan(v128_t x) { return wasm_f64x2_ne(x, x); }
  static HOTLOOP_INLINE double lane(v128_t v, int l) {
    return l == 0 ? wasm_f64x2_extract_lane(v, 0) : wasm_f64x2_extract_lane(v, 1);
  }
};

template <>
struct Lanes<float> {
  static constexpr std::size_t L = 4;
  static HOTLOOP_INLINE v128_t splat(float x) { return wasm_f32x4_splat(x); }
  static HOTLOOP_INLINE v128_t pmax(v128_t a, v128_t b) { return wasm_f32x4_pmax(a, b); }
  static HOTLOOP_INLINE v128_t pmin(v128_t a, v128_t b) { return wasm_f32x4_pmin(a, b); }
  static HOTLOOP_INLINE v128_t is_nan(v128_t x) { return wasm_f32x4_ne(x, x); }
  static HOTLOOP_INLINE float lane(v128_t v, int l) {
    switch (l) {
      case 0: return wasm_f32x4_extract_lane(v, 0);
      case 1: return wasm_f32x4_extract_lane(v, 1);
      case 2: return wasm_f32x4_extract_lane(v, 2);
      default: return wasm_f32x4_extract_lane(v, 3);
    }
  }
};

// The better of two floats, NaN aside: pmax(a, x) = a < x ? x : a keeps `a` on ties and NaN x.
template <bool Max, class F>
HOTLOOP_INLINE F pick_float(F a, F x) {
  return Max ? (a < x ? x : a) : (x < a ? x : a);
}

// Best key of p[0, n) as the generic kernel would compute it, or nothing when the extreme is a
// zero and the key order of -0/+0 must decide (Arg keys make both zeros one key: no fallback).
template <class F, bool Max, bool Arg>
HOTLOOP_INLINE std::optional<typename Keys<F>::K> float_run_best(const F* p, std::size_t n) {
  if (n == 0) return worst<Max, typename Keys<F>::K>();
  using Ln = Lanes<F>;
  constexpr std::size_t L = Ln::L;
  const F start = Max ? -std::numeric_limits<F>::infinity() : std::numeric_limits<F>::infinity();
  F best = start;
  v128_t nan = wasm_i32x4_splat(0);
  std::size_t i = 0;
  if (n >= 4 * L) {
    // Four independent accumulators hide the latency of maxpd/minpd.
    v128_t a0 = Ln::splat(start), a1 = a0, a2 = a0, a3 = a0;
    v128_t n0 = nan, n1 = nan;
    for (; i + 4 * L <= n; i += 4 * L) {
      const v128_t x0 = wasm_v128_load(p + i), x1 = wasm_v128_load(p + i + L);
      const v128_t x2 = wasm_v128_load(p + i + 2 * L), x3 = wasm_v128_load(p + i + 3 * L);
      if constexpr (Max) {
        a0 = Ln::pmax(a0, x0), a1 = Ln::pmax(a1, x1), a2 = Ln::pmax(a2, x2), a3 = Ln::pmax(a3, x3);
      } else {
        a0 = Ln::pmin(a0, x0), a1 = Ln::pmin(a1, x1), a2 = Ln::pmin(a2, x2), a3 = Ln::pmin(a3, x3);
      }
      n0 = wasm_v128_or(n0, wasm_v128_or(Ln::is_nan(x0), Ln::is_nan(x1)));
      n1 = wasm_v128_or(n1, wasm_v128_or(Ln::is_nan(x2), Ln::is_nan(x3)));
    }
    const v128_t a = Max ? Ln::pmax(Ln::pmax(a0, a1), Ln::pmax(a2, a3)) : Ln::pmin(Ln::pmin(a0, a1), Ln::pmin(a2, a3));
    nan = wasm_v128_or(n0, n1);
    for (std::size_t l = 0; l < L; ++l) best = pick_float<Max>(best, Ln::lane(a, static_cast<int>(l)));
  }
  bool any_nan = wasm_v128_any_true(nan);
  for (; i < n; ++i) {
    any_nan |= p[i] != p[i];
    best = pick_float<Max>(best, p[i]);
  }
  if (any_nan) return Keys<F>::template nan_key<Max>();
  if (!Arg && best == F(0)) return std::nullopt;
  return Keys<F>::template key<Max, Arg>(best);
}

}  // namespace hotloop::reduce_detail::simd128
