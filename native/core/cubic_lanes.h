// The vector form of cubic.cc's main path (kahan + quadratic), written once over GCC vector types and
// compiled per instruction set by cubic_avx512.cc and cubic_avx2.cc, which define V (W doubles), M
// (W int64 masks) and vsqrt before including this file. Lanes that finish early are frozen by masks,
// so every lane sees the same operations as the scalar code: the same bits come out.
#pragma once

#include "core/cubic_block.h"

namespace hotloop {
namespace {

template <typename V, typename M, int W>
struct Lanes {
  static bool any(M m) {
    for (int i = 0; i < W; ++i)
      if (m[i]) return true;
    return false;
  }
  static V abs(V v) { return (V)((M)v & (M{} + 0x7fffffffffffffff)); }
  static V select(M m, V a, V b) { return m ? a : b; }

  // cube_root() of cubic.cc, lane by lane (v >= 0).
  static V cube_root(V v) {
    M keep = (v == 0) | ~(v - v == 0);
    V scale = V{} + 1;
    M m;
    while (any(m = ~keep & (v > 1073741824.0))) { v = select(m, v * 9.313225746154785e-10, v); scale = select(m, scale * 1024, scale); }
    while (any(m = ~keep & (v < 9.313225746154785e-10))) { v = select(m, v * 1073741824.0, v); scale = select(m, scale * 0.0009765625, scale); }
    while (any(m = ~keep & (v >= 1))) { v = select(m, v * 0.125, v); scale = select(m, scale * 2, scale); }
    while (any(m = ~keep & (v < 0.125))) { v = select(m, v * 8, v); scale = select(m, scale * 0.5, scale); }
    V y = ((0.49070964304369064 * v - 1.1999398833203698) * v + 1.3601165172045782) * v + 0.3545603497911083;
    y = y - (y * y * y - v) / (3 * y * y);
    y = y - (y * y * y - v) / (3 * y * y);
    return select(keep, v, y * scale);
  }

  static void solve(CubicBlock& block, int offset) {
    V a, b, c, d;
    for (int i = 0; i < W; ++i) {
      a[i] = block.a[offset + i];
      b[i] = block.b[offset + i];
      c[i] = block.c[offset + i];
      d[i] = block.d[offset + i];
    }
    V x = -(b / a) / 3;
    V q0 = a * x;
    V b1 = q0 + b;
    V c2 = b1 * x + c;
    V dq = (q0 + b1) * x + c2;
    V q = c2 * x + d;
    V tq = q / a;
    V s = select(tq < 0, V{} - 1, V{} + 1);
    V t = -dq / a;
    M positive = t > 0;
    V st = vsqrt(select(positive, t, V{}));
    M need_cube_root = ~positive | (tq * tq > t * t * t);
    V cr = any(need_cube_root) ? select(need_cube_root, cube_root(abs(tq)), V{}) : V{};
    V r = select(positive, 1.324718 * select(cr > st, cr, st), cr);
    V next = x - s * r;
    M ran = next != x;
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
      V step = select(dq == 0, x, x - (q / dq) * 0.999999999999999);
      next = select(active, step, next);
      active &= ~(s * next <= s * x);
    }
    // Deflate through d when the root is small (see cubic.cc).
    V dx = d / x;
    M via_d = ran & (abs(a) * x * x > abs(dx));
    c2 = select(via_d, -dx, c2);
    b1 = select(via_d, (c2 - c) / x, b1);
    // quadratic(a, b1, c2)
    V hb = -b1 / 2;
    V bb = hb * hb;
    V ac = a * c2;
    V disc = bb - ac;
    M negative = disc < 0;
    V scale = select(bb > abs(ac), bb, abs(ac));
    M none = negative & (-disc > 32 * 2.220446049250313e-16 * scale);
    disc = select(negative, V{}, disc);
    V sq = vsqrt(disc);
    V rr = hb + select(hb < 0, -sq, sq);
    M zero = rr == 0;
    V x1 = select(zero, c2 / a, c2 / rr);
    V x2 = select(zero, -(c2 / a), rr / a);
    M two = ~none;
    for (int i = 0; i < W; ++i) {
      block.x[offset + i] = x[i];
      block.x1[offset + i] = x1[i];
      block.x2[offset + i] = x2[i];
      block.quadratic_roots[offset + i] = two[i];
    }
  }
};

}  // namespace
}  // namespace hotloop
