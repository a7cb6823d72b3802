// Glue for core/polymatch*: unpack the typed arrays, check the cheap invariants that keep a wrong
// call from reading out of bounds, build the grid and split the points across the pool.
#include <cmath>
#include <memory>

#include "addon/args.h"
#include "addon/async.h"
#include "addon/register.h"
#include "addon/state.h"
#include "core/polymatch.h"
#include "core/polymatch_grid.h"

namespace hotloop {

namespace {

constexpr std::size_t kStatsGrain = 4096;  // rings per chunk
constexpr std::size_t kMatchGrain = 1024;  // points per chunk: about 0.1 ms, small batches stay on one thread

double MaxDistArg(const Napi::CallbackInfo& info, std::size_t index) {
  double max_dist = NumberArg(info, index, "maxDist");
  if (!(max_dist > 0) || !std::isfinite(max_dist)) ThrowRange(info.Env(), "hotloop native: maxDist must be finite and positive");
  return max_dist;
}

// polygonStatsSync(x, y, offsets: Int32Array(n+1), centers: Float64Array(2n), areas: Float64Array(n), threads)
Napi::Value PolygonStats(const Napi::CallbackInfo& info) {
  auto x = SpanArg<double>(info, 0, napi_float64_array, "x");
  auto y = SpanArg<double>(info, 1, napi_float64_array, "y");
  auto offsets = SpanArg<int32_t>(info, 2, napi_int32_array, "offsets");
  auto centers = SpanArg<double>(info, 3, napi_float64_array, "centers");
  auto areas = SpanArg<double>(info, 4, napi_float64_array, "areas");
  unsigned threads = ThreadsArg(info, 5);
  std::size_t n = areas.length;
  if (x.length != y.length || offsets.length != n + 1 || centers.length != 2 * n) {
    ThrowRange(info.Env(), "hotloop native: polygonStats lengths");
  }
  if (offsets.data[0] != 0 || static_cast<std::size_t>(offsets.data[n]) != x.length) {
    ThrowRange(info.Env(), "hotloop native: polygonStats offsets must run from 0 to the vertex count");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (offsets.data[i + 1] <= offsets.data[i]) ThrowRange(info.Env(), "hotloop native: polygonStats offsets must increase");
  }
  State(info.Env()).pool.parallel_for(n, kStatsGrain, threads, [=](std::size_t begin, std::size_t end) {
    polygon_stats(x.data, y.data, offsets.data, centers.data, areas.data, begin, end);
  });
  return info.Env().Undefined();
}

// closeIndicesSync(centers: Float64Array(2n), px, py, maxDist, out: Int32Array(>= n)) -> count
Napi::Value CloseIndices(const Napi::CallbackInfo& info) {
  auto centers = SpanArg<double>(info, 0, napi_float64_array, "centers");
  double px = NumberArg(info, 1, "px");
  double py = NumberArg(info, 2, "py");
  double max_dist = MaxDistArg(info, 3);
  auto out = SpanArg<int32_t>(info, 4, napi_int32_array, "out");
  std::size_t n = centers.length / 2;
  if (centers.length % 2 != 0 || out.length < n) ThrowRange(info.Env(), "hotloop native: closeIndices lengths");
  return Napi::Number::New(info.Env(), static_cast<double>(close_indices(centers.data, n, px, py, max_dist, out.data)));
}

// matchPoints(centers: Float64Array(2n), areas: Float64Array(n), points: Float64Array(2m), maxDist,
//             out: Int32Array(m), threads, control?)
Napi::Value MatchPoints(const Napi::CallbackInfo& info, bool async) {
  auto centers = SpanArg<double>(info, 0, napi_float64_array, "centers");
  auto areas = SpanArg<double>(info, 1, napi_float64_array, "areas");
  auto points = SpanArg<double>(info, 2, napi_float64_array, "points");
  double max_dist = MaxDistArg(info, 3);
  auto out = SpanArg<int32_t>(info, 4, napi_int32_array, "out");
  unsigned threads = ThreadsArg(info, 5);
  Control control = ControlArg(info, 6);
  std::size_t n = areas.length, m = out.length;
  if (centers.length != 2 * n || points.length != 2 * m || n > 0x7fffffff) {
    ThrowRange(info.Env(), "hotloop native: matchPoints lengths");
  }
  ThreadPool* pool = &State(info.Env()).pool;
  return Run(info.Env(), async, {info[0], info[1], info[2], info[4], info[6]}, [=] {
    if (control.cancelled()) throw Cancelled{};
    auto grid = std::make_shared<const CenterGrid>(build_grid(centers.data, areas.data, n, max_dist, *pool, threads, control));
    auto order = std::make_shared<const PointOrder>(order_by_row(*grid, points.data, m, *pool, threads, control));
    pool->parallel_for(m, kMatchGrain, threads, [=](std::size_t begin, std::size_t end) {
      match_points(*grid, *order, max_dist, out.data, begin, end, control);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  });
}

}  // namespace

void RegisterPolymatch(Napi::Env env, Napi::Object exports) {
  exports.Set("polygonStatsSync", Napi::Function::New(env, PolygonStats));
  exports.Set("closeIndicesSync", Napi::Function::New(env, CloseIndices));
  exports.Set("matchPointsSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MatchPoints(i, false); }));
  exports.Set("matchPointsAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return MatchPoints(i, true); }));
}

}  // namespace hotloop
