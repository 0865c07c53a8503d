// How a cost grows with its input, for the tests that hostile input stays linear.
//
// A test builds its input at 1x, 2x and 4x size and asserts that the time grows at most about
// linearly: a ratio measured within one run, never an absolute time, so it holds on a slow or busy
// machine. Linear work gives a ratio near 4 from 1x to 4x, quadratic work 16; the bound of 10 (see
// kMaxLinearGrowth) keeps a margin on both sides. The sizes are interleaved and each is timed
// several times, keeping the fastest run, so a burst of load on the machine inflates one sample
// rather than one size.
#pragma once

#include <algorithm>
#include <chrono>
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

// Calls `prepare(scale)` (untimed, returns the input) then `run(input)` (timed) for scale 1, 2, 4,
// `rounds` times over. Size the 1x input so that one run takes at least a few milliseconds.
template <typename Prepare, typename Run>
Growth measure_growth(Prepare prepare, Run run, int rounds = 3) {
  using Clock = std::chrono::steady_clock;
  Growth growth;
  std::fill(std::begin(growth.seconds), std::end(growth.seconds), std::numeric_limits<double>::max());
  decltype(prepare(1)) inputs[3] = {prepare(1), prepare(2), prepare(4)};
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < 3; ++i) {
      auto start = Clock::now();
      run(inputs[i]);
      double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      growth.seconds[i] = std::min(growth.seconds[i], seconds);
    }
  }
  return growth;
}

}  // namespace winnow::testing
