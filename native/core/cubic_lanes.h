// The vector form of cubic.cc's fast path (kahan), written once and compiled per instruction set by
// cubic_avx512.cc and cubic_avx2.cc. Before including this file they define, in
// this namespace, a lane type V (with + - * / and unary -), a mask type M (with & | ~), and
// splat, load, store, sqrt_v, abs_v, lt, le, gt, ge, eq, ne, select, any, lane_set, lane_count. Lanes that finish
// early are frozen by masks, so every lane performs the scalar operations in the same order: the
// same bits come out.
#pragma once

#include "core/cubic_block.h"

namespace hotloop {
namespace {

// cube_root() of cubic.cc, lane by lane (v >= 0).
inline V cube_root_v(V v) {
  M keep = eq(v, splat(0)) | ~eq(v - v, splat(0));
  V scale = splat(1);
  M m;
  while (any(m = ~keep & gt(v, splat(1073741824.0)))) {
    v = select(m, v * splat(9.313225746154785e-10), v);
    scale = select(m, scale * splat(1024), scale);
  }
  while (any(m = ~keep & lt(v, splat(9.313225746154785e-10)))) {
    v = select(m, v * splat(1073741824.0), v);
    scale = select(m, scale * splat(0.0009765625), scale);
  }
  while (any(m = ~keep & ~lt(v, splat(1)))) {
    v = select(m, v * splat(0.125), v);
    scale = select(m, scale * splat(2), scale);
  }
  while (any(m = ~keep & lt(v, splat(0.125)))) {
    v = select(m, v * splat(8), v);
    scale = select(m, scale * splat(0.5), scale);
  }
  V y = ((splat(0.49070964304369064) * v - splat(1.1999398833203698)) * v + splat(1.3601165172045782)) * v +
        splat(0.3545603497911083);
  y = y - (y * y * y - v) / (splat(3) * y * y);
  y = y - (y * y * y - v) / (splat(3) * y * y);
  return select(keep, v, y * scale);
}

// newton() of cubic.cc, lane by lane.
inline V newton_v(V y, V a, V b, V c, V d) {
  V q0 = a * y;
  V b1 = q0 + b;
  V c2 = b1 * y + c;
  V df = (q0 + b1) * y + c2;
  V f = c2 * y + d;
  return select(eq(df, splat(0)), y, y - f / df);
}

// polish() of cubic.cc, lane by lane.
inline V polish_v(V y, V a, V b, V c, V d, V gap) {
  V f = ((a * y + b) * y + c) * y + d;
  V df = (splat(3) * a * y + splat(2) * b) * y + c;
  V next = select(eq(df, splat(0)), y, y - f / df);
  return select(lt(abs_v(next - y), splat(0.25) * gap), next, y);
}

inline M finite_v(V v) { return eq(v - v, splat(0)); }

// |v| within [m * lo, m * hi], or v = 0 (moderate_ratios() of cubic.cc).
inline M within(V v, V m, double lo, double hi) {
  V vm = abs_v(v);
  return eq(v, splat(0)) | (le(vm, m * splat(hi)) & ge(vm, m * splat(lo)));
}

// The lanes solve_cubic would send to kahan() unscaled, but for d = 0 (its own branch there):
// finite, |a| within 2^+-300, moderate_ratios() and d != 0.
inline M main_path(V a, V b, V c, V d) {
  V m = abs_v(a);
  M finite = finite_v(a) & finite_v(b) & finite_v(c) & finite_v(d);
  M sized = ge(m, splat(0x1p-300)) & le(m, splat(0x1p300));
  return finite & sized & within(b, m, 0x1p-60, 0x1p60) & within(c, m, 0x1p-120, 0x1p120) &
         within(d, m, 0x1p-180, 0x1p180) & ne(d, splat(0));
}

// Solves the lanes of `block` from `offset`, as many as V holds: kahan() of cubic.cc, every lane
// through every step (masks choose), so each lane's operations are the scalar ones in the same order.
inline void solve_lanes(CubicBlock& block, int offset) {
  V a = load(block.a + offset), b = load(block.b + offset), c = load(block.c + offset), d = load(block.d + offset);
  // A lane off the main path carries a harmless cubic (x^3 - 1); the caller solves it with solve_cubic.
  M ok = main_path(a, b, c, d);
  a = select(ok, a, splat(1));
  b = select(ok, b, splat(0));
  c = select(ok, c, splat(0));
  d = select(ok, d, splat(-1));
  V x0 = -b / (splat(3) * a);
  V q0 = a * x0;
  V b0 = q0 + b;
  V c0 = b0 * x0 + c;
  V dq0 = (q0 + b0) * x0 + c0;
  V ia = splat(1) / a;
  V tq = (c0 * x0 + d) * ia;
  V s = select(lt(tq, splat(0)), splat(-1), splat(1));
  V t = -dq0 * ia;
  M positive = gt(t, splat(0));
  V st = sqrt_v(select(positive, t, splat(0)));
  V w = st * splat(0.5773502691896258);
  V z = abs_v(tq) / (splat(2) * (w * w * w));
  M three = positive & le(z, splat(1));
  // Three real roots: the fitted start and one Newton step, certified.
  V z2 = z * z;
  V z4 = z2 * z2;
  V fit = (((splat(0.8660254038124684) + splat(0.16666665933782682) * z) +
            z2 * (splat(-0.048112205843095404) + splat(0.02468599974720065) * z)) +
           z4 * ((splat(-0.015545015126085374) + splat(0.010728731077177513) * z) +
                 z2 * (splat(-0.007434106311176476) + splat(0.004622351355264967) * z))) +
          z4 * z4 * ((splat(-0.002242757763258406) + splat(0.0007118943724428589) * z) + z2 * splat(-0.00010695469112978473));
  V xs = x0 - s * (splat(2) * w * fit);
  V q1 = a * xs;
  V b1s = q1 + b;
  V c1 = b1s * xs + c;
  V dqs = (q1 + b1s) * xs + c1;
  V h = (c1 * xs + d) / dqs;
  M certified = le(splat(3) * abs_v(a * (xs - x0)) * h * h, splat(0x1p-55) * abs_v(dqs * (xs - h)));
  // One real root: Kahan's start and iteration (iterate() of cubic.cc).
  M need_cube_root = ~positive | (~three & gt(tq * tq, t * t * t));
  V cr = any(need_cube_root) ? select(need_cube_root, cube_root_v(abs_v(tq)), splat(0)) : splat(0);
  V sr = select(positive, s * splat(1.324718) * select(gt(cr, st), cr, st), s * cr);
  V x = x0 - sr;
  M active = ~three & ne(x, x0);
  for (int i = 0; i < 200 && any(active); ++i) {
    V qi0 = a * x;
    V bi = qi0 + b;
    V ci = bi * x + c;
    V dqi = (qi0 + bi) * x + ci;
    V qi = ci * x + d;
    V next = select(eq(dqi, splat(0)), x, x - qi / (dqi * splat(1.000000000000001)));  // a hair short: monotone
    M stop = le(s * next, s * x);
    x = select(active & ~stop, next, x);
    active = active & ~stop;
  }
  x = select(three, xs - h, x);
  // Vouched for: converged (active lanes ran out of steps), certified, x0 not crossed.
  M trusted = ok & ~active & (~three | certified) & le(s * (x - x0), splat(0));
  // Deflate: forward, or through d when x is the large root.
  V b1 = a * x + b;
  V c2 = b1 * x + c;
  M via_d = gt(abs_v(a * x * x * x), abs_v(d));
  c2 = select(via_d, -d / x, c2);
  b1 = select(via_d, (c2 - c) / x, b1);
  // quadratic_roots(a, b1, c2): its sign decided clearly, and agreeing with three.
  V hb = b1 * splat(-0.5);
  V bb = hb * hb;
  V ac = a * c2;
  V q = bb - ac;
  V size = select(gt(bb, abs_v(ac)), bb, abs_v(ac));
  M decided = gt(abs_v(q), splat(0x1p-24) * size);
  M two = decided & ~lt(q, splat(0));
  trusted = trusted & decided & ((two & three) | (~two & ~three));
  V sq = sqrt_v(select(two, q, splat(0)));
  V rr = hb + select(lt(hb, splat(0)), -sq, sq);
  V p0 = c2 / rr;
  V p1 = rr / a;
  M close = two & lt(q, splat(1e-4) * bb);
  // The middle root (the one nearer x) gets one Newton step; a close pair a guarded one each.
  M first = lt(abs_v(p0 - x), abs_v(p1 - x));
  V polished = newton_v(select(first, p0, p1), a, b, c, d);
  M middle = two & ~close;
  V gap = abs_v(p0 - p1);
  if (any(close)) {
    V c0p = polish_v(p0, a, b, c, d, gap);
    V c1p = polish_v(p1, a, b, c, d, gap);
    p0 = select(close, c0p, p0);
    p1 = select(close, c1p, p1);
  }
  p0 = select(middle & first, polished, p0);
  p1 = select(middle & ~first, polished, p1);
  // finish() of cubic.cc: sort ascending, -0 as 0, NaN for absent roots.
  V nan = splat(__builtin_nan(""));
  V r0 = x, r1 = p0, r2 = p1;
  M swap = lt(r1, r0);
  V lo = select(swap, r1, r0);
  r1 = select(swap, r0, r1);
  r0 = lo;
  swap = lt(r2, r1);
  lo = select(swap, r2, r1);
  r2 = select(swap, r1, r2);
  r1 = lo;
  swap = lt(r1, r0);
  lo = select(swap, r1, r0);
  r1 = select(swap, r0, r1);
  r0 = lo;
  r0 = select(two, r0, x);
  store(block.root0 + offset, select(eq(r0, splat(0)), splat(0), r0));
  store(block.root1 + offset, select(two, select(eq(r1, splat(0)), splat(0), r1), nan));
  store(block.root2 + offset, select(two, select(eq(r2, splat(0)), splat(0), r2), nan));
  lane_set(block.solved + offset, trusted);
  lane_count(block.count + offset, trusted, two, two);
}

}  // namespace
}  // namespace hotloop
