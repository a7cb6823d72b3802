// Cancellation and progress shared with JavaScript through a small Int32Array (zero copy):
//   [0] cancel flag, set to 1 by the main thread when an AbortSignal fires;
//   [1] units of work done, added to by kernels so the main thread can report progress.
// Kernels poll between chunks; a null Control means neither is wanted.
#pragma once

#include <cstdint>

namespace hotloop {

struct Control {
  int32_t* slots = nullptr;

  bool cancelled() const {
    return slots != nullptr && __atomic_load_n(&slots[0], __ATOMIC_RELAXED) != 0;
  }
  void add_done(int32_t units) const {
    if (slots != nullptr) __atomic_fetch_add(&slots[1], units, __ATOMIC_RELAXED);
  }
};

// Thrown by a kernel that saw the cancel flag; the glue turns it into an AbortError.
struct Cancelled {};

}  // namespace hotloop
