// robots.txt (RFC 9309): parsing a site's rules for our product token, and a per-origin cache of
// them with expiry, so the fetcher asks each site once a day and never fetches what it forbids.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace winnow::fetch {

/// RFC 9309 2.5: crawlers must read at least this much of a robots.txt; we read no more.
inline constexpr std::size_t kMaxRobotsTxtBytes = 500 * 1024;

/// The rules of one robots.txt that apply to one user agent.
struct RobotsRules {
  /// Parses a robots.txt body (any bytes; only the first kMaxRobotsTxtBytes are read, and a line
  /// cut by that limit is dropped) for `user_agent`, a product token such as "winnow" (anything
  /// after the token, as in "winnow/1.0", is ignored). Groups naming the token are merged; the
  /// "*" groups apply only when none does.
  static RobotsRules parse(std::string_view body, std::string_view user_agent);
  /// For a robots.txt that does not exist (4xx) or never arrived (redirects exhausted).
  static RobotsRules allow_all();
  /// For a robots.txt that could not be fetched (5xx, network error): crawl nothing for now.
  static RobotsRules disallow_all();

  /// Whether a path with its query ("/a/b?x=1"; empty means "/") may be fetched: the matching
  /// rule with the longest pattern wins, Allow on a tie; no match allows. /robots.txt is always
  /// allowed. Rules and path compare as RFC 9309 2.2.2 says: %XX of an unreserved character
  /// equals the character, reserved characters encoded and raw differ ("/a%2Fb" is not "/a/b"),
  /// hex case is ignored and raw non-ASCII octets equal their encoded form.
  bool allowed(std::string_view path_and_query) const;

  std::optional<double> crawl_delay;  // seconds, as written (caller caps it)
  std::vector<std::string> sitemaps;  // absolute http(s) URLs from any group, in order, unique

 private:
  // A pattern split at its '*' wildcards into literals in canonical form (RFC 9309 2.2.2: only
  // unreserved characters decoded, so "%2A" stays an encoded star, not a wildcard). Literals
  // after the first carry a KMP failure table: hostile patterns against hostile paths then cost
  // linear time, not length times length.
  struct Literal {
    std::string bytes;
    std::vector<std::uint32_t> failure;
  };
  struct Rule {
    std::vector<Literal> literals;  // never empty; wildcards sit between consecutive ones
    bool anchored = false;          // pattern ended with '$'
    bool allow = false;
    std::size_t specificity = 0;    // octets of the canonical pattern, wildcards and '$' included
  };
  static std::optional<Rule> make_rule(std::string_view pattern, bool allow);
  static bool matches(const Rule& rule, std::string_view canonical_path);

  std::vector<Rule> rules_;
};

/// Per-origin robots state with expiry, for the fetcher. Time is passed in, so tests need no
/// sleeping. Not thread-safe: the caller serializes access.
class RobotsCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RobotsCache(std::chrono::seconds lifetime = std::chrono::hours(24),
                       std::chrono::seconds retry_after_failure = std::chrono::minutes(10));

  enum class State { Missing, Fresh };
  /// Fresh when `origin` has rules that have not expired at `now`; Missing otherwise (fetch them).
  State state(const std::string& origin, Clock::time_point now) const;
  /// Rules for "scheme://host[:port]" if known and not expired at `now`, else nullptr. The pointer
  /// stays valid until the next store().
  const RobotsRules* find(const std::string& origin, Clock::time_point now) const;
  /// Records the outcome of fetching origin's /robots.txt: 2xx parses `body`; 3xx (redirects
  /// exhausted) and 4xx allow all; 5xx, network error (status 0) or any other status disallow all
  /// and expire after retry_after_failure instead of lifetime. Entries expired at `now` are
  /// dropped.
  const RobotsRules& store(const std::string& origin, long status, std::string_view body,
                           std::string_view user_agent, Clock::time_point now);
  /// Entries held, expired ones not yet dropped included.
  std::size_t size() const;

 private:
  struct Entry {
    RobotsRules rules;
    Clock::time_point expires;
  };
  std::chrono::seconds lifetime_;
  std::chrono::seconds retry_after_failure_;
  std::unordered_map<std::string, Entry> entries_;
};

/// The origin key and robots.txt URL of an http(s) URL: "https://Example.com:443/x" gives
/// {"https://example.com", "https://example.com/robots.txt"}. Scheme and ASCII host letters are
/// lower-cased, a default port and any userinfo dropped. nullopt for other schemes or bad URLs.
std::optional<std::pair<std::string, std::string>> robots_origin(std::string_view url);

}  // namespace winnow::fetch
