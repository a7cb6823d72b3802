#include "core/reduce.h"

#include <algorithm>
#include <cstdint>
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
// Values-only tiled items read up to kRunBytes of each row (see reduce_kernels.h). Every piece
// of a cut row range costs a partial result as wide as the tile, i.e. 1/rows of its reading: 32 MiB
// items of 256 KiB runs keep that under 1% (4 MiB pieces cost the seed's float64 matrix 7 partial
// results per column, 14% of the traffic), and are still 1-2 ms of reading.
constexpr std::size_t kMaxRunItemBytes = 32 * 1024 * 1024;
// Keys per item: a values-only tiled item holds kRunBytes of them, any other at most kMaxTile.
template <class K>
constexpr std::size_t kItemKeys = std::max(kMaxTile, kRunBytes / sizeof(K));
constexpr std::size_t kItemKeyBytes = std::max(kMaxTile * sizeof(uint64_t), kRunBytes);
// A job whose data arrives in order while it runs (ReduceJob::in_order) with the reduced axis the
// outer one (a row-major matrix's columns): every tile reads down to the last row, so the rows are
// cut into pieces of about this many bytes, taken piece after piece. After the last byte arrived
// one piece is left to reduce; each piece adds a partial result per output to merge (a 100-row
// float64 matrix in 16 MiB pieces: 5 partial rows, 5% more traffic).
constexpr std::size_t kInOrderPieceBytes = 16 * 1024 * 1024;

#ifndef __wasm__
// An item's running extremes: natively up to 256 KiB, more than every thread's stack can spare
// (musl gives a thread 128 KiB), so each thread that reduces keeps one 64-byte-aligned heap block
// for its life. std::bad_alloc reaches the caller through the pool as an error. wasm's 32 KiB stay
// on its workers' stacks (see items()).
unsigned char* thread_item_keys() {
  thread_local std::unique_ptr<unsigned char[]> block;
  if (!block) block.reset(new unsigned char[kItemKeyBytes + 63]);
  const auto at = (reinterpret_cast<std::uintptr_t>(block.get()) + 63) & ~std::uintptr_t{63};
  return reinterpret_cast<unsigned char*>(at);
}
#endif

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
  bool piece_major;  // items run piece after piece (each piece's tiles in turn), else tile after tile
};

// The tile and the piece of item i.
inline void item_at(const Plan& p, std::size_t i, std::size_t* tile, std::size_t* piece) {
  if (p.piece_major) {
    *piece = i / p.n_tiles;
    *tile = i % p.n_tiles;
  } else {
    *tile = i / p.pieces;
    *piece = i % p.pieces;
  }
}

