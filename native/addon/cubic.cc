// Glue for core/cubic: unpack the typed arrays, split the batch across the pool, run sync or async.
#include "core/cubic.h"

#include "addon/args.h"
#include "addon/async.h"
#include "addon/register.h"
#include "addon/state.h"

namespace hotloop {

namespace {

constexpr std::size_t kGrain = 8192;  // about 0.2 ms of work: small batches stay on one thread

// solveCubics(coeffs: Float64Array(4n), roots: Float64Array(3n), counts: Uint8Array(n), threads, control?)
Napi::Value SolveCubics(const Napi::CallbackInfo& info, bool async) {
  auto coeffs = SpanArg<double>(info, 0, napi_float64_array, "coeffs");
  auto roots = SpanArg<double>(info, 1, napi_float64_array, "roots");
  auto counts = SpanArg<uint8_t>(info, 2, napi_uint8_array, "counts");
  unsigned threads = ThreadsArg(info, 3);
  Control control = ControlArg(info, 4);
  std::size_t n = counts.length;
  if (coeffs.length != 4 * n || roots.length != 3 * n) ThrowRange(info.Env(), "hotloop native: solveCubics lengths");
  ThreadPool* pool = &State(info.Env()).pool;
  return Run(info.Env(), async, {info[0], info[1], info[2], info[4]}, [=] {
    pool->parallel_for(n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      solve_cubics(coeffs.data, roots.data, counts.data, begin, end);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  });
}

// cubicYRoots(x0: Float64Array(n), y0: Float64Array(n), roots: Float64Array(3n), counts: Uint8Array(n), threads, control?)
Napi::Value CubicYRoots(const Napi::CallbackInfo& info, bool async) {
  auto x0 = SpanArg<double>(info, 0, napi_float64_array, "x0");
  auto y0 = SpanArg<double>(info, 1, napi_float64_array, "y0");
  auto roots = SpanArg<double>(info, 2, napi_float64_array, "roots");
  auto counts = SpanArg<uint8_t>(info, 3, napi_uint8_array, "counts");
  unsigned threads = ThreadsArg(info, 4);
  Control control = ControlArg(info, 5);
  std::size_t n = counts.length;
  if (x0.length != n || y0.length != n || roots.length != 3 * n) {
    ThrowRange(info.Env(), "hotloop native: cubicYRoots lengths");
  }
  ThreadPool* pool = &State(info.Env()).pool;
  return Run(info.Env(), async, {info[0], info[1], info[2], info[3], info[5]}, [=] {
    pool->parallel_for(n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      cubic_y_roots(x0.data, y0.data, roots.data, counts.data, begin, end);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  });
}

}  // namespace

void RegisterCubic(Napi::Env env, Napi::Object exports) {
  exports.Set("solveCubicsSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return SolveCubics(i, false); }));
  exports.Set("solveCubicsAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return SolveCubics(i, true); }));
  exports.Set("cubicYRootsSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return CubicYRoots(i, false); }));
  exports.Set("cubicYRootsAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return CubicYRoots(i, true); }));
}

}  // namespace hotloop
