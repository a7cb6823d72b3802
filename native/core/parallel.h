// What a kernel needs from a thread pool, and the one chunk loop every kernel runs through.
// Kernels take a Parallel& rather than the std::thread pool, so they compile where std::thread
// does not exist (wasm32, where a JS worker pool or SerialLoop implements Parallel instead).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/control.h"

namespace hotloop {

class Parallel {
 public:
  // One piece of a loop: works on [begin, end) and returns false to stop the loop early.
  using Chunk = bool (*)(void* context, std::size_t begin, std::size_t end);

  // Calls chunk(context, begin, end) for consecutive pieces of [0, n) of `grain` items (the last
  // may be shorter), on up to `threads` threads counting the caller, in any order. Once a call
  // returns false no further piece starts. Returns false when some call returned false.
  virtual bool run(std::size_t n, std::size_t grain, unsigned threads, Chunk chunk, void* context) = 0;

  // run() with any callable `bool(begin, end)` or `void(begin, end)` (void means: never stops).
  template <class Body>
  bool each(std::size_t n, std::size_t grain, unsigned threads, Body&& body) {
    using B = std::remove_reference_t<Body>;
    return run(n, grain, threads, &Trampoline<B>, const_cast<void*>(static_cast<const void*>(&body)));
  }

 protected:
  ~Parallel() = default;

 private:
  template <class Body>
  static bool Trampoline(void* context, std::size_t begin, std::size_t end) {
    Body& body = *static_cast<Body*>(context);  // Body may be const: a lambda's call is const
    if constexpr (std::is_same_v<decltype(body(begin, end)), bool>) {
      return body(begin, end);
    } else {
      body(begin, end);
      return true;
    }
  }
};

// The calling thread alone, pieces in order: for builds without threads and for tiny inputs.
class SerialLoop final : public Parallel {
 public:
  bool run(std::size_t n, std::size_t grain, unsigned, Chunk chunk, void* context) override {
    if (grain == 0) grain = 1;
    for (std::size_t begin = 0; begin < n; begin += grain) {
      if (!chunk(context, begin, begin + grain < n ? begin + grain : n)) return false;
    }
    return true;
  }
};

// The chunked cancel/progress loop: runs range(begin, end) over [0, n) in pieces of `grain`,
// checks the cancel flag before each piece, and counts each finished piece as one unit of
// progress after announcing them all, so progress and work come from one chunking. `range` may
// return false to stop inside a long piece (julia polls within a pixel group). Returns false when
// the loop was cancelled.
template <class Range>
bool for_chunks(Parallel& parallel, Control control, std::size_t n, std::size_t grain, unsigned threads, Range&& range) {
  if (grain == 0) grain = 1;
  std::size_t pieces = (n + grain - 1) / grain;
  control.add_total(static_cast<int32_t>(pieces < INT32_MAX ? pieces : INT32_MAX));
  auto body = [&](std::size_t begin, std::size_t end) -> bool {
    if (control.cancelled()) return false;
    if constexpr (std::is_same_v<decltype(range(begin, end)), bool>) {
      if (!range(begin, end)) return false;
    } else {
      range(begin, end);
    }
    control.add_done(1);
    return true;
  };
  return parallel.each(n, grain, threads, body);
}

}  // namespace hotloop
