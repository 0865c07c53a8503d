// What the fuzz targets share: the input as text, and invariant checks that abort, so that
// libFuzzer and the replay driver (replay_main.cc) both report a broken invariant as a crash.
#pragma once

#include <unicode/ustring.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace winnow::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void invariant_broken(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}

// Not assert(): the replay tests run in Release builds, where NDEBUG would turn it off.
#define WINNOW_FUZZ_CHECK(condition) \
  ((condition) ? (void)0 : ::winnow::fuzz::invariant_broken(__FILE__, __LINE__, #condition))

/// Well-formed UTF-8, as ICU judges it (an independent opinion from fetch's own scanner).
inline bool is_utf8(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  // Preflighting converts without writing: it still reports ill-formed sequences.
  u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
  return status != U_INVALID_CHAR_FOUND && status != U_ILLEGAL_CHAR_FOUND;
}

inline bool is_http_url(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

/// Splits off the input's first line (at most `max_head` bytes, without its '\n') as a header for
/// the rest: the fuzzer then mutates both, and seeds are plain text files. An input without a
/// newline in its first `max_head` bytes has an empty header and is all body.
inline std::pair<std::string_view, std::string_view> split_header(std::string_view input,
                                                                  std::size_t max_head) {
  std::size_t newline = input.substr(0, max_head + 1).find('\n');
  if (newline == std::string_view::npos) return {{}, input};
  return {input.substr(0, newline), input.substr(newline + 1)};
}

}  // namespace winnow::fuzz
