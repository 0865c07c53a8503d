// Defaults shared by every stage; the crawl config (TOML) overrides them.
#pragma once

#include <cstddef>
#include <string>

namespace winnow::config {

inline constexpr long kConnectTimeoutSeconds = 10;
inline constexpr long kTotalTimeoutSeconds = 30;
inline constexpr std::size_t kMaxBodyBytes = 10 * 1024 * 1024;     // one fetched page, decoded
inline constexpr std::size_t kMaxInputBytes = 64 * 1024 * 1024;    // one local file or stdin
inline constexpr long kMaxRedirects = 10;

/// "winnow/<version> (+<project URL>)": names us and says where to complain.
std::string default_user_agent();

}  // namespace winnow::config
