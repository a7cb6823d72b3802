// Glue for core/julia: the grid and the output arrays, rows handed to the pool in chunks.
#include "core/julia.h"

#include <atomic>
#include <cmath>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/huge_pages.h"
#include "core/parallel.h"

namespace hotloop {

namespace {

constexpr std::size_t kRowGrain = 2;             // rows per chunk: small, so uneven rows balance
constexpr std::size_t kOneThreadPixels = 16384;  // below this, threads cost more than they save

template <typename Count>
Work RowsWork(JuliaGrid grid, Span<Count> counts, double* norms, unsigned threads, Parallel* pool) {
  return [=](Control control) {
    JuliaGrid g = grid;
    g.control = control;  // also polled inside a row, for huge itermax
    return for_chunks(*pool, control, g.height, kRowGrain, threads, [&g, counts, norms](std::size_t begin, std::size_t end) {
      return julia_rows(g, begin, end, counts.data, norms);
    });
  };
}

// julia(xs: Float64Array(w), ys: Float64Array(h), counts: Uint16Array|Uint32Array(w*h),
//       norms: Float64Array(w*h)|undefined, cr, ci, t2, itermax, threads)
Work Julia(Args& args) {
  auto xs = args.Array<double>("xs");
  auto ys = args.Array<double>("ys");
  const std::size_t pixels = xs.length * ys.length;
  bool wide = args.Peek().IsTypedArray() && args.Peek().As<Napi::TypedArray>().TypedArrayType() == napi_uint32_array;
  Span<uint16_t> narrow{nullptr, 0};
  Span<uint32_t> counts32{nullptr, 0};
  if (wide) counts32 = args.Array<uint32_t>("counts");
  else narrow = args.Array<uint16_t>("counts");
  auto norms = args.OptionalArray<double>("norms");
  JuliaGrid grid{xs.data, xs.length, ys.data, ys.length, args.Number("cr"), args.Number("ci"), args.Number("t2"), 0};
  double itermax = args.Number("itermax");
  unsigned threads = args.Threads();
  if (!(itermax >= 1 && itermax <= 4294967295.0) || std::floor(itermax) != itermax) {
    args.Fail("itermax must be an integer between 1 and 2^32-1");
  }
  grid.itermax = static_cast<uint32_t>(itermax);
  if ((wide ? counts32.length : narrow.length) != pixels) args.Fail("counts must hold width * height pixels");
  if (norms.data != nullptr && norms.length != pixels) args.Fail("norms must hold width * height pixels");
  if (!wide && grid.itermax > 65535) args.Fail("itermax above 65535 needs Uint32Array counts");
  if (pixels < kOneThreadPixels) threads = 1;
  // Fresh outputs: 2 MiB pages spare the render most of its page faults (a 4000x4000 image's 32 MB
  // of counts is 8,000 of them at 4 KiB, most of the system time of a `hotloop julia` run).
  if (wide) advise_huge_pages(counts32.data, counts32.length * sizeof(uint32_t));
  else advise_huge_pages(narrow.data, narrow.length * sizeof(uint16_t));
  if (norms.data != nullptr) advise_huge_pages(norms.data, norms.length * sizeof(double));
  Parallel* pool = &State(args.Env()).pool;
  if (wide) return RowsWork(grid, counts32, norms.data, threads, pool);
  return RowsWork(grid, narrow, norms.data, threads, pool);
}

// juliaLevels(counts: Uint16Array(n), table: Uint8Array(itermax+1), levels: Uint8Array(n), threads):
// levels[i] = table[counts[i]]. Every count must index the table; the glue checks that, as a wrong
// call must not read outside it.
Napi::Value JuliaLevels(Args& args) {
  auto counts = args.Array<uint16_t>("counts");
  auto table = args.Array<uint8_t>("table");
  auto levels = args.Array<uint8_t>("levels");
  unsigned threads = args.Threads();
  if (levels.length != counts.length || table.length == 0) args.Fail("lengths of counts, table and levels disagree");
  std::size_t n = counts.length;
  advise_huge_pages(levels.data, n);
  bool inside = State(args.Env()).pool.each(n, 1 << 18, n < kOneThreadPixels ? 1 : threads, [&](std::size_t begin, std::size_t end) {
    uint16_t top = 0;
    for (std::size_t i = begin; i < end; ++i) top = counts.data[i] > top ? counts.data[i] : top;
    if (top >= table.length) return false;
    julia_levels(counts.data, table.data, levels.data, begin, end);
    return true;
  });
  if (!inside) args.Fail("a count lies beyond the table");
  return args.Env().Undefined();
}

}  // namespace

void RegisterJulia(Napi::Env env, Napi::Object exports) {
  static const Kernel julia{{"julia", {"xs", "ys", "counts", "norms", "cr", "ci", "t2", "itermax", "threads"}}, Julia};
  static const Function levels{{"juliaLevels", {"counts", "table", "levels", "threads"}}, JuliaLevels};
  Register(env, exports, julia);
  Register(env, exports, levels);
}

}  // namespace hotloop
