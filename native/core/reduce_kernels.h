// The reduce kernels, written once over generic vectors of VB bytes (see reduce_keys.h) and
// compiled per instruction set by reduce.cc. One work item reduces outputs [o0, o1) over the
// reduced-axis positions [r0, r1) into keys (and, for argMax/argMin, first indices).
//
// Three memory shapes:
//  - contiguous: the reduced axis has stride 1 (row maxima of C order, the seed's transposed
//    `arr.T` column maxima): each output is a 1-D reduction kept in four vector registers;
//  - tiled: the outputs have stride 1 (column maxima of C order, the seed's case): a tile of
//    running extremes stays in cache while the rows stream through it four at a time, so memory is
//    read once and in order instead of striding down a column. For values alone the tile is up to
//    kRunBytes wide (L2-resident): each row is then read in runs long enough that starting a run
//    costs next to nothing (4 KiB runs, one per row 8 MB apart, read at 1.5-3x the floor; 32 KiB
//    runs at 1.3-1.4x; 256 KiB runs with the prefetch below at 1.0-1.1x);
//  - strided: any other strides, scalar.
// Indices of 4- and 8-byte dtypes in the tiled case ride along in index vectors of the same lane
// count. Elsewhere they take a second pass over a block small enough to be still in cache: the
// first pass finds the extreme with plain vector max/min, the second the first position holding
// it, which keeps index vectors (whose lanes could not match those of 1-byte data) out of the loop.
#pragma once

#include <algorithm>

#include "core/reduce_keys.h"
#ifdef __wasm_simd128__
#include "core/reduce_simd128.h"  // wasm's float runs (issue 13)
#endif

namespace hotloop::reduce_detail {

constexpr std::size_t kBlockBytes = 256 * 1024;  // one pass-1 block re-read by pass 2 from L2
constexpr std::size_t kTileBytes = 4096;         // running extremes of a tile: L1-resident
constexpr std::size_t kMaxTile = 4096;           // outputs per item (1-byte dtypes)
// Values-only tiled items: bytes of each row read in one run, and of running extremes: 256 KiB
// fit the L2 of any x86-64 of the last decade (natively they live in a per-thread heap block, see
// reduce.cc); wasm keeps them on a worker's stack, whose whole size is 256 KiB, so 32 KiB runs.
#ifdef __wasm__
constexpr std::size_t kRunBytes = 32 * 1024;
#else
constexpr std::size_t kRunBytes = 256 * 1024;
#endif
constexpr std::size_t kLineBytes = 64;           // one prefetch per cache line and row
// Lines the tiled sweep asks for ahead of its reads, in the order it reads them: 2 KiB of each of
// the four rows in flight, enough to cover the DRAM latency at one core's share of the bandwidth.
constexpr std::size_t kAheadLines = 32;

struct Item {
  const void* data;
  std::size_t s_out, s_red;  // strides in elements
  std::size_t o0, o1, r0, r1;
  void* keys;        // K[o1 - o0]
  int32_t* index;    // int32_t[o1 - o0], or null when only values are wanted
};

// Arg: keys for the position reductions (both zeros equal, see reduce_keys.h).
template <class T, bool Max, int VB, bool Arg>
struct Kernels {
  using Tr = Keys<T>;
  using K = typename Tr::K;
  using V = Vec<K, VB>;
  static constexpr std::size_t L = VB / sizeof(K);

  static HOTLOOP_INLINE K key(T v) { return Tr::template key<Max, Arg>(v); }
  static HOTLOOP_INLINE V vkey(const T* p) { return Tr::template vkey<Max, Arg>(load<V>(p)); }
  static HOTLOOP_INLINE V splat(K k) { return V{} + k; }

  template <class M>
  static HOTLOOP_INLINE bool any(M mask) {
    using U = Vec<uint64_t, VB>;
    U u = (U)mask;
    uint64_t bits = 0;
    for (std::size_t l = 0; l < VB / 8; ++l) bits |= u[l];
    return bits != 0;
  }

  // Best key of p[0, n).
  static HOTLOOP_INLINE K contiguous_best(const T* p, std::size_t n) {
#ifdef __wasm_simd128__
    if constexpr (std::is_floating_point_v<T>) if (auto k = simd128::float_run_best<T, Max, Arg>(p, n)) return *k;
#endif
    K best = worst<Max, K>();
    std::size_t i = 0;
    if (n >= 4 * L) {
      // Four independent accumulators hide the latency of the max instruction.
      V a0 = splat(best), a1 = a0, a2 = a0, a3 = a0;
      for (; i + 4 * L <= n; i += 4 * L) {
        a0 = pick<Max>(a0, vkey(p + i));
        a1 = pick<Max>(a1, vkey(p + i + L));
        a2 = pick<Max>(a2, vkey(p + i + 2 * L));
        a3 = pick<Max>(a3, vkey(p + i + 3 * L));
      }
      V a = pick<Max>(pick<Max>(a0, a1), pick<Max>(a2, a3));
      for (std::size_t l = 0; l < L; ++l) best = pick<Max>(best, K(a[l]));
    }
    for (; i < n; ++i) best = pick<Max>(best, key(p[i]));
    return best;
  }

