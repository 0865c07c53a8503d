// Date parsing for page metadata: ISO 8601, RFC 2822, written-out dates in several languages,
// CJK dates, and dates in URL paths. Internal to clean/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace winnow::clean {

/// Parses a date in any common form to ISO 8601: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" plus
/// the offset as given ("Z", "+05:00") when a time is known. Empty when `text` holds no date.
std::string parse_date(std::string_view text);

/// A date found inside longer text.
struct DateMatch {
  std::string iso;   // as parse_date returns it
  size_t begin = 0;  // byte offset of the date's first token in the text
};

/// The first date inside `text`, or nothing.
std::optional<DateMatch> find_date(std::string_view text);

/// True when an ISO date lies more than a day after now: a scheduled or mistyped date.
bool is_future_date(std::string_view iso);

/// A date in a URL path ("/2019/11/20/", "/2019-11-20-story"), as ISO; empty when none.
std::string url_path_date(std::string_view url);

}  // namespace winnow::clean
