// How a cost grows with its input, for the tests that hostile input stays linear.
//
// A test builds its input at 1x, 2x and 4x size and asserts that the time grows at most about
// linearly: a ratio measured within one run, never an absolute time, so it holds on a slow or busy
// machine. Linear work gives a ratio near 4 from 1x to 4x, quadratic work 16; the bound of 10 (see
// kMaxLinearGrowth) keeps a margin on both sides. What is timed is the CPU time of the calling
// thread, not the wall clock: a run preempted by the other tests of a busy machine would
// otherwise count their time too (a ratio of 11 was once measured so for linear work). The sizes
// are interleaved and each is timed several times, keeping the fastest run, so that what remains
// of other processes' effects (caches) inflates one sample rather than one size.
#pragma once

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

namespace winnow::testing {

// t(4x) / t(1x) above this is not linear.
inline constexpr double kMaxLinearGrowth = 10.0;

struct Growth {
  double seconds[3] = {0, 0, 0};  // fastest run at 1x, 2x, 4x
  double ratio() const { return seconds[0] > 0 ? seconds[2] / seconds[0] : 0; }
  std::string describe() const {
    char text[160];
    std::snprintf(text, sizeof text, "1x %.4f s, 2x %.4f s, 4x %.4f s: 4x/1x = %.2f (linear ~4, quadratic ~16)",
                  seconds[0], seconds[1], seconds[2], ratio());
    return text;
  }
};

// The CPU time the calling thread has used, in seconds.
inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Calls `prepare(scale)` (untimed, returns the input) then `run(input)` (timed) for scale 1, 2, 4,
// `rounds` times over. Size the 1x input so that one run takes at least a few milliseconds. The
// work must run on the calling thread.
template <typename Prepare, typename Run>
Growth measure_growth(Prepare prepare, Run run, int rounds = 5) {
  Growth growth;
  std::fill(std::begin(growth.seconds), std::end(growth.seconds), std::numeric_limits<double>::max());
  decltype(prepare(1)) inputs[3] = {prepare(1), prepare(2), prepare(4)};
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < 3; ++i) {
      double start = thread_cpu_seconds();
      run(inputs[i]);
      double seconds = thread_cpu_seconds() - start;
      growth.seconds[i] = std::min(growth.seconds[i], seconds);
    }
  }
  return growth;
}

}  // namespace winnow::testing
