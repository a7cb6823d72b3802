// The cubic block on AVX-512: 8 lanes. Chosen at run time (cpu.h); never built with -march=native.
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512dq,avx512vl,avx512bw")
// GCC 12's own _mm512_sqrt_pd trips -Wuninitialized inside immintrin.h; the warning is not about our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

namespace hotloop {
namespace {
typedef double V8 __attribute__((vector_size(64)));
typedef decltype(V8{} < V8{}) M8;  // what comparing two V8 yields
inline V8 vsqrt(V8 v) { return (V8)_mm512_sqrt_pd((__m512d)v); }
}  // namespace
}  // namespace hotloop

#include "core/cubic_lanes.h"

namespace hotloop {
void solve_block_avx512(CubicBlock& block) { Lanes<V8, M8, 8>::solve(block, 0); }
}  // namespace hotloop
#endif
