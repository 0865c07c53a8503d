#include "app/verbosity.h"

#include <atomic>

namespace winnow::app {

namespace {
std::atomic<Verbosity> current{Verbosity::Normal};
}

Verbosity verbosity() { return current.load(std::memory_order_relaxed); }
void set_verbosity(Verbosity level) { current.store(level, std::memory_order_relaxed); }

}  // namespace winnow::app
