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

// What a call's threads share: the next piece to claim and whether the pieces were announced.
struct ChunkJob {
  int32_t next;
  int32_t announced;
};

// Status codes an export returns to JavaScript (src/wasm/status.ts).
enum WasmStatus : int32_t { kDone = 0, kCancelled = 1, kBadArguments = 2 };

template <class Range>
int32_t claim_chunks(ChunkJob* job, Control control, std::size_t n, std::size_t grain, Range&& range) {
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
    if constexpr (std::is_same_v<decltype(range(begin, end)), bool>) {
      if (!range(begin, end)) return kCancelled;
    } else {
      range(begin, end);
    }
    control.add_done(1);
  }
}

}  // namespace hotloop