  // First i in [0, n) with key(p[i]) == best (n if none).
  static HOTLOOP_INLINE std::size_t contiguous_find(const T* p, std::size_t n, K best) {
    std::size_t i = 0;
    V target = splat(best);
    for (; i + L <= n; i += L) {
      if (any(vkey(p + i) == target)) break;
    }
    for (; i < n; ++i) {
      if (key(p[i]) == best) return i;
    }
    return n;
  }

  // acc[k] = best key of rows [r0, r1) at column k of the tile, k < len.
  static HOTLOOP_INLINE void tiled_best(const T* base, std::size_t len, std::size_t s_red, std::size_t r0,
                                        std::size_t r1, K* acc) {
    std::fill(acc, acc + len, worst<Max, K>());
    std::size_t r = r0;
    // Four rows per sweep: a quarter of the accumulator traffic and four memory streams in flight.
    // Each step asks for the line kAheadLines further on in the order the sweeps read: in the same
    // four rows while the tile lasts, then at the start of the next four, which are far away (the
    // seed's rows are 8 MB apart) where no hardware prefetcher would guess. Asking instead for the
    // next four rows' line at the same column (a whole sweep ahead) read the seed's 32 KiB runs at
    // 1.3-1.4x the floor: those lines arrived long before use and left L1 before they were read.
    constexpr std::size_t kLine = kLineBytes / sizeof(T);  // elements per cache line
    constexpr std::size_t kPerLine = kLine >= L ? kLine / L : 1;  // vectors per line
    constexpr std::size_t kAhead = kAheadLines * kLine;
    for (; r + 4 <= r1; r += 4) {
      const T* row = base + r * s_red;
      const bool next_sweep = r + 8 <= r1;
      std::size_t k = 0;
      // One cache line of each of the four rows per step, one prefetch per line and row (not one
      // per vector: under AVX2 that would be twice the prefetches needed).
      for (; k + kPerLine * L <= len; k += kPerLine * L) {
        const std::size_t ahead = k + kAhead;
        if (ahead < len) {
          for (std::size_t j = 0; j < 4; ++j) __builtin_prefetch(row + j * s_red + ahead);
        } else if (next_sweep && ahead - len < len) {
          for (std::size_t j = 4; j < 8; ++j) __builtin_prefetch(row + j * s_red + (ahead - len));
        }
        for (std::size_t v = 0; v < kPerLine; ++v) {
          const std::size_t c = k + v * L;
          V a = pick<Max>(vkey(row + c), vkey(row + s_red + c));
          V b = pick<Max>(vkey(row + 2 * s_red + c), vkey(row + 3 * s_red + c));
          store(acc + c, pick<Max>(load<V>(acc + c), pick<Max>(a, b)));
        }
      }
      for (; k + L <= len; k += L) {
        V a = pick<Max>(vkey(row + k), vkey(row + s_red + k));
        V b = pick<Max>(vkey(row + 2 * s_red + k), vkey(row + 3 * s_red + k));
        store(acc + k, pick<Max>(load<V>(acc + k), pick<Max>(a, b)));
      }
      for (; k < len; ++k) {
        for (std::size_t j = 0; j < 4; ++j) acc[k] = pick<Max>(acc[k], key(row[j * s_red + k]));
      }
    }
    for (; r < r1; ++r) {
      const T* row = base + r * s_red;
      std::size_t k = 0;
      for (; k + L <= len; k += L) store(acc + k, pick<Max>(load<V>(acc + k), vkey(row + k)));
      for (; k < len; ++k) acc[k] = pick<Max>(acc[k], key(row[k]));
    }
  }

  // For 4- and 8-byte keys an index vector has as many lanes as a key vector, so the tiled case
  // tracks positions in the same single pass: acc[k] and at[k] = the first row holding it.
  using Index = std::conditional_t<sizeof(K) == 8, int64_t, int32_t>;
  using VI = Vec<Index, VB>;

  static HOTLOOP_INLINE void tiled_best_at(const T* base, std::size_t len, std::size_t s_red, std::size_t r0,
                                           std::size_t r1, K* acc, Index* at) {
    std::fill(acc, acc + len, worst<Max, K>());
    std::fill(at, at + len, static_cast<Index>(r0));
    for (std::size_t r = r0; r < r1; ++r) {
      const T* row = base + r * s_red;
      const T* next = row + s_red;
      const VI here = VI{} + static_cast<Index>(r);
      std::size_t k = 0;
      for (; k + L <= len; k += L) {
        if (r + 1 < r1) __builtin_prefetch(next + k);
        V x = vkey(row + k);
        V a = load<V>(acc + k);
        VI wins = (VI)(Max ? x > a : x < a);  // strictly better: ties keep the earlier row
        store(acc + k, wins ? x : a);
        store(at + k, wins ? here : load<VI>(at + k));
      }
      for (; k < len; ++k) {
        K x = key(row[k]);
        if (better<Max>(x, acc[k])) {
          acc[k] = x;
          at[k] = static_cast<Index>(r);
        }
      }
    }
  }

