// Bench-only glue for core/calibrate (bench/calibrate.ts): this machine's limits for the Julia
// kernel, measured when the bench runs. Not part of the library's API.
#include "core/calibrate.h"

#include <cmath>
#include <string>
#include <vector>

#include "addon/args.h"
#include "addon/register.h"
#include "addon/state.h"

namespace hotloop {

namespace {

// Enough chunks per thread that the pool's dynamic hand-out keeps every thread busy to the end.
constexpr unsigned kPeakChunksPerThread = 16;

SimdLevel LevelArg(const Napi::CallbackInfo& info, std::size_t index) {
  std::string name = info[index].IsString() ? info[index].As<Napi::String>().Utf8Value() : std::string();
  for (SimdLevel level : {SimdLevel::Scalar, SimdLevel::Avx2, SimdLevel::Avx512}) {
    if (name == simd_level_name(level)) return level;
  }
  ThrowType(info.Env(), "hotloop native: level must be 'scalar', 'avx2' or 'avx512'");
}

// juliaPeakChains(): the chain counts juliaPeak accepts.
Napi::Value JuliaPeakChains(const Napi::CallbackInfo& info) {
  int count = 0;
  const int* chains = peak_chains(&count);
  Napi::Array out = Napi::Array::New(info.Env(), count);
  for (int i = 0; i < count; ++i) out.Set(i, chains[i]);
  return out;
}

// juliaPeak(level, chains, iterations, threads): runs the register-only Julia loop at `level` on
// `threads` threads at once, `iterations` per thread in all; returns the lane-iterations done.
Napi::Value JuliaPeak(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SimdLevel level = LevelArg(info, 0);
  double chains = NumberArg(info, 1, "chains");
  double iterations = NumberArg(info, 2, "iterations");
  unsigned threads = ThreadsArg(info, 3);
  if (!(iterations >= 1 && iterations <= 1e12) || std::floor(iterations) != iterations) {
    ThrowRange(env, "hotloop native: iterations must be an integer between 1 and 1e12");
  }
  if (level > simd_level()) {
    ThrowRange(env, std::string("hotloop native: the ") + simd_level_name(level) + " peak needs " +
                        simd_level_name(level) + ", and the unit in use is " + simd_level_name(simd_level()));
  }
  if (julia_peak(level, static_cast<int>(chains), 1) < 0 || std::floor(chains) != chains) {
    ThrowRange(env, "hotloop native: chains must be one of juliaPeakChains()");
  }
  // Each thread's share in kPeakChunksPerThread chunks, `iterations` in all per thread.
  const unsigned chunks = threads * kPeakChunksPerThread;
  const uint64_t share = static_cast<uint64_t>(iterations) / kPeakChunksPerThread;
  const uint64_t extra = static_cast<uint64_t>(iterations) % kPeakChunksPerThread;
  std::vector<int64_t> done(chunks, 0);
  State(env).pool.parallel_for(chunks, 1, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      uint64_t n = share + (c % kPeakChunksPerThread < extra ? 1 : 0);
      if (n > 0) done[c] = julia_peak(level, static_cast<int>(chains), n);
    }
  });
  double total = 0;
  for (int64_t d : done) total += static_cast<double>(d);
  return Napi::Number::New(env, total);
}

// The grid, counts and threads of juliaPlain and juliaKernel:
//   (xs: Float64Array, ys: Float64Array, cr, ci, t2, itermax, counts: Uint16Array(w*h), threads).
struct GridCall {
  JuliaGrid grid;
  uint16_t* counts;
  unsigned threads;
};

GridCall GridArgs(const Napi::CallbackInfo& info, const char* name) {
  Napi::Env env = info.Env();
  auto xs = SpanArg<double>(info, 0, napi_float64_array, "xs");
  auto ys = SpanArg<double>(info, 1, napi_float64_array, "ys");
  JuliaGrid grid{xs.data, xs.length, ys.data, ys.length, NumberArg(info, 2, "cr"), NumberArg(info, 3, "ci"),
                 NumberArg(info, 4, "t2"), 0};
  double itermax = NumberArg(info, 5, "itermax");
  if (!(itermax >= 1 && itermax <= 65535) || std::floor(itermax) != itermax) {
    ThrowRange(env, "hotloop native: itermax must be an integer between 1 and 65535");
  }
  grid.itermax = static_cast<uint32_t>(itermax);
  auto counts = SpanArg<uint16_t>(info, 6, napi_uint16_array, "counts");
  if (counts.length != grid.width * grid.height) ThrowRange(env, std::string("hotloop native: ") + name + " counts length");
  return {grid, counts.data, ThreadsArg(info, 7)};
}

// juliaPlain(grid..., counts, threads): the plain 4x4-interleaved AVX2 loop over the grid, rows
// handed to the pool 2 at a time as julia's are.
Napi::Value JuliaPlain(const Napi::CallbackInfo& info) {
  GridCall call = GridArgs(info, "juliaPlain");
  if (simd_level() < SimdLevel::Avx2) ThrowRange(info.Env(), "hotloop native: juliaPlain needs AVX2 in use");
  State(info.Env()).pool.parallel_for(call.grid.height, 2, call.threads, [&](std::size_t begin, std::size_t end) {
    julia_plain_avx2(call.grid, begin, end, call.counts);
  });
  return info.Env().Undefined();
}

// juliaKernel(grid..., counts, threads): the library's kernel (julia_rows at the unit in use) on the
// same terms as juliaPlain: output given, no allocation, so the two compare kernel to kernel.
Napi::Value JuliaKernel(const Napi::CallbackInfo& info) {
  GridCall call = GridArgs(info, "juliaKernel");
  State(info.Env()).pool.parallel_for(call.grid.height, 2, call.threads, [&](std::size_t begin, std::size_t end) {
    julia_rows(call.grid, begin, end, call.counts, static_cast<double*>(nullptr));
  });
  return info.Env().Undefined();
}

}  // namespace

void RegisterCalibrate(Napi::Env env, Napi::Object exports) {
  exports.Set("juliaPeakChains", Napi::Function::New(env, JuliaPeakChains));
  exports.Set("juliaPeak", Napi::Function::New(env, JuliaPeak));
  exports.Set("juliaPlain", Napi::Function::New(env, JuliaPlain));
  exports.Set("juliaKernel", Napi::Function::New(env, JuliaKernel));
}

}  // namespace hotloop
