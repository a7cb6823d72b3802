// Dispatch for the calibration kernels (calibrate.h), and the scalar peak.
#include "core/calibrate.h"

#include "core/julia_peak.h"

namespace hotloop {

namespace {

constexpr int kChains[] = {1, 2, 3, 4, 6, 8};

// One double per lane: the scalar path's operations, for julia_stream.h's step.
struct LanesScalar {
  using V = double;
  using M = bool;
  using C = int64_t;
  static constexpr int kLanes = 1;
  static V splat(double v) { return v; }
  static V opaque(V v) {
    volatile double hidden = v;
    return hidden;
  }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static C zero_counts() { return 0; }
  static M all_lanes(int n) { return n > 0; }
  static M inside(V s, V t2, M active) { return active && !(s >= t2); }
  static C count(C c, M m) { return c + (m ? 1 : 0); }
  static V keep_norm(V norm, V s, M active) { return active ? s : norm; }
  static void dump_counts(int64_t* out, C c) { *out = c; }
};

template <int K>
int64_t scalar_peak(uint64_t iterations) {
  return julia_stream::peak<LanesScalar, K>(iterations);
}

}  // namespace

const int* peak_chains(int* count) {
  *count = static_cast<int>(sizeof kChains / sizeof kChains[0]);
  return kChains;
}

int64_t julia_peak(SimdLevel level, int chains, uint64_t iterations) {
  bool known = false;
  for (int c : kChains) known = known || c == chains;
  if (!known || level > simd_level()) return -1;
#if defined(__x86_64__)
  if (level == SimdLevel::Avx512) return julia_peak_avx512(chains, iterations);
  if (level == SimdLevel::Avx2) return julia_peak_avx2(chains, iterations);
#endif
  switch (chains) {
    case 1: return scalar_peak<1>(iterations);
    case 2: return scalar_peak<2>(iterations);
    case 3: return scalar_peak<3>(iterations);
    case 4: return scalar_peak<4>(iterations);
    case 6: return scalar_peak<6>(iterations);
    default: return scalar_peak<8>(iterations);
  }
}

template <typename Count>
bool julia_plain_avx2(const JuliaGrid& grid, std::size_t row_begin, std::size_t row_end, Count* counts) {
#if defined(__x86_64__)
  if (simd_level() < SimdLevel::Avx2) return false;
  julia_plain_rows_avx2(grid, row_begin, row_end, counts);
  return true;
#else
  return false;
#endif
}

template bool julia_plain_avx2<uint16_t>(const JuliaGrid&, std::size_t, std::size_t, uint16_t*);
template bool julia_plain_avx2<uint32_t>(const JuliaGrid&, std::size_t, std::size_t, uint32_t*);

}  // namespace hotloop
