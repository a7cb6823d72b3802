// The cubic block on AVX2: two passes of 4 lanes. Chosen at run time (cpu.h).
#if defined(__x86_64__)
#pragma GCC target("avx2")
#include <immintrin.h>

namespace hotloop {
namespace {
typedef double V4 __attribute__((vector_size(32)));
typedef decltype(V4{} < V4{}) M4;  // what comparing two V4 yields
inline V4 vsqrt(V4 v) { return (V4)_mm256_sqrt_pd((__m256d)v); }
}  // namespace
}  // namespace hotloop

#include "core/cubic_lanes.h"

namespace hotloop {
void solve_block_avx2(CubicBlock& block) {
  Lanes<V4, M4, 4>::solve(block, 0);
  Lanes<V4, M4, 4>::solve(block, 4);
}
}  // namespace hotloop
#endif
