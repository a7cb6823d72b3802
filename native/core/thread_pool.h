// A small fork-join thread pool, the native Parallel: a loop over [0, n) is split into pieces
// handed out dynamically, so uneven work (a Julia row near the set, a dense polygon) balances
// itself. The calling thread works too, workers are created lazily on first need, and several
// callers (e.g. concurrent AsyncWorkers) may use one pool at once: each loop is a job that idle
// workers join. Native only: the wasm build has no std::thread and brings its own Parallel.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/parallel.h"

namespace hotloop {

class ThreadPool final : public Parallel {
 public:
  ThreadPool() = default;
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Parallel::run. Returns when every started piece is done; rethrows the first exception a piece
  // threw (kernels throw none; std::bad_alloc is the one that can reach here).
  bool run(std::size_t n, std::size_t grain, unsigned threads, Chunk chunk, void* context) override;

  // Worker threads created so far (the caller is not counted).
  unsigned size();

 private:
  struct Job;
  void ensure_workers(unsigned count);
  void worker_loop();
  static void run_pieces(Job& job);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<Job*> queue_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace hotloop
