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
constexpr std::size_t kMergeOutputs = 64 * 1024;    // per pool chunk when pieces are merged
// On a shared machine a thread may be descheduled at any time; the others finish the job meanwhile,
// except the item it holds, so no item may be long (the seed's transpose has 8 MB columns).
constexpr std::size_t kMaxItemBytes = 1024 * 1024;
// Values-only tiled items read kRunBytes of each row (see reduce_kernels.h): cutting the seed's
// 100 rows into 1 MiB pieces would cost more in partial results than it saves, and 4 MiB is still
// well under a millisecond of reading.
constexpr std::size_t kMaxRunItemBytes = 4 * 1024 * 1024;
// Keys per item: a values-only tiled item holds kRunBytes of them, any other at most kMaxTile.
template <class K>
constexpr std::size_t kItemKeys = std::max(kMaxTile, kRunBytes / sizeof(K));

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

Plan make_plan(const ReduceJob& job, std::size_t size, bool want_index) {
  Plan p{};
  bool columns = job.axis == 0;
  p.n_out = columns ? job.cols : job.rows;
  p.n_red = columns ? job.rows : job.cols;
  p.s_out = columns ? job.col_stride : job.row_stride;
  p.s_red = columns ? job.row_stride : job.col_stride;
  if (p.n_out == 0) return p;  // nothing to cut (and nothing to divide by)
  const bool runs = p.s_red != 1 && p.s_out == 1 && !want_index;
  if (p.s_red == 1) p.tile = std::clamp<std::size_t>(kBlockBytes / size / p.n_red, 1, kMaxTile);
  else if (runs) {
    // Up to kRunBytes of each row, but cut narrower (down to the L1 tile) before the rows are
    // cut: kMinItems tiles keep every thread busy without partial results to merge.
    const std::size_t line = kLineBytes / size;
    const std::size_t balanced = ((p.n_out + kMinItems - 1) / kMinItems + line - 1) / line * line;
    p.tile = std::clamp(balanced, kTileBytes / size, kRunBytes / size);
  }
  else if (p.s_out == 1) p.tile = std::min(kMaxTile, kTileBytes / size);
  else p.tile = 64;
  p.n_tiles = (p.n_out + p.tile - 1) / p.tile;
  const std::size_t tile_bytes = std::min(p.tile, p.n_out) * p.n_red * size;
  const std::size_t max_item = runs ? kMaxRunItemBytes : kMaxItemBytes;
  p.pieces = (tile_bytes + max_item - 1) / max_item;
  if (p.n_tiles < kMinItems) {
    std::size_t wanted = (kMinItems + p.n_tiles - 1) / p.n_tiles;
    std::size_t affordable = tile_bytes / kMinPieceBytes;
    p.pieces = std::max(p.pieces, std::min(wanted, affordable));
  }
  p.piece = (p.n_red + p.pieces - 1) / p.pieces;
  p.pieces = (p.n_red + p.piece - 1) / p.piece;
  return p;
}

// Writes outputs [o0, o1) from their keys and positions, one plain loop per array (vectorized:
// for 1-byte dtypes the outputs are a sizeable part of the work).
template <class T, bool Max>
void emit(const ReduceJob& job, std::size_t o0, std::size_t o1, const typename Keys<T>::K* keys, const int32_t* index) {
  if (job.values) {
    T* values = static_cast<T*>(job.values);
    for (std::size_t o = o0; o < o1; ++o) values[o] = Keys<T>::template decode<Max>(keys[o - o0]);
  }
  if (job.index) std::copy(index, index + (o1 - o0), job.index + o0);
}

template <class T, bool Max>
bool run_job(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  using K = typename Keys<T>::K;
  const Plan p = make_plan(job, sizeof(T), job.index != nullptr);
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
    alignas(64) K keys[kItemKeys<K>];
    int32_t index[kMaxTile];  // items that want positions are at most kMaxTile wide
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
      if (!split) emit<T, Max>(job, it.o0, it.o1, keys, index);
    }
  });
  if (!finished || !split) return finished;
  // Pieces fold into piece 0 in order, on every thread over blocks of outputs.
  K* best = part_keys.get();
  int32_t* at = part_index.get();
  pool.each(p.n_out, kMergeOutputs, threads, [&](std::size_t o0, std::size_t o1) {
    for (std::size_t q = 1; q < p.pieces; ++q) {
      const K* keys = best + q * p.n_out;
      // Strictly better only: on a tie the earlier piece, hence the first index, wins.
      if (want_index) {
        const int32_t* index = at + q * p.n_out;
        for (std::size_t o = o0; o < o1; ++o) {
          if (better<Max>(keys[o], best[o])) {
            best[o] = keys[o];
            at[o] = index[o];
          }
        }
      } else {
        for (std::size_t o = o0; o < o1; ++o) best[o] = pick<Max>(best[o], keys[o]);
      }
    }
    emit<T, Max>(job, o0, o1, best + o0, want_index ? at + o0 : nullptr);
  });
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