  // index[k] = first row in [r0, r1) whose key at column k equals acc[k].
  static HOTLOOP_INLINE void tiled_find(const T* base, std::size_t len, std::size_t s_red, std::size_t r0,
                                        std::size_t r1, const K* acc, int32_t* index) {
    std::fill(index, index + len, -1);
    std::size_t missing = len;
    for (std::size_t r = r0; r < r1 && missing > 0; ++r) {
      const T* row = base + r * s_red;
      for (std::size_t k = 0; k < len; k += L) {
        std::size_t end = std::min(len, k + L);
        if (end - k == L && !any(vkey(row + k) == load<V>(acc + k))) continue;
        for (std::size_t j = k; j < end; ++j) {
          if (index[j] < 0 && key(row[j]) == acc[j]) {
            index[j] = static_cast<int32_t>(r);
            --missing;
          }
        }
      }
    }
  }

  // Keeps (best, at) unless (key, where) is strictly better: earlier positions win ties.
  static HOTLOOP_INLINE void merge(K& best, int32_t& at, K key, std::size_t where) {
    if (better<Max>(key, best)) {
      best = key;
      at = static_cast<int32_t>(where);
    }
  }

  static HOTLOOP_INLINE void contiguous(const Item& it) {
    const T* data = static_cast<const T*>(it.data);
    K* keys = static_cast<K*>(it.keys);
    std::size_t n = it.r1 - it.r0;
    std::size_t block = std::max<std::size_t>(kBlockBytes / sizeof(T), 1);
    for (std::size_t o = it.o0; o < it.o1; ++o) {
      const T* p = data + o * it.s_out + it.r0;
      std::size_t k = o - it.o0;
      if (!it.index) {
        keys[k] = contiguous_best(p, n);
        continue;
      }
      for (std::size_t b = 0; b < n; b += block) {
        std::size_t m = std::min(block, n - b);
        K best = contiguous_best(p + b, m);
        if (b == 0 || better<Max>(best, keys[k])) {
          keys[k] = best;
          it.index[k] = static_cast<int32_t>(it.r0 + b + contiguous_find(p + b, m, best));
        }
      }
    }
  }

  static HOTLOOP_INLINE void tiled(const Item& it) {
    const T* base = static_cast<const T*>(it.data) + it.o0 * it.s_out;
    K* keys = static_cast<K*>(it.keys);
    std::size_t len = it.o1 - it.o0;
    if (!it.index) {
      tiled_best(base, len, it.s_red, it.r0, it.r1, keys);
      return;
    }
    if constexpr (sizeof(K) >= 4) {
      alignas(64) Index at[kTileBytes / sizeof(K)];
      tiled_best_at(base, len, it.s_red, it.r0, it.r1, keys, at);
      for (std::size_t k = 0; k < len; ++k) it.index[k] = static_cast<int32_t>(at[k]);
      return;
    }
    alignas(64) K block_keys[kMaxTile];
    int32_t block_index[kMaxTile];
    std::size_t rows = std::max<std::size_t>(kBlockBytes / (len * sizeof(T)), 1);
    for (std::size_t r = it.r0; r < it.r1; r += rows) {
      std::size_t end = std::min(it.r1, r + rows);
      tiled_best(base, len, it.s_red, r, end, block_keys);
      tiled_find(base, len, it.s_red, r, end, block_keys, block_index);
      for (std::size_t k = 0; k < len; ++k) {
        if (r == it.r0) {
          keys[k] = block_keys[k];
          it.index[k] = block_index[k];
        } else {
          merge(keys[k], it.index[k], block_keys[k], static_cast<std::size_t>(block_index[k]));
        }
      }
    }
  }

  static HOTLOOP_INLINE void strided(const Item& it) {
    const T* data = static_cast<const T*>(it.data);
    K* keys = static_cast<K*>(it.keys);
    for (std::size_t o = it.o0; o < it.o1; ++o) {
      const T* p = data + o * it.s_out;
      K best = worst<Max, K>();
      int32_t at = static_cast<int32_t>(it.r0);
      for (std::size_t r = it.r0; r < it.r1; ++r) merge(best, at, key(p[r * it.s_red]), r);
      keys[o - it.o0] = best;
      if (it.index) it.index[o - it.o0] = at;
    }
  }

  static HOTLOOP_INLINE void run(const Item& it) {
    if (it.s_red == 1) contiguous(it);
    else if (it.s_out == 1) tiled(it);
    else strided(it);
  }
};

}  // namespace hotloop::reduce_detail
