#include "core/thread_pool.h"

#include <algorithm>

namespace hotloop {

struct ThreadPool::Job {
  Chunk chunk;
  void* context;
  std::size_t n;
  std::size_t grain;
  std::atomic<std::size_t> next{0};
  unsigned helpers_wanted;   // workers that may still join (guarded by the pool mutex)
  unsigned helpers_active = 0;  // workers inside run_pieces (guarded by the pool mutex)
  std::atomic<bool> stopped{false};  // a piece returned false
  std::exception_ptr error;     // first failure (guarded by error_mutex)
  std::mutex error_mutex;
};

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

unsigned ThreadPool::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<unsigned>(workers_.size());
}

void ThreadPool::ensure_workers(unsigned count) {
  // Called with mutex_ held.
  while (workers_.size() < count) workers_.emplace_back([this] { worker_loop(); });
}

void ThreadPool::run_pieces(Job& job) {
  for (;;) {
    std::size_t begin = job.next.fetch_add(job.grain, std::memory_order_relaxed);
    if (begin >= job.n) return;
    std::size_t end = std::min(job.n, begin + job.grain);
    try {
      if (!job.chunk(job.context, begin, end)) {
        job.stopped.store(true, std::memory_order_relaxed);
        job.next.store(job.n, std::memory_order_relaxed);  // stop handing out work
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(job.error_mutex);
      if (!job.error) job.error = std::current_exception();
      job.next.store(job.n, std::memory_order_relaxed);  // stop handing out work
    }
  }
}

void ThreadPool::worker_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job* job = queue_.front();
    if (--job->helpers_wanted == 0) queue_.pop_front();
    ++job->helpers_active;
    lock.unlock();
    run_pieces(*job);
    lock.lock();
    // The caller may only return (and free the job) once no worker touches it.
    if (--job->helpers_active == 0) finished_.notify_all();
  }
}

bool ThreadPool::run(std::size_t n, std::size_t grain, unsigned threads, Chunk chunk, void* context) {
  if (n == 0) return true;
  grain = std::max<std::size_t>(grain, 1);
  std::size_t pieces = (n + grain - 1) / grain;
  unsigned helpers = static_cast<unsigned>(std::min<std::size_t>(threads > 0 ? threads - 1 : 0, pieces - 1));
  if (helpers == 0) {
    // Still piece by piece, so a kernel can notice cancellation and report progress between pieces.
    SerialLoop serial;
    return serial.run(n, grain, 1, chunk, context);
  }
  Job job;
  job.chunk = chunk;
  job.context = context;
  job.n = n;
  job.grain = grain;
  job.helpers_wanted = helpers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ensure_workers(helpers);
    queue_.push_back(&job);
  }
  wake_.notify_all();
  run_pieces(job);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    // Nobody may join a job whose chunks are all handed out.
    auto it = std::find(queue_.begin(), queue_.end(), &job);
    if (it != queue_.end()) queue_.erase(it);
    finished_.wait(lock, [&job] { return job.helpers_active == 0; });
  }
  if (job.error) std::rethrow_exception(job.error);
  return !job.stopped.load(std::memory_order_relaxed);
}

}  // namespace hotloop
