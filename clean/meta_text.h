// Small ASCII-case and whitespace helpers shared by the metadata sources (metadata.cc,
// date_parse.cc, jsonld.cc, page_title.cc, byline.cc). Internal to clean/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow::clean::metatext {

inline char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

inline size_t ifind(std::string_view s, std::string_view needle) {
  if (needle.empty()) return 0;
  if (needle.size() > s.size()) return std::string_view::npos;
  // The first character alone rules out most places; the rest is compared only where it matches.
  const char first = lower(needle[0]);
  const std::string_view rest = needle.substr(1);
  for (size_t i = 0, last = s.size() - needle.size(); i <= last; ++i) {
    if (lower(s[i]) == first && iequals(s.substr(i + 1, rest.size()), rest)) return i;
  }
  return std::string_view::npos;
}

inline bool icontains(std::string_view s, std::string_view needle) {
  return ifind(s, needle) != std::string_view::npos;
}

/// Byte length of the Unicode space at s[i] (ASCII, NBSP, U+2000..U+200B, U+202F), else 0.
inline size_t space_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d <= 0x8B || d == 0xAF) return 3;
  }
  return 0;
}

/// Bytes of `s` other than ' ', '\t', '\n' and '\r' (UTF-8 continuation bytes, '\f' and '\v'
/// count): how far into a page's text something is.
inline int32_t non_space_bytes(std::string_view s) {
  // Arithmetic without branches, which the compiler vectorizes (spaces and letters alternate
  // too irregularly for branches to be predicted).
  int32_t n = 0;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    // ' ', and of \t \n \v \f \r (9 to 13) all but \v and \f
    unsigned char space = (c == ' ') | (static_cast<unsigned char>(c - '\t') < 5 && c != '\v' && c != '\f');
    n += 1 - space;
  }
  return n;
}

/// Trims and collapses every run of whitespace to one ASCII space.
inline std::string collapse_ws(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (size_t i = 0; i < s.size();) {
    if (size_t n = space_len(s, i)) {
      pending = !out.empty();
      i += n;
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += s[i++];
  }
  return out;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && space_len(s, 0) == 1) s.remove_prefix(1);
  while (!s.empty() && space_len(s, s.size() - 1) == 1) s.remove_suffix(1);
  return s;
}

/// Words of a whitespace-collapsed string.
inline size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

inline bool looks_like_url(std::string_view s) {
  return s.find("://") != std::string_view::npos || istarts_with(s, "www.") || s.starts_with("/");
}

/// Calls `f` with every non-empty trimmed token of `s` between `sep` characters.
template <typename F>
void for_each_token(std::string_view s, char sep, F&& f) {
  while (!s.empty()) {
    size_t pos = s.find(sep);
    std::string_view token = trim(s.substr(0, pos));
    if (!token.empty()) f(token);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
}

/// Appends `value` (whitespace collapsed) unless empty, already present (any case) or full.
inline void add_unique(std::vector<std::string>& list, std::string_view value, size_t max) {
  std::string v = collapse_ws(value);
  if (v.empty() || list.size() >= max) return;
  for (const std::string& have : list) {
    if (iequals(have, v)) return;
  }
  list.push_back(std::move(v));
}

}  // namespace winnow::clean::metatext
