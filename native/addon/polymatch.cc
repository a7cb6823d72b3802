// Glue for core/polymatch*: check the cheap invariants that keep a wrong call from reading out of
// bounds, build the grid and split the points across the pool.
#include <cmath>
#include <memory>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/parallel.h"
#include "core/polymatch.h"
#include "core/polymatch_grid.h"

namespace hotloop {

namespace {

constexpr std::size_t kStatsGrain = 4096;  // rings per chunk
constexpr std::size_t kMatchGrain = 1024;  // points per chunk: about 0.1 ms, small batches stay on one thread

double MaxDistArg(Args& args) {
  double max_dist = args.Number("maxDist");
  if (!(max_dist > 0) || !std::isfinite(max_dist)) args.Fail("maxDist must be finite and positive");
  return max_dist;
}

// polygonStats(x, y, offsets: Int32Array(n+1), centers: Float64Array(2n), areas: Float64Array(n), threads)
Napi::Value PolygonStats(Args& args) {
  auto x = args.Array<double>("x");
  auto y = args.Array<double>("y");
  auto offsets = args.Array<int32_t>("offsets");
  auto centers = args.Array<double>("centers");
  auto areas = args.Array<double>("areas");
  unsigned threads = args.Threads();
  std::size_t n = areas.length;
  if (x.length != y.length || offsets.length != n + 1 || centers.length != 2 * n) {
    args.Fail("lengths of x, y, offsets, centers and areas disagree");
  }
  if (offsets.data[0] != 0 || static_cast<std::size_t>(offsets.data[n]) != x.length) {
    args.Fail("offsets must run from 0 to the vertex count");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (offsets.data[i + 1] <= offsets.data[i]) args.Fail("offsets must increase");
  }
  State(args.Env()).pool.each(n, kStatsGrain, threads, [=](std::size_t begin, std::size_t end) {
    polygon_stats(x.data, y.data, offsets.data, centers.data, areas.data, begin, end);
  });
  return args.Env().Undefined();
}

// closeIndices(centers: Float64Array(2n), out: Int32Array(>= n), px, py, maxDist) -> count
Napi::Value CloseIndices(Args& args) {
  auto centers = args.Array<double>("centers");
  auto out = args.Array<int32_t>("out");
  double px = args.Number("px");
  double py = args.Number("py");
  double max_dist = MaxDistArg(args);
  std::size_t n = centers.length / 2;
  if (centers.length % 2 != 0 || out.length < n) args.Fail("lengths of centers and out disagree");
  return Napi::Number::New(args.Env(), static_cast<double>(close_indices(centers.data, n, px, py, max_dist, out.data)));
}

// matchPoints(centers: Float64Array(2n), areas: Float64Array(n), points: Float64Array(2m), out: Int32Array(m),
//             maxDist, threads)
Work MatchPoints(Args& args) {
  auto centers = args.Array<double>("centers");
  auto areas = args.Array<double>("areas");
  auto points = args.Array<double>("points");
  auto out = args.Array<int32_t>("out");
  double max_dist = MaxDistArg(args);
  unsigned threads = args.Threads();
  std::size_t n = areas.length, m = out.length;
  if (centers.length != 2 * n || points.length != 2 * m || n > 0x7fffffff) {
    args.Fail("lengths of centers, areas, points and out disagree");
  }
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    CenterGrid grid;
    PointOrder order;
    if (!build_grid(centers.data, areas.data, n, max_dist, *pool, threads, control, grid)) return false;
    if (!order_by_row(grid, points.data, m, *pool, threads, control, order)) return false;
    return for_chunks(*pool, control, m, kMatchGrain, threads, [&](std::size_t begin, std::size_t end) {
      return match_points(grid, order, max_dist, out.data, begin, end, control);
    });
  };
}

}  // namespace

void RegisterPolymatch(Napi::Env env, Napi::Object exports) {
  static const Function stats{{"polygonStats", {"x", "y", "offsets", "centers", "areas", "threads"}}, PolygonStats};
  static const Function close{{"closeIndices", {"centers", "out", "px", "py", "maxDist"}}, CloseIndices};
  static const Kernel match{{"matchPoints", {"centers", "areas", "points", "out", "maxDist", "threads"}}, MatchPoints};
  Register(env, exports, stats);
  Register(env, exports, close);
  Register(env, exports, match);
}

}  // namespace hotloop
