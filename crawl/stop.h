// How a crawl (and `winnow fetch`) stops: no new transfers, a short grace for the transfers and
// cleans under way, then whatever is stored is committed and the run ends, even when a clean is
// stuck (its thread is left behind: the process ends without joining it). Who asks for the stop
// (a signal handler, a caller's thread) is the caller's business: app/interrupt.h for the CLI.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include <spdlog/spdlog.h>

namespace winnow::crawl {

/// From a stop request to the end of the run: the transfers and cleans under way get this long,
/// so that the run ends within 5 s of a Ctrl-C or a service manager's SIGTERM.
inline constexpr auto kStopGrace = std::chrono::seconds(2);

/// Ends the process with `exit_code` at once, without joining a worker thread stuck in a clean
/// (nor running destructors or atexit handlers, which would wait for it or free what it uses).
/// The caller has committed and closed its store and archive first; the logs and stdout are
/// flushed here.
[[noreturn]] inline void exit_leaving_stuck_workers(int exit_code) {
  spdlog::default_logger()->flush();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(exit_code);
}

/// For tests only: WINNOW_TEST_SLOW_CLEAN="SUBSTRING:SECONDS" makes the clean of every page whose
/// URL contains SUBSTRING take SECONDS longer, as a page the cleaner is stuck on would, so that
/// the tests of a stuck page do not depend on a slow input of today's cleaner. Read once.
class SlowCleanForTests {
 public:
  static const SlowCleanForTests& get() {
    static const SlowCleanForTests instance(std::getenv("WINNOW_TEST_SLOW_CLEAN"));
    return instance;
  }
  /// Sleeps when `url` is one to slow down.
  void delay(std::string_view url) const {
    if (seconds_ > 0 && url.find(substring_) != std::string_view::npos) {
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds_));
    }
  }

 private:
  explicit SlowCleanForTests(const char* spec) {
    if (spec == nullptr) return;
    std::string_view text(spec);
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return;
    substring_ = std::string(text.substr(0, colon));
    seconds_ = std::atof(std::string(text.substr(colon + 1)).c_str());
  }
  std::string substring_;
  double seconds_ = 0;
};

}  // namespace winnow::crawl
