// The bench's peak loop (calibrate.h): julia_stream.h's step on K vectors with no memory to read or
// write, for calibrate.cc, calibrate_avx2.cc and calibrate_avx512.cc (each under its target).
#pragma once

#include <cstdint>

#include "core/julia_stream.h"

namespace hotloop {
namespace julia_stream {
// File-local, as julia_stream.h.
namespace {

// The same iteration on K independent vectors that never escape (z = 0, c = 0, hidden from the
// optimiser) and nothing but the iteration: no pixels to load, no counts to store, no refills. Kept
// in registers as far as the unit has them (16 for AVX2: more chains spill, as the kernel's do).
// The most this unit gives the inner loop: the bench's peak. Returns the lane-iterations counted,
// so the work cannot be optimised away.
template <class W, int K>
int64_t peak(uint64_t iterations) {
  using V = typename W::V;
  using M = typename W::M;
  using C = typename W::C;
  const V zero = W::opaque(W::splat(0.0));
  const Constants<W> k{zero, zero, W::splat(4.0), W::opaque(W::splat(2.0))};
  V rr[K], ii[K], p[K], norm[K];
  C cnt[K];
  M active[K];
#pragma GCC unroll 16
  for (int v = 0; v < K; ++v) {
    // zero * v: each vector starts from its own expression, or the optimiser would merge them.
    rr[v] = ii[v] = p[v] = norm[v] = W::mul(zero, W::splat(v));
    cnt[v] = W::zero_counts();
    active[v] = W::all_lanes(W::kLanes);
  }
  for (uint64_t n = 0; n < iterations; ++n) {
#pragma GCC unroll 16
    for (int v = 0; v < K; ++v) step<W, false>(k, rr[v], ii[v], p[v], cnt[v], active[v], norm[v]);
  }
  int64_t total = 0;
  for (int v = 0; v < K; ++v) {
    int64_t c[W::kLanes];
    W::dump_counts(c, cnt[v]);
    for (int l = 0; l < W::kLanes; ++l) total += c[l];
  }
  return total;
}

}  // namespace
}  // namespace julia_stream
}  // namespace hotloop
