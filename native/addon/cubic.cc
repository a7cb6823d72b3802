// Glue for core/cubic: the batch split across the pool in chunks.
#include "core/cubic.h"

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/parallel.h"

namespace hotloop {

namespace {

constexpr std::size_t kGrain = 8192;  // about 0.2 ms of work: small batches stay on one thread

// solveCubics(coeffs: Float64Array(4n), roots: Float64Array(3n), counts: Uint8Array(n), threads)
Work SolveCubics(Args& args) {
  auto coeffs = args.Array<double>("coeffs");
  auto roots = args.Array<double>("roots");
  auto counts = args.Array<uint8_t>("counts");
  unsigned threads = args.Threads();
  std::size_t n = counts.length;
  if (coeffs.length != 4 * n || roots.length != 3 * n) args.Fail("lengths of coeffs, roots and counts disagree");
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    return for_chunks(*pool, control, n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      solve_cubics(coeffs.data, roots.data, counts.data, begin, end);
    });
  };
}

// cubicYRoots(x0: Float64Array(n), y0: Float64Array(n), roots: Float64Array(3n), counts: Uint8Array(n), threads)
Work CubicYRoots(Args& args) {
  auto x0 = args.Array<double>("x0");
  auto y0 = args.Array<double>("y0");
  auto roots = args.Array<double>("roots");
  auto counts = args.Array<uint8_t>("counts");
  unsigned threads = args.Threads();
  std::size_t n = counts.length;
  if (x0.length != n || y0.length != n || roots.length != 3 * n) args.Fail("lengths of x0, y0, roots and counts disagree");
  Parallel* pool = &State(args.Env()).pool;
  return [=](Control control) {
    return for_chunks(*pool, control, n, kGrain, threads, [=](std::size_t begin, std::size_t end) {
      cubic_y_roots(x0.data, y0.data, roots.data, counts.data, begin, end);
    });
  };
}

}  // namespace

void RegisterCubic(Napi::Env env, Napi::Object exports) {
  static const Kernel solve{{"solveCubics", {"coeffs", "roots", "counts", "threads"}}, SolveCubics};
  static const Kernel seed{{"cubicYRoots", {"x0", "y0", "roots", "counts", "threads"}}, CubicYRoots};
  Register(env, exports, solve);
  Register(env, exports, seed);
}

}  // namespace hotloop
