// Bench-only glue for core/calibrate (bench/calibrate.ts): this machine's limits for the Julia
// kernel, measured when the bench runs. Not part of the library's API.
#include "core/calibrate.h"

#include <cmath>
#include <string>
#include <vector>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/cpu.h"

namespace hotloop {

namespace {

// Enough chunks per thread that the pool's dynamic hand-out keeps every thread busy to the end.
constexpr unsigned kPeakChunksPerThread = 16;

// juliaPeakChains(): the chain counts juliaPeak accepts.
Napi::Value JuliaPeakChains(Args& args) {
  int count = 0;
  const int* chains = peak_chains(&count);
  Napi::Array out = Napi::Array::New(args.Env(), count);
  for (int i = 0; i < count; ++i) out.Set(i, chains[i]);
  return out;
}

// juliaPeak(level, chains, iterations, threads): runs the register-only Julia loop at `level` on
// `threads` threads at once, `iterations` per thread in all; returns the lane-iterations done.
Napi::Value JuliaPeak(Args& args) {
  SimdLevel level;
  if (!parse_simd_level(args.String("level"), &level)) args.FailType("level must be 'scalar', 'avx2' or 'avx512'");
  double chains = args.Number("chains");
  double iterations = args.Number("iterations");
  unsigned threads = args.Threads();
  if (!(iterations >= 1 && iterations <= 1e12) || std::floor(iterations) != iterations) {
    args.Fail("iterations must be an integer between 1 and 1e12");
  }
  if (level > simd_level()) {
    args.Fail(std::string("the ") + simd_level_name(level) + " peak needs " + simd_level_name(level) +
              ", and the unit in use is " + simd_level_name(simd_level()));
  }
  if (std::floor(chains) != chains || julia_peak(level, static_cast<int>(chains), 1) < 0) {
    args.Fail("chains must be one of juliaPeakChains()");
  }
  // Each thread's share in kPeakChunksPerThread chunks, `iterations` in all per thread.
  const unsigned chunks = threads * kPeakChunksPerThread;
  const uint64_t share = static_cast<uint64_t>(iterations) / kPeakChunksPerThread;
  const uint64_t extra = static_cast<uint64_t>(iterations) % kPeakChunksPerThread;
  std::vector<int64_t> done(chunks, 0);
  State(args.Env()).pool.each(chunks, 1, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      uint64_t n = share + (c % kPeakChunksPerThread < extra ? 1 : 0);
      if (n > 0) done[c] = julia_peak(level, static_cast<int>(chains), n);
    }
  });
  double total = 0;
  for (int64_t d : done) total += static_cast<double>(d);
  return Napi::Number::New(args.Env(), total);
}

// The grid, counts and threads of juliaPlain and juliaKernel:
//   (xs: Float64Array, ys: Float64Array, counts: Uint16Array(w*h), cr, ci, t2, itermax, threads).
struct GridCall {
  JuliaGrid grid;
  uint16_t* counts;
  unsigned threads;
};

GridCall GridArgs(Args& args) {
  auto xs = args.Array<double>("xs");
  auto ys = args.Array<double>("ys");
  auto counts = args.Array<uint16_t>("counts");
  JuliaGrid grid{xs.data, xs.length, ys.data, ys.length, args.Number("cr"), args.Number("ci"), args.Number("t2"), 0};
  double itermax = args.Number("itermax");
  unsigned threads = args.Threads();
  if (!(itermax >= 1 && itermax <= 65535) || std::floor(itermax) != itermax) {
    args.Fail("itermax must be an integer between 1 and 65535");
  }
  grid.itermax = static_cast<uint32_t>(itermax);
  if (counts.length != grid.width * grid.height) args.Fail("counts must hold width * height pixels");
  return {grid, counts.data, threads};
}

// juliaPlain(grid..., threads): the plain 4x4-interleaved AVX2 loop over the grid, rows handed to
// the pool 2 at a time as julia's are.
Napi::Value JuliaPlain(Args& args) {
  GridCall call = GridArgs(args);
  if (simd_level() < SimdLevel::Avx2) args.Fail("juliaPlain needs AVX2 in use");
  State(args.Env()).pool.each(call.grid.height, 2, call.threads, [&](std::size_t begin, std::size_t end) {
    julia_plain_avx2(call.grid, begin, end, call.counts);
  });
  return args.Env().Undefined();
}

// juliaKernel(grid..., threads): the library's kernel (julia_rows at the unit in use) on the same
// terms as juliaPlain: output given, no allocation, so the two compare kernel to kernel.
Napi::Value JuliaKernel(Args& args) {
  GridCall call = GridArgs(args);
  State(args.Env()).pool.each(call.grid.height, 2, call.threads, [&](std::size_t begin, std::size_t end) {
    return julia_rows(call.grid, begin, end, call.counts, static_cast<double*>(nullptr));
  });
  return args.Env().Undefined();
}

}  // namespace

void RegisterCalibrate(Napi::Env env, Napi::Object exports) {
  static const Function chains{{"juliaPeakChains", {}}, JuliaPeakChains};
  static const Function peak{{"juliaPeak", {"level", "chains", "iterations", "threads"}}, JuliaPeak};
  static const Function plain{{"juliaPlain", {"xs", "ys", "counts", "cr", "ci", "t2", "itermax", "threads"}}, JuliaPlain};
  static const Function kernel{{"juliaKernel", {"xs", "ys", "counts", "cr", "ci", "t2", "itermax", "threads"}}, JuliaKernel};
  Register(env, exports, chains);
  Register(env, exports, peak);
  Register(env, exports, plain);
  Register(env, exports, kernel);
}

}  // namespace hotloop
