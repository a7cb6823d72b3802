// A block of 8 cubics solved side by side in vector lanes (cubic_avx512.cc, cubic_avx2.cc). Only
// cubics on the main path of solve_cubic (finite, a != 0, moderate size, d != 0) go in a block;
// each lane performs exactly the scalar operations in the same order, so results are bit-identical.
#pragma once

#include <cstdint>

namespace hotloop {

constexpr int kBlock = 8;

struct CubicBlock {
  double a[kBlock], b[kBlock], c[kBlock], d[kBlock];
  // Out: the root Newton's iteration found, and the deflated quadratic's two roots when it has them.
  double x[kBlock], x1[kBlock], x2[kBlock];
  int64_t quadratic_roots[kBlock];  // all ones when x1, x2 are roots, else 0
};

void solve_block_avx512(CubicBlock& block);
void solve_block_avx2(CubicBlock& block);

}  // namespace hotloop
