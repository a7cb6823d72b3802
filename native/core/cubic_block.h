// A block of cubics solved side by side in vector lanes (cubic_avx512.cc, cubic_avx2.cc). Lanes on
// the fast path of solve_cubic (finite, moderate, d != 0, vouched for by its checks) perform exactly
// the scalar operations in the same order, so results are bit-identical; the others are flagged for
// the scalar code.
#pragma once

#include <cstdint>

namespace hotloop {

// 16 lanes: two AVX-512 vectors (four AVX2 ones) per operation, so independent dependency chains
// interleave and hide the latency of division and square root.
constexpr int kBlock = 16;

struct CubicBlock {
  double a[kBlock], b[kBlock], c[kBlock], d[kBlock];
  // Out: each lane's real roots ascending and NaN-padded (as solve_cubic returns them) and their count.
  double root0[kBlock], root1[kBlock], root2[kBlock];
  uint8_t count[kBlock];
  int64_t solved[kBlock];  // nonzero when the lane was solved here; else use solve_cubic
};

void solve_block_avx512(CubicBlock& block);
void solve_block_avx2(CubicBlock& block);
void solve_block_simd128(CubicBlock& block);  // the wasm build (cubic_simd128.cc)

}  // namespace hotloop
