// robots.txt parsing and matching per RFC 9309, and the per-origin cache the fetcher consults.

#include "fetch/robots.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

namespace winnow::fetch {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// RFC 9309 2.2.1: a product token is letters, '_' and '-'; what follows it ("/1.0", a comment)
// is not part of the name, on the robots.txt line as in our own user agent string.
std::string_view product_token(std::string_view s) {
  s = trim(s);
  std::size_t end = 0;
  while (end < s.size() && ((s[end] >= 'a' && s[end] <= 'z') || (s[end] >= 'A' && s[end] <= 'Z') ||
                            s[end] == '_' || s[end] == '-')) {
    ++end;
  }
  return s.substr(0, end);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.3: the characters a URI may carry either raw or percent-encoded with one meaning.
bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 2.2 (gen-delims and sub-delims): raw, they delimit; encoded, they are data. So "/a/b"
// and "/a%2Fb" are different paths.
bool is_reserved(unsigned char c) {
  constexpr std::string_view kReserved = ":/?#[]@!$&'()*+,;=";
  return kReserved.find(static_cast<char>(c)) != std::string_view::npos;
}

void append_percent_encoded(std::string& out, unsigned char octet) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[octet >> 4]);
  out.push_back(kHex[octet & 0x0f]);
}

// The one spelling in which rules and paths are compared (RFC 9309 2.2.2): %XX of an unreserved
// character is decoded ("%62" is "b"); any other %XX stays encoded with upper-case hex ("%2f" is
// "%2F", never "/"); a raw octet a URI cannot hold (non-ASCII, controls, space, a '%' without two
// hex digits) is encoded, so a raw UTF-8 path equals its encoded form. Reserved characters keep
// the form they were written in.
std::string canonical_form(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto octet = static_cast<unsigned char>(s[i]);
    if (octet == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      auto decoded = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        append_percent_encoded(out, decoded);
      }
      i += 2;
    } else if (is_unreserved(octet) || is_reserved(octet)) {
      out.push_back(static_cast<char>(octet));
    } else {
      append_percent_encoded(out, octet);
    }
  }
  return out;
}

// Knuth-Morris-Pratt: failure[i] is the length of the longest proper border of needle[0..i].
std::vector<std::uint32_t> failure_table(std::string_view needle) {
  std::vector<std::uint32_t> failure(needle.size(), 0);
  std::uint32_t border = 0;
  for (std::size_t i = 1; i < needle.size(); ++i) {
    while (border > 0 && needle[i] != needle[border]) border = failure[border - 1];
    if (needle[i] == needle[border]) ++border;
    failure[i] = border;
  }
  return failure;
}

// The first occurrence of `needle` in `text` at or after `from`, in O(text + needle) time.
std::size_t find_linear(std::string_view text, std::size_t from, std::string_view needle,
                        const std::vector<std::uint32_t>& failure) {
  if (needle.empty()) return from;
  std::size_t matched = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    while (matched > 0 && text[i] != needle[matched]) matched = failure[matched - 1];
    if (text[i] == needle[matched]) ++matched;
    if (matched == needle.size()) return i + 1 - needle.size();
  }
  return std::string_view::npos;
}

std::optional<double> parse_seconds(std::string_view value) {
  double seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return seconds;
}

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

std::optional<std::string> url_part(CURLU* handle, CURLUPart part, unsigned flags) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) {
    return std::nullopt;
  }
  std::string copy(value);
  curl_free(value);
  return copy;
}

// Parses an absolute http(s) URL; nullptr for anything else (relative, other schemes, garbage).
CurlUrl parse_http_url(std::string_view url) {
  CurlUrl handle(curl_url());
  if (!handle) return nullptr;
  std::string terminated(url);  // the URL API wants a C string
  if (curl_url_set(handle.get(), CURLUPART_URL, terminated.c_str(), 0) != CURLUE_OK) return nullptr;
  std::optional<std::string> scheme = url_part(handle.get(), CURLUPART_SCHEME, 0);
  if (!scheme || (*scheme != "http" && *scheme != "https")) return nullptr;
  return handle;
}

