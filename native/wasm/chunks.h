// The chunk loop of the wasm build. Every thread of a call (the JS worker pool, or the calling
// thread alone for a Sync form) enters the same export with the same arguments and claims pieces
// of [0, n) from one counter in shared memory, so uneven pieces balance (dynamic chunks). Progress
// and cancel use the control slots of core/control.h, like the native pool's for_chunks: the
// first thread to arrive announces the pieces, each finished piece counts as one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/control.h"

namespace hotloop {

// What a call's threads share: the next piece to claim and whether the pieces were announced;
// then how many threads enter the export (set by JavaScript, src/wasm/runtime.ts), how many left
// it (last_to_leave), and the smallest of what they offered (offer_first; 0 means none). The gate
// is JavaScript's alone (src/wasm/worker-serve.ts): workers that joined the call, or -1 once the
// call was cancelled before any did. `ready`: 0 when the call's inputs are all in the wasm
// memory; else 1 + how much of its streamed inputs JavaScript has copied in so far
// (src/wasm/streamed.ts), in the unit the kernel names (points, elements). JavaScript zeroes the
// rest before each call.
struct ChunkJob {
  int32_t next;
  int32_t announced;
  int32_t threads;
  int32_t left;
  uint64_t first;
  int32_t gate;
  uint32_t ready;
};

// Status codes an export returns to JavaScript (src/wasm/status.ts).
enum WasmStatus : int32_t { kDone = 0, kCancelled = 1, kBadArguments = 2 };

// Waits until JavaScript has copied the streamed inputs up to `upto` (exclusive) in: the caller's
// thread copies them piece by piece while the workers already work on what arrived, so a copy-in
// no longer runs before the whole kernel. False when the call was cancelled meanwhile. Only the
// pool's workers ever wait: an async call's, or the idle workers a sync call takes (its calling
// thread copies first and enters the export with every input in, so a browser's main thread, which
// may not block, never waits). JavaScript copies in one go and then raises the count to 0 whatever happened,
// so the timeout is only a safety net that re-checks the cancel slot.
inline bool inputs_ready(ChunkJob* job, Control control, uint64_t upto) {
  for (;;) {
    const uint32_t ready = __atomic_load_n(&job->ready, __ATOMIC_ACQUIRE);
    if (ready == 0 || ready - 1 >= upto) return true;
    if (control.cancelled()) return false;
    __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int32_t*>(&job->ready), static_cast<int32_t>(ready), 10000000);
  }
}

// The chunk loop; need(begin, end) says how far the streamed inputs must have arrived before the
// piece [begin, end) runs (in the unit JavaScript counts them in, src/wasm/streamed.ts).
template <class Need, class Range>
int32_t claim_streamed(ChunkJob* job, Control control, std::size_t n, std::size_t grain, Need&& need, Range&& range) {
  if (grain == 0) grain = 1;
  const std::size_t pieces = (n + grain - 1) / grain;
  if (__atomic_exchange_n(&job->announced, 1, __ATOMIC_RELAXED) == 0) {
    control.add_total(static_cast<int32_t>(pieces < INT32_MAX ? pieces : INT32_MAX));
  }
  for (;;) {
    const std::size_t piece = static_cast<uint32_t>(__atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED));
    if (piece >= pieces) return kDone;
    if (control.cancelled()) return kCancelled;
    const std::size_t begin = piece * grain;
    const std::size_t end = begin + grain < n ? begin + grain : n;
    if (!inputs_ready(job, control, need(begin, end))) return kCancelled;
    if constexpr (std::is_same_v<decltype(range(begin, end)), bool>) {
      if (!range(begin, end)) return kCancelled;
    } else {
      range(begin, end);
    }
    control.add_done(1);
  }
}

// The chunk loop of a kernel whose streamed inputs (if any) hold a fixed number of elements per
// item of [0, n): piece [begin, end) needs items up to end.
template <class Range>
int32_t claim_chunks(ChunkJob* job, Control control, std::size_t n, std::size_t grain, Range&& range) {
  return claim_streamed(job, control, n, grain, [](std::size_t, std::size_t end) { return static_cast<uint64_t>(end); }, range);
}

// claim_chunks without progress, for the preparatory passes of a kernel run as several calls
// (only its main loop reports progress, as natively); still polls the cancel slot before each piece.
template <class Range>
int32_t claim_quietly(ChunkJob* job, Control control, std::size_t n, std::size_t grain, Range&& range) {
  if (grain == 0) grain = 1;
  const std::size_t pieces = (n + grain - 1) / grain;
  for (;;) {
    const std::size_t piece = static_cast<uint32_t>(__atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED));
    if (piece >= pieces) return kDone;
    if (control.cancelled()) return kCancelled;
    const std::size_t begin = piece * grain;
    range(begin, begin + grain < n ? begin + grain : n);
  }
}

// Keeps the smallest nonzero value offered by any thread of the call in job->first.
inline void offer_first(ChunkJob* job, uint64_t value) {
  uint64_t seen = __atomic_load_n(&job->first, __ATOMIC_RELAXED);
  while ((seen == 0 || value < seen) && !__atomic_compare_exchange_n(&job->first, &seen, value, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}

// True for the one thread that leaves the call last (call it once per thread, after its work):
// every other thread's writes are then visible to it, so it can merge what they left (a barrier
// no thread waits at; a kernel with a sequential tail runs it there).
inline bool last_to_leave(ChunkJob* job) {
  return __atomic_add_fetch(&job->left, 1, __ATOMIC_ACQ_REL) == job->threads;
}

}  // namespace hotloop
