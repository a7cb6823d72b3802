// Cancellation and progress shared with JavaScript through a small Int32Array (zero copy):
//   [0] cancel flag, set to 1 by the main thread when an AbortSignal fires (or onProgress throws);
//   [1] chunks of work done, [2] chunks of work announced.
// Only the chunk loop (core/parallel.h) writes [1] and [2], from the same chunking, so the fraction
// [1] / [2] that the caller reports cannot disagree with the work. A kernel that sees the flag
// returns false (no exceptions: core builds with -fno-exceptions for wasm32). A null Control means
// neither is wanted.
#pragma once

#include <cstdint>

namespace hotloop {

constexpr int kControlSlots = 3;

struct Control {
  int32_t* slots = nullptr;

  bool cancelled() const {
    return slots != nullptr && __atomic_load_n(&slots[0], __ATOMIC_RELAXED) != 0;
  }
  void add_done(int32_t chunks) const {
    if (slots != nullptr) __atomic_fetch_add(&slots[1], chunks, __ATOMIC_RELAXED);
  }
  void add_total(int32_t chunks) const {
    if (slots != nullptr) __atomic_fetch_add(&slots[2], chunks, __ATOMIC_RELAXED);
  }
};

}  // namespace hotloop
