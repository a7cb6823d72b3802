#include "core/reduce.h"

#include <algorithm>
#include <memory>
#include <type_traits>

#include "core/cpu.h"
#include "core/reduce_kernels.h"

namespace hotloop {

namespace {

using namespace reduce_detail;

constexpr std::size_t kMinItems = 32;               // enough work items to balance any pool
constexpr std::size_t kMinPieceBytes = 64 * 1024;   // never split an output's reduction finer
constexpr std::size_t kChunkBytes = 512 * 1024;     // per pool chunk: less work stays on one thread
// On a shared machine a thread may be descheduled at any time; the others finish the job meanwhile,
// except the item it holds, so no item may be long (the seed's transpose has 8 MB columns).
constexpr std::size_t kMaxItemBytes = 1024 * 1024;

using ItemFn = void (*)(const Item&);

// The same kernels compiled for each vector unit; simd_level() picks one at run time. Arg: the
// position reductions' keys (-0 equal to +0, see reduce_keys.h), instantiated for floats only.
#if defined(__x86_64__)
template <class T, bool Max, bool Arg>
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"))) void item_avx512(const Item& it) {
  Kernels<T, Max, 64, Arg>::run(it);
}
template <class T, bool Max, bool Arg>
__attribute__((target("avx2,fma"))) void item_avx2(const Item& it) {
  Kernels<T, Max, 32, Arg>::run(it);
}
#endif
template <class T, bool Max, bool Arg>
void item_baseline(const Item& it) {
  Kernels<T, Max, 16, Arg>::run(it);
}

template <class T, bool Max, bool Arg>
ItemFn item_function() {
#if defined(__x86_64__)
  switch (simd_level()) {
    case SimdLevel::Avx512: return item_avx512<T, Max, Arg>;
    case SimdLevel::Avx2: return item_avx2<T, Max, Arg>;
    default: break;
  }
#endif
  return item_baseline<T, Max, Arg>;
}

// How the work is cut: outputs into tiles (one memory shape per item, see reduce_kernels.h) and,
// when a tile's work is long or there are too few tiles to keep every thread busy, the reduced
// axis into pieces whose partial results are combined in order afterwards. The cut depends on the shape only, never on
// the thread count; and since max/min over keys is exact, no cut changes a result anyway.
struct Plan {
  std::size_t n_out, n_red, s_out, s_red;
  std::size_t tile, n_tiles, piece, pieces;
};

Plan make_plan(const ReduceJob& job, std::size_t size) {
  Plan p{};
  bool columns = job.axis == 0;
  p.n_out = columns ? job.cols : job.rows;
  p.n_red = columns ? job.rows : job.cols;
  p.s_out = columns ? job.col_stride : job.row_stride;
  p.s_red = columns ? job.row_stride : job.col_stride;
  if (p.n_out == 0) return p;  // nothing to cut (and nothing to divide by)
  if (p.s_red == 1) p.tile = std::clamp<std::size_t>(kBlockBytes / size / p.n_red, 1, kMaxTile);
  else if (p.s_out == 1) p.tile = std::min(kMaxTile, kTileBytes / size);
  else p.tile = 64;
  p.n_tiles = (p.n_out + p.tile - 1) / p.tile;
  const std::size_t tile_bytes = std::min(p.tile, p.n_out) * p.n_red * size;
  p.pieces = (tile_bytes + kMaxItemBytes - 1) / kMaxItemBytes;
  if (p.n_tiles < kMinItems) {
    std::size_t wanted = (kMinItems + p.n_tiles - 1) / p.n_tiles;
    std::size_t affordable = tile_bytes / kMinPieceBytes;
    p.pieces = std::max(p.pieces, std::min(wanted, affordable));
  }
  p.piece = (p.n_red + p.pieces - 1) / p.pieces;
  p.pieces = (p.n_red + p.piece - 1) / p.piece;
  return p;
}

template <class T, bool Max>
void emit(const ReduceJob& job, std::size_t o, typename Keys<T>::K key, int32_t at) {
  if (job.values) static_cast<T*>(job.values)[o] = Keys<T>::template decode<Max>(key);
  if (job.index) job.index[o] = at;
}

template <class T, bool Max>
bool run_job(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  using K = typename Keys<T>::K;
  const Plan p = make_plan(job, sizeof(T));
  if (p.n_out == 0) return true;
  // Positions alone follow numpy's equality of the two zeros; values keep IEEE's -0 < +0.
  const bool arg = job.index != nullptr && job.values == nullptr;
  const ItemFn kernel = arg ? item_function<T, Max, std::is_floating_point_v<T>>() : item_function<T, Max, false>();
  const bool want_index = job.index != nullptr;
  const bool split = p.pieces > 1;
  // Piece q's results for output o live at [q * n_out + o]; each item owns its slots, no locks.
  std::unique_ptr<K[]> part_keys(split ? new K[p.pieces * p.n_out] : nullptr);
  std::unique_ptr<int32_t[]> part_index(split && want_index ? new int32_t[p.pieces * p.n_out] : nullptr);

  const std::size_t items = p.n_tiles * p.pieces;
  const std::size_t item_bytes = std::max<std::size_t>(std::min(p.tile, p.n_out) * p.piece * sizeof(T), 1);
  const std::size_t grain = std::max<std::size_t>(kChunkBytes / item_bytes, 1);
  bool finished = for_chunks(pool, control, items, grain, threads, [&](std::size_t begin, std::size_t end) {
    alignas(64) K keys[kMaxTile];
    int32_t index[kMaxTile];
    for (std::size_t i = begin; i < end; ++i) {
      std::size_t tile = i / p.pieces, piece = i % p.pieces;
      Item it{job.data, p.s_out, p.s_red,
              tile * p.tile, std::min(p.n_out, (tile + 1) * p.tile),
              piece * p.piece, std::min(p.n_red, (piece + 1) * p.piece),
              keys, want_index ? index : nullptr};
      if (split) {
        it.keys = part_keys.get() + piece * p.n_out + it.o0;
        it.index = want_index ? part_index.get() + piece * p.n_out + it.o0 : nullptr;
      }
      kernel(it);
      if (!split) {
        for (std::size_t o = it.o0; o < it.o1; ++o) emit<T, Max>(job, o, keys[o - it.o0], want_index ? index[o - it.o0] : 0);
      }
    }
  });
  if (!finished || !split) return finished;
  for (std::size_t o = 0; o < p.n_out; ++o) {
    K best = part_keys[o];
    int32_t at = want_index ? part_index[o] : 0;
    for (std::size_t q = 1; q < p.pieces; ++q) {
      // Strictly better only: on a tie the earlier piece, hence the first index, wins.
      if (better<Max>(part_keys[q * p.n_out + o], best)) {
        best = part_keys[q * p.n_out + o];
        if (want_index) at = part_index[q * p.n_out + o];
      }
    }
    emit<T, Max>(job, o, best, at);
  }
  return true;
}

template <class T>
bool run_typed(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  return job.max ? run_job<T, true>(job, pool, threads, control) : run_job<T, false>(job, pool, threads, control);
}

}  // namespace

bool reduce_axis(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  switch (job.dtype) {
    case Dtype::I8: return run_typed<int8_t>(job, pool, threads, control);
    case Dtype::U8: return run_typed<uint8_t>(job, pool, threads, control);
    case Dtype::I16: return run_typed<int16_t>(job, pool, threads, control);
    case Dtype::U16: return run_typed<uint16_t>(job, pool, threads, control);
    case Dtype::I32: return run_typed<int32_t>(job, pool, threads, control);
    case Dtype::U32: return run_typed<uint32_t>(job, pool, threads, control);
    case Dtype::I64: return run_typed<int64_t>(job, pool, threads, control);
    case Dtype::U64: return run_typed<uint64_t>(job, pool, threads, control);
    case Dtype::F32: return run_typed<float>(job, pool, threads, control);
    case Dtype::F64: return run_typed<double>(job, pool, threads, control);
  }
  return true;
}

}  // namespace hotloop
