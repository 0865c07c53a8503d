// A fixed pool of worker threads over a list of independent tasks.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace winnow::app {

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

}  // namespace winnow::app
