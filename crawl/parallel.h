// Worker threads: over a list of independent tasks, or fed one item at a time by a producer.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace winnow::crawl {

/// The -j default: one worker per hardware thread, at least one.
inline unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

/// Runs task(i) for every i in [0, count) on up to `jobs` threads (the caller's included),
/// taking indexes from a shared counter. `task` must not throw.
template <typename Task>
void run_in_parallel(std::size_t count, unsigned jobs, const Task& task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) task(i);
  };
  std::size_t extra_threads = std::min<std::size_t>(std::max(1u, jobs), count);
  extra_threads = extra_threads == 0 ? 0 : extra_threads - 1;
  std::vector<std::thread> threads;
  threads.reserve(extra_threads);
  for (std::size_t t = 0; t < extra_threads; ++t) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // out of threads: the ones already running (and this one) finish the work
    }
  }
  worker();
  for (std::thread& thread : threads) thread.join();
}

/// Items from one producer (a fetch loop, an archive reader) handed to worker threads. At most
/// `capacity` items wait: submit() blocks while the queue is full, so memory stays bounded when
/// the producer is faster than the workers. `work` must not throw.
template <typename Item>
class WorkerPool {
 public:
  WorkerPool(unsigned workers, std::size_t capacity, std::function<void(Item&)> work)
      : capacity_(std::max<std::size_t>(1, capacity)), work_(std::move(work)) {
    for (unsigned t = 0; t < std::max(1u, workers); ++t) {
      try {
        {
          std::lock_guard lock(mutex_);
          ++running_;
        }
        threads_.emplace_back([this] { run(); });
      } catch (const std::system_error&) {
        std::lock_guard lock(mutex_);
        --running_;
        if (threads_.empty()) throw;
        break;  // out of threads: the ones running do the work
      }
    }
  }
  ~WorkerPool() { finish(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(Item item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  /// Like submit(), but gives up after `max_wait` while the queue stays full: false then, and
  /// `item` is left as it was, so that a producer whose workers are stuck can do other work.
  template <typename Rep, typename Period>
  bool submit_within(Item& item, std::chrono::duration<Rep, Period> max_wait) {
    std::unique_lock lock(mutex_);
    if (!not_full_.wait_for(lock, max_wait, [this] { return queue_.size() < capacity_; })) return false;
    queue_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  /// Waits until every item submitted so far is done; more may be submitted afterwards.
  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
  }
  /// Like wait_idle(), but for at most `max_wait`; true when every item is done.
  template <typename Rep, typename Period>
  bool wait_idle_for(std::chrono::duration<Rep, Period> max_wait) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, max_wait, [this] { return queue_.empty() && busy_ == 0; });
  }
  /// Items waiting or being worked on.
  std::size_t outstanding() {
    std::lock_guard lock(mutex_);
    return queue_.size() + busy_;
  }
  /// No more items: waits until every submitted item is done.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      if (abandoned_) {
        // A joinable std::thread may not be destroyed: the stuck one is let go (see finish_within).
        for (std::thread& thread : threads_) {
          if (thread.joinable()) thread.detach();
        }
        return;
      }
    }
    not_empty_.notify_all();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  /// No more items: waits up to `max_wait` for the submitted ones. True when they are all done
  /// (the threads are joined). False when a worker is still busy (stuck on an item): its thread
  /// is left running and not joined by the destructor (only by a later finish_within that sees
  /// it end), so the owner must keep alive what `work` uses, or end the process
  /// (exit_leaving_stuck_workers) before that item ends.
  template <typename Rep, typename Period>
  bool finish_within(std::chrono::duration<Rep, Period> max_wait) {
    {
      std::unique_lock lock(mutex_);
      closed_ = true;
      not_empty_.notify_all();
      abandoned_ = !exited_.wait_for(lock, max_wait, [this] { return running_ == 0; });
      if (abandoned_) return false;
    }
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    return true;
  }

 private:
  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [this] { return closed_ || !queue_.empty(); });
      if (queue_.empty()) {
        --running_;
        exited_.notify_all();
        return;
      }
      Item item = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      not_full_.notify_one();
      lock.unlock();
      work_(item);
      lock.lock();
      --busy_;
      if (queue_.empty() && busy_ == 0) idle_.notify_all();
    }
  }

  std::size_t capacity_;
  std::function<void(Item&)> work_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_, idle_, exited_;
  std::size_t busy_ = 0;
  std::size_t running_ = 0;  // threads not yet returned from run()
  bool abandoned_ = false;   // finish_within() left a stuck thread: never join it
  std::deque<Item> queue_;
  bool closed_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace winnow::crawl
