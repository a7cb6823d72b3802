// The vector Julia kernel, written once for any lane width (julia_avx2.cc and julia_avx512.cc
// include it under their target pragma with their lane type W).
//
// K slots of W::kLanes pixels iterate side by side: K independent dependency chains hide the
// multiply/add latency. A slot whose lanes have all escaped (or that reached itermax) writes its
// counts and takes the next pixels of the range at once, so the chains stay full and no slot waits
// for the slowest pixel of a wide group. Slots are tested every kCheck iterations, one mask test per
// slot; nothing else leaves the vector registers. A slot may so run up to kCheck-1 iterations past
// itermax: its lanes' counts are clamped to itermax when stored, which is exact, as a lane still
// inside at itermax counts itermax whatever it does after.
//
// Per slot only rr = re^2, ii = im^2 and p = re*im cross iterations, as the next step needs nothing
// else (three vectors per slot, beside the counts and the mask):
//   re = (rr - ii) + cr;  im = (p + p) + ci;  rr = re*re;  ii = im*im;  p = re*im;  s = rr + ii
// p + p is computed as p * 2, the same value exactly (doubling is exact, overflow and NaN alike), so
// the multiply ports take one operation off the add ports.
//
// W provides V (doubles), M (lane mask), C (int64 counts), kLanes and: splat, opaque, load, add,
// sub, mul, zero_counts, splat_count, all_lanes(n), none(m), none(a, b), inside(s, t2, active),
// count(c, inside), keep_norm(norm, s, active), dump_counts(int64_t*, C), store(double*, V),
// store_counts(Count*, C, top) and store_norms(double*, V, C, top).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/julia.h"

namespace hotloop {
namespace julia_stream {
// File-local (an unnamed namespace): each including file builds it for its own vector unit, and a
// copy built for AVX-512 must never be merged into an AVX2 caller.
namespace {

// Two vectors of W as one slot of twice the lanes: twice the work per refill, for twice the pixels
// that must all escape before the slot is done.
template <class W>
struct Pair {
  struct V { typename W::V a, b; };
  struct M { typename W::M a, b; };
  struct C { typename W::C a, b; };
  static constexpr int kLanes = 2 * W::kLanes;
  static constexpr int kHalf = W::kLanes;

