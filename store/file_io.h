// Small POSIX file helpers shared by the file sinks and the WARC writer. Internal to store/.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

namespace winnow::store {

/// strerror(errno), for messages.
inline std::string errno_text() { return std::strerror(errno); }

/// Writes all of `data` to `fd`, retrying after signals; false on error (errno set).
inline bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace winnow::store
