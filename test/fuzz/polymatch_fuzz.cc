// libFuzzer harness for native/core's matchPoints path (build_grid, order_by_row, match_points):
// centers, areas and points of any finite magnitude (subnormal to the top of the range, equal and
// nearby values common), any positive finite maxDist, 1 to 4 threads. The answer must be the spec's,
// found by a scan of every polygon: the first close polygon unless a later one has a strictly
// smaller area, close meaning sqrt(dx*dx + dy*dy) < maxDist. The grid may only narrow the candidates.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/polymatch_grid.h"
#include "core/thread_pool.h"
#include "input.h"
#include "simd.h"

namespace {

hotloop::ThreadPool& pool() {
  static hotloop::ThreadPool p;
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  std::size_t n = in.below(48), m = in.below(48);
  unsigned threads = 1 + static_cast<unsigned>(in.below(4));
  double max_dist = std::fabs(in.finite());
  if (!(max_dist > 0)) max_dist = 1;
  // Exact sizes, so that a read past the end is a heap overflow.
  std::unique_ptr<double[]> centers(new double[2 * n]), areas(new double[n]), points(new double[2 * m]);
  for (std::size_t i = 0; i < 2 * n; ++i) centers[i] = in.finite();
  for (std::size_t i = 0; i < n; ++i) areas[i] = std::fabs(in.finite());
  for (std::size_t i = 0; i < 2 * m; ++i) {
    // Half the points sit near a center, so that close polygons are common at every scale.
    bool near = n > 0 && (in.take<uint8_t>() & 1);
    points[i] = near ? centers[2 * in.below(n) + i % 2] + in.finite() : in.finite();
    if (!std::isfinite(points[i])) points[i] = 0;
  }
  // No control: nothing may cancel, so each stage must report that it finished.
  hotloop::CenterGrid grid;
  hotloop::PointOrder order;
  std::unique_ptr<int32_t[]> out(new int32_t[m]);
  if (!hotloop::build_grid(centers.get(), areas.get(), n, max_dist, pool(), threads, hotloop::Control{}, grid) ||
      !hotloop::order_by_row(grid, points.get(), m, pool(), threads, hotloop::Control{}, order) ||
      !hotloop::match_points(grid, order, max_dist, out.get(), 0, m, hotloop::Control{})) {
    std::fprintf(stderr, "polymatch_fuzz: a stage stopped with nothing to cancel it\n");
    std::abort();
  }
  for (std::size_t q = 0; q < m; ++q) {
    int32_t best = -1;
    for (std::size_t k = 0; k < n; ++k) {
      double dx = points[2 * q] - centers[2 * k], dy = points[2 * q + 1] - centers[2 * k + 1];
      if (!(std::sqrt(dx * dx + dy * dy) < max_dist)) continue;
      if (best < 0 || areas[k] < areas[best]) best = static_cast<int32_t>(k);
    }
    if (out[q] != best) {
      std::fprintf(stderr, "polymatch_fuzz: point %zu (%a, %a), maxDist %a: grid says %d, scan says %d\n", q, points[2 * q],
                   points[2 * q + 1], max_dist, out[q], best);
      std::abort();
    }
  }
  return 0;
}
