// The CLI's stop requests: SIGINT and SIGTERM set a flag that `crawl` and `fetch` pass to their
// loops (crawl/stop.h says what a stop does).
#pragma once

#include <signal.h>

#include <atomic>

#include "crawl/stop.h"

namespace winnow::app {

using crawl::exit_leaving_stuck_workers;
using crawl::kStopGrace;
using crawl::SlowCleanForTests;

/// Set by SIGINT and SIGTERM once handle_stop_signals() ran.
inline std::atomic<bool> stop_requested{false};

extern "C" inline void request_stop(int) { stop_requested = true; }

/// Clears stop_requested and makes SIGINT and SIGTERM set it (instead of ending the process).
inline void handle_stop_signals() {
  stop_requested = false;
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace winnow::app