Plan make_plan(const ReduceJob& job, std::size_t size) {
  Plan p{};
  bool columns = job.axis == 0;
  p.n_out = columns ? job.cols : job.rows;
  p.n_red = columns ? job.rows : job.cols;
  p.s_out = columns ? job.col_stride : job.row_stride;
  p.s_red = columns ? job.row_stride : job.col_stride;
  if (p.n_out == 0) return p;  // nothing to cut (and nothing to divide by)
  // Values alone (no positions) of row-major columns: long row runs (see reduce_kernels.h).
  const bool runs = p.s_red != 1 && p.s_out == 1 && job.index == nullptr;
  if (p.s_red == 1) p.tile = std::clamp<std::size_t>(kBlockBytes / size / p.n_red, 1, kMaxTile);
  else if (runs) {
    // Up to kRunBytes of each row, but cut narrower (down to the L1 tile) before the rows are
    // cut: kMinItems tiles keep every thread busy without partial results to merge.
    const std::size_t line = kLineBytes / size;
    const std::size_t balanced = ((p.n_out + kMinItems - 1) / kMinItems + line - 1) / line * line;
    p.tile = std::clamp(balanced, kTileBytes / size, kRunBytes / size);
  } else if (p.s_out == 1) p.tile = std::min(kMaxTile, kTileBytes / size);
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
  if (job.in_order && p.s_red > p.s_out) {
    const uint64_t bytes = static_cast<uint64_t>(p.n_out) * p.n_red * size;
    p.pieces = std::max<std::size_t>(p.pieces, static_cast<std::size_t>((bytes + kInOrderPieceBytes - 1) / kInOrderPieceBytes));
    p.piece_major = true;
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

// Items per pool chunk: about kChunkBytes of data each.
std::size_t grain_of(const Plan& p, std::size_t size) {
  const std::size_t item_bytes = std::max<std::size_t>(std::min(p.tile, p.n_out) * p.piece * size, 1);
  return std::max<std::size_t>(kChunkBytes / item_bytes, 1);
}

// Bytes of the pieces' partial results when the reduced axis is split: keys, then first indices
// at an 8-byte boundary. 64-bit, so a wasm32 caller sees a size it cannot hold.
uint64_t scratch_of(const ReduceJob& job, const Plan& p, std::size_t key_size) {
  if (p.pieces <= 1) return 0;
  const uint64_t slots = static_cast<uint64_t>(p.pieces) * p.n_out;
  const uint64_t keys = (slots * key_size + 7) / 8 * 8;
  return keys + (job.index ? slots * sizeof(int32_t) : 0);
}

// One job cut by its plan: items [begin, end) write their outputs (or, when the reduced axis is
// split, their pieces' partial results into the scratch), and merge() combines the partials once
// every item is done. The native pool and the wasm threads (native/wasm/exports.cc) both run it.
template <class T, bool Max>
class Reduction {
 public:
  using K = typename Keys<T>::K;

  Reduction(const ReduceJob& job, void* scratch) : job_(job), p_(make_plan(job, sizeof(T))) {
    // Positions alone follow numpy's equality of the two zeros; values keep IEEE's -0 < +0.
    const bool arg = job.index != nullptr && job.values == nullptr;
    kernel_ = arg ? item_function<T, Max, std::is_floating_point_v<T>>() : item_function<T, Max, false>();
    if (split()) {
      part_keys_ = static_cast<K*>(scratch);
      const uint64_t keys = (static_cast<uint64_t>(p_.pieces) * p_.n_out * sizeof(K) + 7) / 8 * 8;
      if (job.index) part_index_ = reinterpret_cast<int32_t*>(static_cast<unsigned char*>(scratch) + keys);
    }
  }

  void items(std::size_t begin, std::size_t end) const {
    const bool want_index = job_.index != nullptr;
#ifdef __wasm__
    alignas(64) K keys[kItemKeys<K>];
#else
    K* keys = reinterpret_cast<K*>(thread_item_keys());
#endif
    int32_t index[kMaxTile];  // items that want positions are at most kMaxTile wide
    for (std::size_t i = begin; i < end; ++i) {
      std::size_t tile, piece;
      item_at(p_, i, &tile, &piece);
      Item it{job_.data, p_.s_out, p_.s_red,
              tile * p_.tile, std::min(p_.n_out, (tile + 1) * p_.tile),
              piece * p_.piece, std::min(p_.n_red, (piece + 1) * p_.piece),
              keys, want_index ? index : nullptr};
      // Piece q's results for output o live at [q * n_out + o]; each item owns its slots, no locks.
      if (split()) {
        it.keys = part_keys_ + piece * p_.n_out + it.o0;
        it.index = want_index ? part_index_ + piece * p_.n_out + it.o0 : nullptr;
      }
      kernel_(it);
      if (!split()) emit<T, Max>(job_, it.o0, it.o1, keys, index);
    }
  }

  // Outputs [o0, o1): the pieces fold into piece 0 in order, in plain loops over the outputs
  // (vectorized), then are written. Ranges are independent, so threads may take one each.
  void merge(std::size_t o0, std::size_t o1) const {
    if (!split()) return;
    const bool want_index = job_.index != nullptr;
    K* best = part_keys_;
    int32_t* at = part_index_;
    for (std::size_t q = 1; q < p_.pieces; ++q) {
      const K* keys = best + q * p_.n_out;
      // Strictly better only: on a tie the earlier piece, hence the first index, wins.
      if (want_index) {
        const int32_t* index = at + q * p_.n_out;
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
    emit<T, Max>(job_, o0, o1, best + o0, want_index ? at + o0 : nullptr);
  }
  void merge() const { merge(0, p_.n_out); }

  bool split() const { return p_.pieces > 1; }
  const Plan& plan() const { return p_; }

 private:
  const ReduceJob& job_;
  const Plan p_;
  ItemFn kernel_;
  K* part_keys_ = nullptr;
  int32_t* part_index_ = nullptr;
};

template <class T, bool Max>
bool run_job(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  const Plan p = make_plan(job, sizeof(T));
  if (p.n_out == 0) return true;
  const uint64_t bytes = scratch_of(job, p, sizeof(typename Keys<T>::K));
  std::unique_ptr<uint64_t[]> scratch(bytes ? new uint64_t[bytes / 8 + 1] : nullptr);
  const Reduction<T, Max> reduction(job, scratch.get());
  bool finished = for_chunks(pool, control, p.n_tiles * p.pieces, grain_of(p, sizeof(T)), threads,
                             [&](std::size_t begin, std::size_t end) { reduction.items(begin, end); });
  if (finished && reduction.split()) {
    // The merge of the seed's int8 columns cost twice the kernel's instructions on one thread.
    pool.each(p.n_out, kMergeOutputs, threads, [&](std::size_t o0, std::size_t o1) { reduction.merge(o0, o1); });
  }
  return finished;
}

template <class T>
bool run_typed(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  return job.max ? run_job<T, true>(job, pool, threads, control) : run_job<T, false>(job, pool, threads, control);
}

// Calls f(T{}) with the job's element type.
template <class F>
auto with_dtype(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::I8: return f(int8_t{});
    case Dtype::U8: return f(uint8_t{});
    case Dtype::I16: return f(int16_t{});
    case Dtype::U16: return f(uint16_t{});
    case Dtype::I32: return f(int32_t{});
    case Dtype::U32: return f(uint32_t{});
    case Dtype::I64: return f(int64_t{});
    case Dtype::U64: return f(uint64_t{});
    case Dtype::F32: return f(float{});
    case Dtype::F64: break;
  }
  return f(double{});
}

}  // namespace

bool reduce_axis(const ReduceJob& job, Parallel& pool, unsigned threads, Control control) {
  return with_dtype(job.dtype, [&](auto tag) { return run_typed<decltype(tag)>(job, pool, threads, control); });
}

ReduceParts reduce_parts(const ReduceJob& job) {
  return with_dtype(job.dtype, [&](auto tag) {
    using T = decltype(tag);
    const Plan p = make_plan(job, sizeof(T));
    if (p.n_out == 0) return ReduceParts{0, 1, 0};
    return ReduceParts{p.n_tiles * p.pieces, grain_of(p, sizeof(T)), scratch_of(job, p, sizeof(typename Keys<T>::K))};
  });
}

void reduce_items(const ReduceJob& job, void* scratch, std::size_t begin, std::size_t end) {
  with_dtype(job.dtype, [&](auto tag) {
    using T = decltype(tag);
    if (job.max) Reduction<T, true>(job, scratch).items(begin, end);
    else Reduction<T, false>(job, scratch).items(begin, end);
  });
}

void reduce_merge(const ReduceJob& job, void* scratch) {
  with_dtype(job.dtype, [&](auto tag) {
    using T = decltype(tag);
    if (job.max) Reduction<T, true>(job, scratch).merge();
    else Reduction<T, false>(job, scratch).merge();
  });
}

uint64_t reduce_items_end(const ReduceJob& job, std::size_t begin, std::size_t end) {
  return with_dtype(job.dtype, [&](auto tag) {
    const Plan p = make_plan(job, sizeof(decltype(tag)));
    uint64_t last = 0;
    for (std::size_t i = begin; i < end; ++i) {
      std::size_t tile, piece;
      item_at(p, i, &tile, &piece);
      const std::size_t o1 = std::min(p.n_out, (tile + 1) * p.tile), r1 = std::min(p.n_red, (piece + 1) * p.piece);
      last = std::max<uint64_t>(last, static_cast<uint64_t>(o1 - 1) * p.s_out + static_cast<uint64_t>(r1 - 1) * p.s_red + 1);
    }
    return last;
  });
}

}  // namespace hotloop
