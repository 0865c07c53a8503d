#include "crawl/parallel.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace winnow::crawl {

using namespace std::chrono_literals;

namespace {

// Work that holds item 0 until `release` is set: a clean stuck on one page.
struct StuckOnZero {
  std::atomic<bool> release{false};
  std::atomic<int> done{0};
  void operator()(int& item) {
    while (item == 0 && !release) std::this_thread::sleep_for(1ms);
    ++done;
  }
};

}  // namespace

TEST_CASE("worker pool: a stuck item delays no bounded wait, and is left behind by finish_within") {
  StuckOnZero work;
  WorkerPool<int> pool(2, 8, [&](int& item) { work(item); });
  for (int item : {0, 1, 2, 3}) pool.submit(item);
  CHECK_FALSE(pool.wait_idle_for(50ms));
  CHECK_FALSE(pool.finish_within(100ms));
  CHECK(work.done == 3);  // the other worker did the rest
  work.release = true;
  // Once the stuck item ends, its thread is joined after all.
  CHECK(pool.finish_within(10s));
  CHECK(work.done == 4);
}

TEST_CASE("worker pool: submit_within gives up on a full queue and keeps the item") {
  StuckOnZero work;
  WorkerPool<int> pool(1, 1, [&](int& item) { work(item); });
  pool.submit(0);
  int queued = 1;
  // The queue of one takes this item once the worker holds item 0; the next finds it full.
  CHECK(pool.submit_within(queued, 10s));
  int refused = 7;
  CHECK_FALSE(pool.submit_within(refused, 50ms));
  CHECK(refused == 7);
  work.release = true;
  CHECK(pool.submit_within(refused, 10s));
  CHECK(pool.wait_idle_for(10s));
  CHECK(work.done == 3);
}

}  // namespace winnow::crawl