// The next line of `text` (CR, LF or CRLF ended), consumed from it.
std::string_view next_line(std::string_view& text) {
  std::size_t end = text.find_first_of("\r\n");
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

// RFC 9309 2.5 lets us stop after 500 KiB; a line cut there would be a different rule (a shorter
// Allow allows more), so it goes too.
std::string_view readable_prefix(std::string_view body) {
  if (body.size() <= kMaxRobotsTxtBytes) return body;
  bool cut_mid_line = body[kMaxRobotsTxtBytes] != '\n' && body[kMaxRobotsTxtBytes] != '\r';
  body = body.substr(0, kMaxRobotsTxtBytes);
  if (!cut_mid_line) return body;
  std::size_t last_break = body.find_last_of("\r\n");
  return last_break == std::string_view::npos ? std::string_view() : body.substr(0, last_break + 1);
}

// What one group set (ours, or the "*" ones) says, collected before we know which set applies.
struct GroupLines {
  std::vector<std::pair<std::string_view, bool>> rules;  // pattern, is Allow
  std::optional<double> crawl_delay;
};

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all() {
  RobotsRules rules;
  rules.rules_.push_back(*make_rule("/", false));
  return rules;
}

RobotsRules RobotsRules::parse(std::string_view body, std::string_view user_agent) {
  std::string_view our_token = product_token(user_agent);
  std::string_view text = readable_prefix(body);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  RobotsRules result;
  GroupLines ours, everyone;
  bool named_us = false;
  bool reading_agents = false;  // the previous group line was a User-agent line
  bool group_is_ours = false, group_is_everyones = false;
  while (!text.empty()) {
    std::string_view line = next_line(text);
    line = line.substr(0, line.find('#'));
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));

    if (equals_ignoring_case(key, "user-agent")) {
      if (!reading_agents) group_is_ours = group_is_everyones = false;
      reading_agents = true;
      if (value.starts_with('*')) {
        group_is_everyones = true;
      } else if (!our_token.empty() && equals_ignoring_case(product_token(value), our_token)) {
        group_is_ours = named_us = true;
      }
      continue;
    }
    if (equals_ignoring_case(key, "sitemap")) {
      if (parse_http_url(value) &&
          std::find(result.sitemaps.begin(), result.sitemaps.end(), value) == result.sitemaps.end()) {
        result.sitemaps.emplace_back(value);
      }
      continue;
    }
    bool allow = equals_ignoring_case(key, "allow");
    bool crawl_delay = equals_ignoring_case(key, "crawl-delay");
    if (!allow && !crawl_delay && !equals_ignoring_case(key, "disallow")) continue;  // unknown key
    reading_agents = false;
    for (GroupLines* group : {group_is_ours ? &ours : nullptr, group_is_everyones ? &everyone : nullptr}) {
      if (group == nullptr) continue;
      if (!crawl_delay) {
        group->rules.emplace_back(value, allow);
      } else if (!group->crawl_delay) {
        group->crawl_delay = parse_seconds(value);
      }
    }
  }

  const GroupLines& chosen = named_us ? ours : everyone;
  for (const auto& [pattern, is_allow] : chosen.rules) {
    if (std::optional<Rule> rule = make_rule(pattern, is_allow)) result.rules_.push_back(*rule);
  }
  result.crawl_delay = chosen.crawl_delay;
  return result;
}

std::optional<RobotsRules::Rule> RobotsRules::make_rule(std::string_view pattern, bool allow) {
  Rule rule;
  rule.allow = allow;
  if (pattern.ends_with('$')) {
    rule.anchored = true;
    pattern.remove_suffix(1);
  }
  // An empty Disallow allows everything, and an empty Allow says nothing.
  if (pattern.empty()) return std::nullopt;
  // Patterns should start with '/'; "Disallow: private" plainly means "/private".
  std::string rooted;
  if (pattern.front() != '/' && pattern.front() != '*') {
    rooted.reserve(pattern.size() + 1);
    rooted.push_back('/');
    rooted.append(pattern.data(), pattern.size());
    pattern = rooted;
  }
  rule.specificity = rule.anchored ? 1 : 0;
  std::size_t start = 0;
  while (true) {
    std::size_t star = pattern.find('*', start);
    std::string_view raw = pattern.substr(start, star == std::string_view::npos ? star : star - start);
    Literal literal{canonical_form(raw), {}};
    rule.specificity += literal.bytes.size();
    // A run of stars is one wildcard; merging them keeps "****" cheap.
    if (!literal.bytes.empty() || rule.literals.empty() || star == std::string_view::npos) {
      if (!rule.literals.empty()) literal.failure = failure_table(literal.bytes);
      rule.literals.push_back(std::move(literal));
    }
    if (star == std::string_view::npos) break;
    ++rule.specificity;
    start = star + 1;
  }
  return rule;
}

