// Glue for core/julia: unpack the grid and the output arrays, hand rows to the pool, sync or async.
#include "core/julia.h"

#include <atomic>
#include <cmath>

#include "addon/args.h"
#include "addon/async.h"
#include "addon/png.h"
#include "addon/register.h"
#include "addon/state.h"

namespace hotloop {

namespace {

constexpr std::size_t kRowGrain = 2;          // rows per chunk: small, so uneven rows balance
constexpr std::size_t kOneThreadPixels = 16384;  // below this, threads cost more than they save

template <typename Count>
Work RowsWork(JuliaGrid grid, Count* counts, double* norms, unsigned threads, Control control, ThreadPool* pool) {
  grid.control = control;
  return [=] {
    // Chunks of kRowGrain rows on any thread count, so the cancel flag and progress are seen often.
    pool->parallel_for(grid.height, kRowGrain, threads, [=](std::size_t begin, std::size_t end) {
      if (control.cancelled()) throw Cancelled{};
      julia_rows(grid, begin, end, counts, norms);
      control.add_done(static_cast<int32_t>(end - begin));
    });
  };
}

// julia(xs: Float64Array(w), ys: Float64Array(h), cr, ci, t2, itermax, counts: Uint16Array|Uint32Array(w*h),
//       norms: Float64Array(w*h)|undefined, threads, control?)
Napi::Value Julia(const Napi::CallbackInfo& info, bool async) {
  Napi::Env env = info.Env();
  auto xs = SpanArg<double>(info, 0, napi_float64_array, "xs");
  auto ys = SpanArg<double>(info, 1, napi_float64_array, "ys");
  JuliaGrid grid{xs.data, xs.length, ys.data, ys.length, NumberArg(info, 2, "cr"), NumberArg(info, 3, "ci"),
                 NumberArg(info, 4, "t2"), 0};
  double itermax = NumberArg(info, 5, "itermax");
  if (!(itermax >= 1 && itermax <= 4294967295.0) || std::floor(itermax) != itermax) {
    ThrowRange(env, "hotloop native: itermax must be an integer between 1 and 2^32-1");
  }
  grid.itermax = static_cast<uint32_t>(itermax);
  const std::size_t pixels = grid.width * grid.height;
  bool wide = info[6].IsTypedArray() && info[6].As<Napi::TypedArray>().TypedArrayType() == napi_uint32_array;
  double* norms = nullptr;
  if (!info[7].IsUndefined()) {
    auto n = SpanArg<double>(info, 7, napi_float64_array, "norms");
    if (n.length != pixels) ThrowRange(env, "hotloop native: julia norms length");
    norms = n.data;
  }
  unsigned threads = pixels < kOneThreadPixels ? 1 : ThreadsArg(info, 8);
  Control control = ControlArg(info, 9);
  ThreadPool* pool = &State(env).pool;
  std::vector<Napi::Value> hold{info[0], info[1], info[6], info[7], info[9]};
  if (wide) {
    auto counts = SpanArg<uint32_t>(info, 6, napi_uint32_array, "counts");
    if (counts.length != pixels) ThrowRange(env, "hotloop native: julia counts length");
    return Run(env, async, hold, RowsWork(grid, counts.data, norms, threads, control, pool));
  }
  auto counts = SpanArg<uint16_t>(info, 6, napi_uint16_array, "counts");
  if (counts.length != pixels) ThrowRange(env, "hotloop native: julia counts length");
  if (grid.itermax > 65535) ThrowRange(env, "hotloop native: itermax above 65535 needs Uint32Array counts");
  return Run(env, async, hold, RowsWork(grid, counts.data, norms, threads, control, pool));
}

// juliaLevels(counts: Uint16Array(n), table: Uint8Array(itermax+1), levels: Uint8Array(n), threads):
// levels[i] = table[counts[i]]. Every count must index the table; the glue checks that, as a wrong
// call must not read outside it.
Napi::Value JuliaLevels(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto counts = SpanArg<uint16_t>(info, 0, napi_uint16_array, "counts");
  auto table = SpanArg<uint8_t>(info, 1, napi_uint8_array, "table");
  auto levels = SpanArg<uint8_t>(info, 2, napi_uint8_array, "levels");
  unsigned threads = ThreadsArg(info, 3);
  if (levels.length != counts.length || table.length == 0) ThrowRange(env, "hotloop native: juliaLevels lengths");
  std::size_t n = counts.length;
  std::atomic<bool> outside{false};
  State(env).pool.parallel_for(n, 1 << 18, n < kOneThreadPixels ? 1 : threads, [&](std::size_t begin, std::size_t end) {
    uint16_t top = 0;
    for (std::size_t i = begin; i < end; ++i) top = counts.data[i] > top ? counts.data[i] : top;
    if (top >= table.length) {
      outside = true;
      return;
    }
    julia_levels(counts.data, table.data, levels.data, begin, end);
  });
  if (outside) ThrowRange(env, "hotloop native: juliaLevels count beyond the table");
  return env.Undefined();
}

}  // namespace

void RegisterJulia(Napi::Env env, Napi::Object exports) {
  exports.Set("juliaSync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Julia(i, false); }));
  exports.Set("juliaAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Julia(i, true); }));
  exports.Set("juliaLevels", Napi::Function::New(env, JuliaLevels));
  RegisterPng(env, exports);  // the PNG writer serves julia's images
}

}  // namespace hotloop