  static V splat(double v) { return {W::splat(v), W::splat(v)}; }
  static V opaque(V v) { return {W::opaque(v.a), W::opaque(v.b)}; }
  static V load(const double* p) { return {W::load(p), W::load(p + kHalf)}; }
  static V add(V x, V y) { return {W::add(x.a, y.a), W::add(x.b, y.b)}; }
  static V sub(V x, V y) { return {W::sub(x.a, y.a), W::sub(x.b, y.b)}; }
  static V mul(V x, V y) { return {W::mul(x.a, y.a), W::mul(x.b, y.b)}; }
  static C zero_counts() { return {W::zero_counts(), W::zero_counts()}; }
  static C splat_count(uint32_t v) { return {W::splat_count(v), W::splat_count(v)}; }
  static M all_lanes(int n) { return {W::all_lanes(n), W::all_lanes(n > kHalf ? n - kHalf : 0)}; }
  static bool none(M m) { return W::none(m.a, m.b); }
  static M inside(V s, V t2, M active) { return {W::inside(s.a, t2.a, active.a), W::inside(s.b, t2.b, active.b)}; }
  static C count(C c, M m) { return {W::count(c.a, m.a), W::count(c.b, m.b)}; }
  static V keep_norm(V norm, V s, M active) { return {W::keep_norm(norm.a, s.a, active.a), W::keep_norm(norm.b, s.b, active.b)}; }
  static void dump_counts(int64_t* out, C c) { W::dump_counts(out, c.a), W::dump_counts(out + kHalf, c.b); }
  static void store(double* out, V v) { W::store(out, v.a), W::store(out + kHalf, v.b); }
  template <typename Count>
  static void store_counts(Count* out, C c, C top) {
    W::store_counts(out, c.a, top.a), W::store_counts(out + kHalf, c.b, top.b);
  }
  static void store_norms(double* out, V norm, C c, C top) {
    W::store_norms(out, norm.a, c.a, top.a), W::store_norms(out + kHalf, norm.b, c.b, top.b);
  }
};

template <class W>
struct Constants {
  typename W::V cr, ci, t2, two;
};

// One iteration of one slot: the reference's operations in its order, then the escape test.
template <class W, bool kNorms>
inline __attribute__((always_inline)) void step(const Constants<W>& k, typename W::V& rr, typename W::V& ii, typename W::V& p,
                                                typename W::C& cnt, typename W::M& active, typename W::V& norm) {
  typename W::V re = W::add(W::sub(rr, ii), k.cr);
  typename W::V im = W::add(W::mul(p, k.two), k.ci);
  rr = W::mul(re, re);
  ii = W::mul(im, im);
  p = W::mul(re, im);
  typename W::V s = W::add(rr, ii);
  typename W::M still = W::inside(s, k.t2, active);
  if (kNorms) norm = W::keep_norm(norm, s, active);
  active = still;
  cnt = W::count(cnt, still);
}

// Walks the pixels [first, last) of the grid in row-major order.
struct Cursor {
  const JuliaGrid& g;
  std::size_t next, last, row, col;
  Cursor(const JuliaGrid& grid, std::size_t first, std::size_t end)
      : g(grid), next(first), last(end), row(first / grid.width), col(first % grid.width) {}
  // True when the next n pixels lie in the range and in one row.
  bool whole_row_span(int n) const { return next + n <= last && col + n <= g.width; }
  void skip(int n) {
    next += n;
    col += n;
    if (col == g.width) col = 0, ++row;
  }
  // Fills up to `lanes` pixels' re and im; returns how many.
  int take(int lanes, double* re, double* im) {
    int n = 0;
    for (; n < lanes && next < last; ++n, ++next) {
      re[n] = g.xs[col];
      im[n] = g.ys[row];
      if (++col == g.width) col = 0, ++row;
    }
    return n;
  }
};

// A slot that covers fewer than L pixels (the end of a row or of the range): lane by lane.
template <class W, typename Count>
__attribute__((noinline)) void store_partial(const JuliaGrid& g, std::size_t base, int lanes, typename W::C cnt,
                                             typename W::V norm, Count* counts, double* norms) {
  int64_t c[W::kLanes];
  double nr[W::kLanes];
  W::dump_counts(c, cnt);
  W::store(nr, norm);
  const int64_t top = g.itermax;
  for (int l = 0; l < lanes; ++l) {
    counts[base + l] = static_cast<Count>(c[l] < top ? c[l] : top);
    if (norms != nullptr) norms[base + l] = c[l] < top ? nr[l] : 0.0;
  }
}

// Loads up to L pixels lane by lane (across a row end, or the last of the range); returns how many.
template <class W>
__attribute__((noinline)) int load_partial(Cursor& cursor, typename W::V& x, typename W::V& y) {
  double re[W::kLanes] = {}, im[W::kLanes] = {};
  int n = cursor.take(W::kLanes, re, im);
  x = W::load(re);
  y = W::load(im);
  return n;
}

// Pixels [first, last) into counts (and norms when not null); false when cancelled.
template <class W, int K, int kCheck, bool kNorms, typename Count>
bool run(const JuliaGrid& g, std::size_t first, std::size_t last, Count* counts, double* norms) {
  using V = typename W::V;
  using M = typename W::M;
  using C = typename W::C;
  constexpr int L = W::kLanes;
  constexpr uint64_t kIdle = ~uint64_t{0};
  const Constants<W> k{W::splat(g.cr), W::splat(g.ci), W::splat(g.t2), W::opaque(W::splat(2.0))};
  const C top = W::splat_count(g.itermax);
  Cursor cursor(g, first, last);
  V rr[K], ii[K], p[K], norm[K];
  C cnt[K];
  M active[K];
  std::size_t base[K];
  int lanes[K];
  uint64_t end[K];  // the step at which the slot has done itermax iterations
  uint64_t n = 0;   // steps taken
  int live = 0;

  // Writes slot v's results (clamped to itermax: the slot may have overrun it by up to kCheck-1
  // steps; norms 0 where the pixel did not escape within itermax) and loads the next pixels. A
  // slot left without pixels is idle: no lane active, never stored.
  auto refill = [&](int v) __attribute__((always_inline)) {
    if (lanes[v] == L) {
      W::store_counts(counts + base[v], cnt[v], top);
      if (kNorms) W::store_norms(norms + base[v], norm[v], cnt[v], top);
    } else if (lanes[v] > 0) {
      store_partial<W>(g, base[v], lanes[v], cnt[v], norm[v], counts, kNorms ? norms : nullptr);
    }
    live -= lanes[v] > 0;
    base[v] = cursor.next;
    V x, y;
    if (cursor.whole_row_span(L)) {  // the usual case: L pixels of one row
      x = W::load(g.xs + cursor.col);
      y = W::splat(g.ys[cursor.row]);
      cursor.skip(L);
      lanes[v] = L;
    } else {
      lanes[v] = load_partial<W>(cursor, x, y);
    }
    rr[v] = W::mul(x, x);
    ii[v] = W::mul(y, y);
    p[v] = W::mul(x, y);
    cnt[v] = W::zero_counts();
    if (kNorms) norm[v] = W::splat(0.0);
    active[v] = W::all_lanes(lanes[v]);
    end[v] = lanes[v] > 0 ? n + g.itermax : kIdle;
    live += lanes[v] > 0;
  };

#pragma GCC unroll 16
  for (int v = 0; v < K; ++v) lanes[v] = 0, refill(v);
  uint64_t next_poll = kCancelStride;
  while (live > 0) {
    for (int s = 0; s < kCheck; ++s) {
#pragma GCC unroll 16
      for (int v = 0; v < K; ++v) step<W, kNorms>(k, rr[v], ii[v], p[v], cnt[v], active[v], norm[v]);
    }
    n += kCheck;
#pragma GCC unroll 16
    for (int v = 0; v < K; ++v) {
      // Both tests, one branch: a slot is done when no lane is left or it reached itermax.
      if (W::none(active[v]) | (n >= end[v])) {
        if (lanes[v] > 0 || cursor.next < cursor.last) refill(v);
      }
    }
    if (n >= next_poll) {
      next_poll = n + kCancelStride;
      if (g.control.cancelled()) return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace julia_stream
}  // namespace hotloop
