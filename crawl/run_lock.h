// One crawl at a time per store: a run started by cron while the last one still runs must not
// crawl beside it.
#pragma once

#include <string>

namespace winnow::crawl {

/// An exclusive flock(2) on a file, held until destruction. The kernel drops it when the process
/// dies, however it dies, so a killed run never leaves a stale lock behind.
class RunLock {
 public:
  /// Tries once, without waiting. ok() says whether the lock is held; error() says why not,
  /// naming the process that holds it when it is known.
  explicit RunLock(const std::string& path);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

}  // namespace winnow::crawl