// The literals must appear in order, the first at the start. Placing each at its leftmost
// occurrence never loses a match, so no backtracking is needed.
bool RobotsRules::matches(const Rule& rule, std::string_view path) {
  const std::vector<Literal>& literals = rule.literals;
  const std::string& first = literals.front().bytes;
  if (literals.size() == 1) return rule.anchored ? path == first : path.starts_with(first);
  if (!path.starts_with(first)) return false;
  std::size_t position = first.size();
  std::size_t last = literals.size() - 1;
  for (std::size_t i = 1; i < last; ++i) {
    position = find_linear(path, position, literals[i].bytes, literals[i].failure);
    if (position == std::string_view::npos) return false;
    position += literals[i].bytes.size();
  }
  const Literal& tail = literals[last];
  if (!rule.anchored) {
    return find_linear(path, position, tail.bytes, tail.failure) != std::string_view::npos;
  }
  return path.size() - position >= tail.bytes.size() && path.ends_with(tail.bytes);
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
  if (path_and_query.empty()) path_and_query = "/";
  if (canonical_form(path_and_query.substr(0, path_and_query.find('?'))) == "/robots.txt") {
    return true;
  }
  std::string path = canonical_form(path_and_query);
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (best != nullptr && (rule.specificity < best->specificity ||
                            (rule.specificity == best->specificity && !rule.allow))) {
      continue;  // cannot beat the current winner, so skip the match
    }
    if (matches(rule, path)) best = &rule;
  }
  return best == nullptr || best->allow;
}

RobotsCache::RobotsCache(std::chrono::seconds lifetime, std::chrono::seconds retry_after_failure)
    : lifetime_(lifetime), retry_after_failure_(retry_after_failure) {}

RobotsCache::State RobotsCache::state(const std::string& origin, Clock::time_point now) const {
  return find(origin, now) != nullptr ? State::Fresh : State::Missing;
}

const RobotsRules* RobotsCache::find(const std::string& origin, Clock::time_point now) const {
  auto it = entries_.find(origin);
  if (it == entries_.end() || now >= it->second.expires) return nullptr;
  return &it->second.rules;
}

const RobotsRules& RobotsCache::store(const std::string& origin, long status,
                                      std::string_view body, std::string_view user_agent,
                                      Clock::time_point now) {
  std::erase_if(entries_, [now](const auto& entry) { return now >= entry.second.expires; });
  Entry entry;
  if (status >= 200 && status < 300) {
    entry = {RobotsRules::parse(body, user_agent), now + lifetime_};
  } else if (status >= 300 && status < 500) {
    entry = {RobotsRules::allow_all(), now + lifetime_};
  } else {
    entry = {RobotsRules::disallow_all(), now + retry_after_failure_};
  }
  Entry& slot = entries_[origin];
  slot = std::move(entry);
  return slot.rules;
}

std::size_t RobotsCache::size() const { return entries_.size(); }

std::optional<std::pair<std::string, std::string>> robots_origin(std::string_view url) {
  CurlUrl handle = parse_http_url(url);
  if (!handle) return std::nullopt;
  std::optional<std::string> scheme = url_part(handle.get(), CURLUPART_SCHEME, 0);
  std::optional<std::string> host = url_part(handle.get(), CURLUPART_HOST, 0);
  if (!scheme || !host || host->empty()) return std::nullopt;
  std::transform(host->begin(), host->end(), host->begin(), ascii_lower);
  // With CURLU_NO_DEFAULT_PORT an explicit ":443" on https reads as no port at all.
  std::optional<std::string> port = url_part(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  std::string origin = *scheme + "://" + *host;
  if (port) origin += ":" + *port;
  std::string robots_url = origin + "/robots.txt";
  return std::pair{std::move(origin), std::move(robots_url)};
}

}  // namespace winnow::fetch
