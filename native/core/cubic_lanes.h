// The vector form of cubic.cc's main path (kahan + quadratic), written once and compiled per
// instruction set by cubic_avx512.cc and cubic_avx2.cc. Before including this file they define, in
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

// polish() of cubic.cc, lane by lane.
inline V polish_v(V y, V a, V b, V c, V d, V gap) {
  V f = ((a * y + b) * y + c) * y + d;
  V df = (splat(3) * a * y + splat(2) * b) * y + c;
  V next = select(eq(df, splat(0)), y, y - f / df);
  return select(lt(abs_v(next - y), splat(0.25) * gap), next, y);
}

inline M finite_v(V v) { return eq(v - v, splat(0)); }

// The lanes solve_cubic would send to kahan(), but for d = 0 (its own branch there): finite, d != 0
// and moderate() (see cubic.cc).
inline M main_path(V a, V b, V c, V d) {
  V m = abs_v(a), bm = abs_v(b), cm = abs_v(c), dm = abs_v(d);
  M finite = finite_v(a) & finite_v(b) & finite_v(c) & finite_v(d);
  M sized = ge(m, splat(0x1p-400)) & le(m, splat(0x1p400));
  M moderate = le(bm, m * splat(0x1p60)) & le(cm, m * splat(0x1p120)) & le(dm, m * splat(0x1p180)) &
               (ge(bm, m * splat(0x1p-60)) | ge(cm, m * splat(0x1p-120)) | ge(dm, m * splat(0x1p-180)));
  return finite & sized & moderate & ne(d, splat(0));
}

// Solves the lanes of `block` from `offset`, as many as V holds.
inline void solve_lanes(CubicBlock& block, int offset) {
  V a = load(block.a + offset), b = load(block.b + offset), c = load(block.c + offset), d = load(block.d + offset);
  // A lane off the main path carries a harmless cubic (x^3 - 1); the caller solves it with solve_cubic.
  M on_path = main_path(a, b, c, d);
  lane_set(block.on_path + offset, on_path);
  a = select(on_path, a, splat(1));
  b = select(on_path, b, splat(0));
  c = select(on_path, c, splat(0));
  d = select(on_path, d, splat(-1));
  V x = -b / (splat(3) * a);
  V q0 = a * x;
  V b1 = q0 + b;
  V c2 = b1 * x + c;
  V dq = (q0 + b1) * x + c2;
  V q = c2 * x + d;
  V tq = q / a;
  V s = select(lt(tq, splat(0)), splat(-1), splat(1));
  V t = -dq / a;
  M positive = gt(t, splat(0));
  V st = sqrt_v(select(positive, t, splat(0)));
  V w = st * splat(0.5773502691896258);
  V z = abs_v(tq) / (splat(2) * (w * w * w));
  V z2 = z * z;
  M three = positive & ~gt(z, splat(1));
  M need_cube_root = ~positive | (~three & gt(tq * tq, t * t * t));
  V cr = any(need_cube_root) ? select(need_cube_root, cube_root_v(abs_v(tq)), splat(0)) : splat(0);
  V fit = (splat(0.866026688442043) + splat(0.16660954054205634) * z) +
          z2 * ((splat(-0.04749187647404263) + splat(0.02186569882343563) * z) +
                z2 * (splat(-0.008972271775284117) + splat(0.0019631785312029734) * z));
  V kahan_start = select(positive, splat(1.324718) * select(gt(cr, st), cr, st), cr);
  V r = select(three, splat(2) * w * fit * splat(1.000004), kahan_start);
  V next = x - s * r;
  M ran = three | ne(next, x);
  M active = ran;
  for (int i = 0; i < 200 && any(active); ++i) {
    x = select(active, next, x);
    V nq0 = a * x;
    V nb1 = nq0 + b;
    V nc2 = nb1 * x + c;
    V ndq = (nq0 + nb1) * x + nc2;
    V nq = nc2 * x + d;
    b1 = select(active, nb1, b1);
    c2 = select(active, nc2, c2);
    dq = select(active, ndq, dq);
    q = select(active, nq, q);
    V step = select(eq(dq, splat(0)), x, x - q / (dq * splat(1.000000000000001)));
    next = select(active, step, next);
    // Three-root lanes stop after their second step, the others when they stop moving forward.
    M stop = i == 1 ? three | le(s * next, s * x) : ~three & le(s * next, s * x);
    active = active & ~stop;
  }
  // Three-root lanes take their second step and the deflated quadratic at it (see cubic.cc).
  x = select(three, next, x);
  b1 = select(three, a * x + b, b1);
  c2 = select(three, b1 * x + c, c2);
  // Deflate through d when the root is small.
  V dx = d / x;
  M via_d = ran & gt(abs_v(a) * x * x, abs_v(dx));
  c2 = select(via_d, -dx, c2);
  b1 = select(via_d, (c2 - c) / x, b1);
  // quadratic_roots(a, b1, c2)
  V hb = b1 * splat(-0.5);
  V bb = hb * hb;
  V ac = a * c2;
  V disc = bb - ac;
  M negative = lt(disc, splat(0));
  V scale = select(gt(bb, abs_v(ac)), bb, abs_v(ac));
  M none = negative & gt(-disc, splat(32 * 2.220446049250313e-16) * scale);
  disc = select(negative, splat(0), disc);
  V sq = sqrt_v(disc);
  V rr = hb + select(lt(hb, splat(0)), -sq, sq);
  M zero = eq(rr, splat(0));
  V x1 = select(zero, c2 / a, c2 / rr);
  V x2 = select(zero, -(c2 / a), rr / a);
  M two = ~none;
  M close = two & gt(disc, splat(0)) & lt(disc, splat(1e-4) * bb);
  if (any(close)) {
    V gap = abs_v(x1 - x2);
    x1 = select(close, polish_v(x1, a, b, c, d, gap), x1);
    x2 = select(close, polish_v(x2, a, b, c, d, gap), x2);
  }
  // Out::add and finish() of cubic.cc: drop non-finite roots, -0 as 0, sort ascending, pad with NaN.
  // The dropped ones sort last as +inf (no kept root is infinite), then become NaN.
  V inf = splat(__builtin_inf());
  M keep0 = finite_v(x), keep1 = two & finite_v(x1), keep2 = two & finite_v(x2);
  V r0 = select(keep0, select(eq(x, splat(0)), splat(0), x), inf);
  V r1 = select(keep1, select(eq(x1, splat(0)), splat(0), x1), inf);
  V r2 = select(keep2, select(eq(x2, splat(0)), splat(0), x2), inf);
  V lo = select(lt(r1, r0), r1, r0), hi = select(lt(r1, r0), r0, r1);
  r0 = lo;
  r1 = select(lt(r2, hi), r2, hi);
  r2 = select(lt(r2, hi), hi, r2);
  lo = select(lt(r1, r0), r1, r0);
  r1 = select(lt(r1, r0), r0, r1);
  r0 = lo;
  V nan = splat(__builtin_nan(""));
  store(block.root0 + offset, select(eq(r0, inf), nan, r0));
  store(block.root1 + offset, select(eq(r1, inf), nan, r1));
  store(block.root2 + offset, select(eq(r2, inf), nan, r2));
  lane_count(block.count + offset, keep0, keep1, keep2);
}

}  // namespace
}  // namespace hotloop
