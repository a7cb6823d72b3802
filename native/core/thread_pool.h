// A small fork-join thread pool: parallel_for splits [0, n) into chunks handed out dynamically, so
// uneven work (a Julia row near the set, a dense polygon) balances itself. The calling thread works
// too, workers are created lazily on first need, and several callers (e.g. concurrent AsyncWorkers)
// may use one pool at once: each call is a job that idle workers join.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hotloop {

class ThreadPool {
 public:
  using Body = std::function<void(std::size_t begin, std::size_t end)>;

  ThreadPool() = default;
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs body over [0, n) in chunks of at most `grain` items on up to `threads` threads (the caller
  // included). Returns when every chunk is done; rethrows the first exception a chunk threw.
  void parallel_for(std::size_t n, std::size_t grain, unsigned threads, const Body& body);

  // Worker threads created so far (the caller is not counted).
  unsigned size();

 private:
  struct Job;
  void ensure_workers(unsigned count);
  void worker_loop();
  static void run_chunks(Job& job);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<Job*> queue_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace hotloop
