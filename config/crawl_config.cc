#include "config/crawl_config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <memory>
#include <regex>
#include <span>
#include <sstream>

#include "config/control_characters.h"
#include "config/redact.h"
#include "config/text_util.h"

namespace winnow::config {

struct CompiledPattern {
  std::regex regex;
};

namespace {

using text::ascii_lower;
using text::edit_distance;
using text::host_of_url;
using text::lower;
using text::normalize_host;

using std::chrono::seconds;

// Longer than any sensible interval or timeout, and far from overflowing when added to a time.
constexpr std::int64_t kMaxDurationSeconds = std::int64_t{100} * 366 * 24 * 3600;
constexpr std::chrono::seconds kMinLease{6};  // renewed every third: every 2 s at least
constexpr std::string_view kDurationForms =
    "write a whole number of seconds, or a number and a unit: \"90s\", \"30m\", \"6h\", \"7d\", \"2w\"";
constexpr std::string_view kByteForms = "write a number of bytes, or a number and a unit: \"512KB\", \"10MB\", \"1GB\"";

// The words of the enums, in enumerator order.
constexpr std::string_view kKindNames[] = {"article", "section", "feed", "sitemap"};
constexpr std::string_view kFocusNames[] = {"balanced", "precision", "recall"};
constexpr std::string_view kLevelNames[] = {"trace", "debug", "info", "warn", "error", "off"};


// The closest of `choices` to a misspelt `word` ("delya" -> "delay", "warning" -> "warn").
std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> choices) {
  std::string wanted = lower(word);
  std::optional<std::string_view> best;
  size_t best_distance = 0;
  for (std::string_view choice : choices) {
    size_t distance = edit_distance(wanted, choice);
    if (distance <= (choice.size() >= 5 ? 2u : 1u) && (!best || distance < best_distance)) {
      best = choice;
      best_distance = distance;
    }
  }
  if (best) return best;
  // A longer or shorter form of the word: "warning", "inf", "precise".
  for (std::string_view choice : choices) {
    size_t common = std::mismatch(wanted.begin(), wanted.end(), choice.begin(), choice.end()).first - wanted.begin();
    if (common >= 3 && common + 1 >= std::min(wanted.size(), choice.size())) return choice;
  }
  return std::nullopt;
}

std::string join(std::span<const std::string_view> words, std::string_view last_separator = " or ") {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? last_separator : ", ";
    out += words[i];
  }
  return out;
}

// ---- what the file may hold ---------------------------------------------------------------------

struct Section {
  std::string_view label;  // as the user writes it: "[scope]", "[[recrawl.site]]", "top level"
  std::vector<std::string_view> keys;
};

const std::vector<Section>& schema() {
  static const std::vector<Section> sections = {
      {"top level",
       {"name", "store", "warc", "user_agent", "allow_private_addresses", "seeds", "sitemaps", "feeds",
        "sitemaps_from_robots", "scope", "recrawl", "politeness", "fetch", "clean", "log", "site"}},
      {"[scope]",
       {"allowed_hosts", "include", "exclude", "max_depth", "max_pages_per_run", "max_pages_per_host", "max_listings_per_run",
        "follow_links"}},
      {"[recrawl]", {"article", "section", "feed", "sitemap", "retry", "max_attempts", "lease", "site"}},
      {"[[recrawl.site]]", {"host", "article", "section", "feed", "sitemap"}},
      {"[politeness]", {"concurrency", "per_host", "delay", "obey_robots", "max_crawl_delay"}},
      {"[fetch]", {"connect_timeout", "timeout", "max_body_bytes", "max_redirects", "tries"}},
      {"[clean]",
       {"focus", "keep_captions", "keep_comments", "keep_links", "keep_tables", "articles_only", "time_budget",
        "max_elements", "prescan"}},
      {"[log]", {"level", "file", "max_size", "max_files"}},
      {"[[site]]", {"host", "keep", "drop"}},
  };
  return sections;
}

const Section& section_named(std::string_view label) {
  for (const Section& section : schema()) {
    if (section.label == label) return section;
  }
  throw std::logic_error("no config section " + std::string(label));
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number with a fraction";
    case toml::node_type::boolean: return "true or false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// A TOML string: basic ("...") with escapes, or literal ('...') when that spares a regex its
// doubled backslashes.
std::string toml_string(std::string_view text) {
  bool literal = text.find('\\') != std::string_view::npos &&
                 std::none_of(text.begin(), text.end(), [](char c) { return c == '\'' || (c >= 0 && c < ' ') || c == 0x7f; });
  if (literal) return std::string(1, '\'').append(text).append(1, '\'');
  std::ostringstream out;
  out << toml::toml_formatter(toml::value<std::string>(std::string(text)), toml::format_flags::allow_unicode_strings);
  return out.str();
}

std::string format_duration(seconds value) {
  static constexpr std::pair<std::int64_t, char> kUnits[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
  std::int64_t count = value.count();
  for (auto [unit, suffix] : kUnits) {
    if (count != 0 && count % unit == 0) return std::to_string(count / unit) + suffix;
  }
  return std::to_string(count) + "s";
}

std::string format_bytes(std::size_t bytes) {
  static constexpr std::pair<std::size_t, std::string_view> kUnits[] = {
      {std::size_t{1} << 30, "GB"}, {std::size_t{1} << 20, "MB"}, {std::size_t{1} << 10, "KB"}};
  for (auto [unit, suffix] : kUnits) {
    if (bytes != 0 && bytes % unit == 0) return toml_string(std::to_string(bytes / unit) + std::string(suffix));
  }
  return std::to_string(bytes);
}


/// Why `host` (lower case) cannot be a host name, or nothing when it can.
std::optional<std::string> host_name_problem(std::string_view host) {
  if (host.empty()) return "the host is empty";
  if (host.starts_with('[') && host.ends_with(']') && host.size() > 2) return std::nullopt;  // IPv6 literal
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return "the host contains '" + std::string(1, c) + "', which no host name has";
  }
  if (host.front() == '.' || host.back() == '.' || host.find("..") != std::string_view::npos) return "the host has an empty label";
  return std::nullopt;
}

// ---- reading values ----------------------------------------------------------------------------

// Reads typed values out of the parsed tables, failing with the value's position and a hint.
// Each read_* leaves `out` alone when the key is absent, so `out` holds the default, which also
// serves as the example in messages.
class Reader {
 public:
  Reader(std::string_view source_name, std::string_view base_dir) : source_(source_name), base_dir_(base_dir) {}

  [[noreturn]] void fail(const toml::source_region& where, std::string_view message) const {
    throw ConfigError(source_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), message);
  }
  [[noreturn]] void fail(const toml::node& node, std::string_view message) const { fail(node.source(), message); }

  /// Unknown keys of `table` (laid out as `section` says) are errors: a misspelling gets the
  /// nearest key, a key of another section gets that section.
  void check_keys(const toml::table& table, const Section& section) const {
    for (auto&& [key, value] : table) {
      std::string_view name = key.str();
      if (std::find(section.keys.begin(), section.keys.end(), name) != section.keys.end()) continue;
      std::string message = "unknown key '" + std::string(name) + "' " +
                            (section.label == "top level" ? "at top level" : "in " + std::string(section.label));
      if (std::optional<std::string_view> near = closest(name, section.keys)) {
        message += " (did you mean '" + std::string(*near) + "'?)";
      } else if (const Section* home = section_holding(name, section)) {
        message += "; it belongs in " + std::string(home->label);
      } else {
        message += "; expected " + join(section.keys);
      }
      fail(key.source(), message);
    }
  }

  /// The sub-table `key` of `parent`; nullptr when absent.
  const toml::table* table(const toml::table& parent, std::string_view key) const {
    const toml::node* node = parent.get(key);
    if (!node) return nullptr;
    const toml::table* table = node->as_table();
    if (!table) {
      fail(*node, std::string(key) + " must be a table: write its keys under a [" + std::string(key) + "] line (got " +
                      std::string(type_name(*node)) + ")");
    }
    return table;
  }

  void read(const toml::table& table, std::string_view key, bool& out) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    const toml::value<bool>* value = node->as_boolean();
    if (!value) wrong_type(*node, key, "true or false", out ? "true" : "false");
    out = value->get();
  }

  void read(const toml::table& table, std::string_view key, std::string& out) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    const toml::value<std::string>* value = node->as_string();
    if (!value) wrong_type(*node, key, "a string", toml_string(out));
    out = value->get();
  }

  /// A whole number in [min, max].
  template <typename Int>
  void read_int(const toml::table& table, std::string_view key, Int& out, std::int64_t min,
            std::int64_t max = std::numeric_limits<int>::max()) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    const toml::value<std::int64_t>* value = node->as_integer();
    if (!value) wrong_type(*node, key, "a whole number", std::to_string(out));
    std::int64_t number = value->get();
    if (number < min) {
      fail(*node, std::string(key) + " must be at least " + std::to_string(min) + ", not " + std::to_string(number) +
                      (min == 0 ? " (0 means no limit)" : ""));
    }
    if (number > max) fail(*node, std::string(key) + " must be at most " + std::to_string(max));
    out = static_cast<Int>(number);
  }

  /// Seconds, whole or not, at least 0.
  void read_seconds(const toml::table& table, std::string_view key, double& out) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    std::optional<double> number = node->value<double>();
    if (!node->is_number() || !number) wrong_type(*node, key, "a number of seconds", std::to_string(out));
    if (!(*number >= 0) || *number > static_cast<double>(kMaxDurationSeconds)) {
      fail(*node, std::string(key) + " must be a number of seconds from 0 up, e.g. " + std::string(key) + " = 1.5");
    }
    out = *number;
  }

  /// "90s", "30m", "6h", "7d", "2w" or whole seconds; 0 only when `zero_allowed`.
  void read_duration(const toml::table& table, std::string_view key, seconds& out, bool zero_allowed = false) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    out = duration(*node, key, zero_allowed, format_duration(out));
  }

  seconds duration(const toml::node& node, std::string_view key, bool zero_allowed, std::string_view example) const {
    std::int64_t count = 0;
    if (const toml::value<std::int64_t>* number = node.as_integer()) {
      count = number->get();
    } else if (const toml::value<std::string>* text = node.as_string()) {
      std::optional<std::int64_t> parsed = parse_duration(text->get());
      if (!parsed) fail(node, "'" + text->get() + "' is not a duration for " + std::string(key) + "; " + std::string(kDurationForms));
      count = *parsed;
    } else {
      fail(node, std::string(key) + " must be a duration, e.g. " + std::string(key) + " = \"" + std::string(example) +
                     "\" (got " + std::string(type_name(node)) + "); " + std::string(kDurationForms));
    }
    if (count < 0 || (count == 0 && !zero_allowed)) {
      fail(node, std::string(key) + " must be " + (zero_allowed ? "0 or more" : "more than 0") + "; " +
                     std::string(kDurationForms));
    }
    if (count > kMaxDurationSeconds) fail(node, std::string(key) + " is longer than 100 years");
    return seconds(count);
  }

  /// Bytes: a whole number, or "512KB", "10MB", "1GB" (units of 1024); more than 0.
  void read_bytes(const toml::table& table, std::string_view key, std::size_t& out) const {
    const toml::node* node = table.get(key);
    if (!node) return;
    std::optional<std::int64_t> bytes;
    if (const toml::value<std::int64_t>* number = node->as_integer()) {
      bytes = number->get();
    } else if (const toml::value<std::string>* text = node->as_string()) {
      bytes = parse_bytes(text->get());
      if (!bytes) fail(*node, "'" + text->get() + "' is not a size for " + std::string(key) + "; " + std::string(kByteForms));
    } else {
      wrong_type(*node, key, "a size", format_bytes(out));
    }
    if (*bytes <= 0) fail(*node, std::string(key) + " must be more than 0 bytes; " + std::string(kByteForms));
    out = static_cast<std::size_t>(*bytes);
  }

  /// One of `choices` (lower case), as an index.
  size_t read_choice(const toml::table& table, std::string_view key, size_t current,
                     std::span<const std::string_view> choices) const {
    const toml::node* node = table.get(key);
    if (!node) return current;
    const toml::value<std::string>* value = node->as_string();
    if (!value) wrong_type(*node, key, "a string", toml_string(choices[current]));
    std::string wanted = lower(value->get());
    for (size_t i = 0; i < choices.size(); ++i) {
      if (choices[i] == wanted) return i;
    }
    std::string message = "unknown " + std::string(key) + " '" + value->get() + "'; expected " + join(choices);
    if (std::optional<std::string_view> near = closest(wanted, choices)) message += " (did you mean '" + std::string(*near) + "'?)";
    fail(*node, message);
  }

  /// An array of strings; each is passed to `check(text, node)` when given.
  template <typename Check>
  std::vector<std::string> read_strings(const toml::table& table, std::string_view key, std::string_view example,
                                        Check check) const {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (!node) return out;
    const toml::array* array = node->as_array();
    if (!array) {
      fail(*node, std::string(key) + " must be an array of strings, e.g. " + std::string(key) + " = [" +
                      std::string(example) + "] (got " + std::string(type_name(*node)) + ")");
    }
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& item = *array->get(i);
      const toml::value<std::string>* text = item.as_string();
      if (!text) {
        fail(item, std::string(key) + "[" + std::to_string(i) + "] must be a string, e.g. " + std::string(example) +
                       " (got " + std::string(type_name(item)) + ")");
      }
      out.push_back(check(text->get(), item));
    }
    return out;
  }

  /// A path as written, or resolved against the config file's folder when relative.
  std::string resolve_path(std::string_view path) const {
    if (path.empty() || base_dir_.empty() || std::filesystem::path(path).is_absolute()) return std::string(path);
    return (std::filesystem::path(base_dir_) / path).lexically_normal().string();
  }

  const std::string& source() const { return source_; }

 private:
  [[noreturn]] void wrong_type(const toml::node& node, std::string_view key, std::string_view wanted,
                               std::string_view example) const {
    std::string message = std::string(key) + " must be " + std::string(wanted) + ", e.g. " + std::string(key) + " = " +
                          std::string(example) + " (got " + std::string(type_name(node)) + ")";
    if (const toml::value<std::string>* text = node.as_string()) {
      const std::string& written = text->get();
      bool bare = written == "true" || written == "false" ||
                  (!written.empty() && written.find_first_not_of("0123456789.-+") == std::string::npos);
      if (bare) message += "; write it without quotes";
    }
    fail(node, message);
  }

  static const Section* section_holding(std::string_view key, const Section& besides) {
    for (const Section& section : schema()) {
      if (&section == &besides || section.label == "top level") continue;
      if (std::find(section.keys.begin(), section.keys.end(), key) != section.keys.end()) return &section;
    }
    return nullptr;
  }

  static std::optional<std::int64_t> parse_count(std::string_view digits) {
    if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    std::int64_t count = 0;
    for (char c : digits) count = count * 10 + (c - '0');
    return count;
  }

  static std::optional<std::int64_t> parse_duration(std::string_view text) {
    static constexpr std::pair<char, std::int64_t> kUnits[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
    if (text.empty()) return std::nullopt;
    for (auto [suffix, unit] : kUnits) {
      if (text.back() != suffix) continue;
      std::string_view digits = text.substr(0, text.size() - 1);
      if (digits.ends_with(' ')) digits.remove_suffix(1);
      std::optional<std::int64_t> count = parse_count(digits);
      if (!count || *count > kMaxDurationSeconds) return count;
      return *count * unit;
    }
    return parse_count(text);
  }

  static std::optional<std::int64_t> parse_bytes(std::string_view text) {
    static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
        {"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"b", 1}};
    std::string wanted = lower(text);
    for (auto [suffix, unit] : kUnits) {
      if (!std::string_view(wanted).ends_with(suffix)) continue;
      std::string_view digits = std::string_view(wanted).substr(0, wanted.size() - suffix.size());
      if (digits.ends_with(' ')) digits.remove_suffix(1);
      std::optional<std::int64_t> count = parse_count(digits);
      if (!count || *count > (std::int64_t{1} << 50) / unit) return std::nullopt;
      return *count * unit;
    }
    return parse_count(wanted);
  }

  std::string source_;
  std::string base_dir_;
};

// ---- the sections ------------------------------------------------------------------------------

// Checks an http(s) URL enough to catch typos (the crawler parses it properly) and returns it.
std::string checked_url(const Reader& reader, std::string_view key, const std::string& url, const toml::node& node) {
  auto bad = [&](std::string_view why) {
    reader.fail(node, "'" + redact_url(url) + "' in " + std::string(key) + " is not a URL to crawl: " + std::string(why));
  };
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) bad("it contains a space or control character");
  }
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    bad("it has no scheme; write it in full, e.g. \"https://" + (url.empty() ? std::string("example.com/") : redact_url(url)) + "\"");
  }
  std::string scheme = lower(std::string_view(url).substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") bad("only http:// and https:// URLs are crawled");
  std::string_view authority = std::string_view(url).substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) bad("its IPv6 address has no closing ']'");
    port = authority.substr(close + 1);
  } else if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
    port = authority.substr(colon);
  }
  if (!port.empty()) {
    port.remove_prefix(1);  // the ':' (or ']' was already cut: a bare IPv6 literal leaves it empty)
    bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string_view::npos;
    if (!digits || std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) {
      bad("its port '" + std::string(port) + "' is not a number from 1 to 65535");
    }
  }
  if (std::optional<std::string> problem = host_name_problem(host_of_url(url))) bad(*problem);
  return url;
}

// The store URI, its sqlite path resolved.
std::string checked_store(const Reader& reader, const toml::table& root) {
  std::string store(kDefaultCrawlStore);
  reader.read(root, "store", store);
  const toml::node* node = root.get("store");
  if (store.starts_with("postgresql://") || store.starts_with("postgres://")) return store;
  if (store.starts_with("sqlite:")) {
    std::string path = store.substr(7);
    if (path.empty()) reader.fail(*node, "sqlite: needs a path, e.g. store = \"sqlite:winnow.db\"");
    return path == ":memory:" ? store : "sqlite:" + reader.resolve_path(path);
  }
  std::string message = "store '" + redact_url(store) + "' cannot hold a crawl: ";
  if (store.starts_with("jsonl:") || store.starts_with("dir:")) {
    message += "its frontier lives beside the pages, so it needs a database";
  } else if (store.find(':') == std::string::npos) {
    message += "it names no kind of store (did you mean \"sqlite:" + redact_url(store) + "\"?)";
  } else {
    message += "unknown kind of store";
  }
  reader.fail(*node, message + "; use sqlite:PATH (relative to this file's folder) or postgresql://...");
}

std::string checked_name(const Reader& reader, const toml::table& root) {
  std::string name;
  reader.read(root, "name", name);
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  if (!name.empty()) {
    const toml::node* node = root.get("name");
    if (name.size() > kMaxCrawlNameLength) {
      // The whole name would be echoed back: a few of its characters are enough to find the line.
      reader.fail(*node, "name '" + name.substr(0, 20) + "...' is " + std::to_string(name.size()) +
                             " characters long; at most " + std::to_string(kMaxCrawlNameLength) +
                             " (it names the crawl in file names, logs and summaries); e.g. name = \"news\"");
    }
    if (name.front() == '.' || !std::all_of(name.begin(), name.end(), allowed)) {
      reader.fail(*node, "name '" + name + "' must be letters, digits, '.', '_' and '-' (it names the crawl's lock and "
                         "log files), not starting with '.'; e.g. name = \"news\"");
    }
    return name;
  }
  name = std::filesystem::path(reader.source()).stem().string();
  std::replace_if(name.begin(), name.end(), [&](char c) { return !allowed(c); }, '-');
  while (name.starts_with('.')) name.erase(0, 1);
  if (name.size() > kMaxCrawlNameLength) name.resize(kMaxCrawlNameLength);
  return name.empty() ? "crawl" : name;
}

// libstdc++'s regex compiler overflows an int on a long repeat count or back-reference number
// (found by fuzzing); no real pattern needs six digits there. Only digits inside "{m,n}" or
// right after a backslash count: a literal ",1234567" in a URL pattern is fine.
bool has_oversized_regex_number(std::string_view pattern) {
  bool in_braces = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    bool number_starts = false;
    if (c == '\\' && !in_braces && i + 1 < pattern.size()) {
      number_starts = std::isdigit(static_cast<unsigned char>(pattern[++i])) != 0;
    } else if (c == '{' || c == '}') {
      in_braces = c == '{';
    } else {
      number_starts = in_braces && std::isdigit(static_cast<unsigned char>(c)) != 0;
    }
    if (!number_starts) continue;
    std::size_t digits = 0;
    while (i + digits < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i + digits]))) ++digits;
    if (digits > 5) return true;
    i += digits - 1;
  }
  return false;
}

std::vector<UrlPattern> read_patterns(const Reader& reader, const toml::table& scope, std::string_view key) {
  std::vector<UrlPattern> patterns;
  reader.read_strings(scope, key, "'^https://example\\.com/news/'", [&](const std::string& text, const toml::node& node) {
    if (has_oversized_regex_number(text)) {
      reader.fail(node, "number too large in regular expression '" + text + "' in " + std::string(key) +
                            " (repeat counts and back-references take at most 5 digits)");
    }
    try {
      // __polynomial (a libstdc++ extension) matches breadth-first, in time polynomial in the URL's
      // length, so a pattern like '[^/]+*print/' cannot stall the crawl on a long URL. The price:
      // back-references are refused, which no URL pattern needs.
      constexpr auto flags = std::regex::ECMAScript | std::regex::optimize | std::regex_constants::__polynomial;
      auto compiled = std::make_shared<CompiledPattern>(CompiledPattern{std::regex(text, flags)});
      patterns.push_back({text, std::move(compiled)});
    } catch (const std::regex_error& e) {
      reader.fail(node, "bad regular expression '" + text + "' in " + std::string(key) + ": " + e.what() +
                            "; patterns are ECMAScript regexes matched anywhere in the URL (write them as "
                            "'literal strings' so backslashes stay as they are, e.g. '\\.pdf$')");
    }
    return text;
  });
  return patterns;
}

void read_scope(const Reader& reader, const toml::table& root, CrawlConfig& config) {
  ScopeConfig& scope = config.scope;
  if (const toml::table* table = reader.table(root, "scope")) {
    reader.check_keys(*table, section_named("[scope]"));
    scope.allowed_hosts = reader.read_strings(*table, "allowed_hosts", "\"example.com\"",
                                              [&](const std::string& raw, const toml::node& node) {
      std::string host = normalize_host(raw);
      bool port = raw.find(':') != std::string::npos && !raw.starts_with('[');
      if (raw.find('/') != std::string::npos || port) {
        reader.fail(node, "allowed host '" + redact_url(raw) + "' is not a bare host name; write just the host, e.g. \"" +
                              host_of_url(raw) + "\"");
      }
      if (host.starts_with("*.")) {
        reader.fail(node, "allowed host '" + redact_url(raw) + "' needs no wildcard: a host also allows its subdomains, so write \"" +
                              host.substr(2) + "\"");
      }
      if (std::optional<std::string> problem = host_name_problem(host)) {
        reader.fail(node, "allowed host '" + redact_url(raw) + "': " + *problem);
      }
      return host;
    });
    scope.include = read_patterns(reader, *table, "include");
    scope.exclude = read_patterns(reader, *table, "exclude");
    reader.read_int(*table, "max_depth", scope.max_depth, 0, 1000);
    reader.read_int(*table, "max_pages_per_run", scope.max_pages_per_run, 0, std::numeric_limits<std::int64_t>::max());
    reader.read_int(*table, "max_pages_per_host", scope.max_pages_per_host, 0, std::numeric_limits<std::int64_t>::max());
    reader.read_int(*table, "max_listings_per_run", scope.max_listings_per_run, 0, std::numeric_limits<std::int64_t>::max());
    reader.read(*table, "follow_links", scope.follow_links);
    if (!scope.allowed_hosts.empty()) return;
  }
  for (const std::vector<std::string>* urls : {&config.seeds, &config.sitemaps, &config.feeds}) {
    for (const std::string& url : *urls) {
      std::string host = host_of_url(url);
      if (std::find(scope.allowed_hosts.begin(), scope.allowed_hosts.end(), host) == scope.allowed_hosts.end()) {
        scope.allowed_hosts.push_back(host);
      }
    }
  }
}

RecrawlSite read_recrawl_site(const Reader& reader, const toml::table& table) {
  reader.check_keys(table, section_named("[[recrawl.site]]"));
  RecrawlSite site;
  const toml::node* host = table.get("host");
  if (!host) reader.fail(table.source(), "[[recrawl.site]] has no host; add one, e.g. host = \"example.com\"");
  std::string raw = "example.com";  // the example when it is no string
  reader.read(table, "host", raw);
  site.host = normalize_host(raw);
  if (std::optional<std::string> problem = host_name_problem(site.host)) {
    reader.fail(*host, "host '" + redact_url(raw) + "': " + *problem + "; write just the host, e.g. host = \"example.com\"");
  }
  std::optional<seconds>* intervals[] = {&site.article, &site.section, &site.feed, &site.sitemap};
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (const toml::node* node = table.get(kKindNames[i])) *intervals[i] = reader.duration(*node, kKindNames[i], false, "1d");
  }
  if (!site.article && !site.section && !site.feed && !site.sitemap) {
    reader.fail(table.source(), "[[recrawl.site]] for '" + site.host + "' sets no interval; give one or more of "
                                "article, section, feed, sitemap, e.g. article = \"1d\"");
  }
  return site;
}

void read_recrawl(const Reader& reader, const toml::table& root, RecrawlConfig& recrawl) {
  const toml::table* table = reader.table(root, "recrawl");
  if (!table) return;
  reader.check_keys(*table, section_named("[recrawl]"));
  reader.read_duration(*table, "article", recrawl.article);
  reader.read_duration(*table, "section", recrawl.section);
  reader.read_duration(*table, "feed", recrawl.feed);
  reader.read_duration(*table, "sitemap", recrawl.sitemap);
  reader.read_duration(*table, "retry", recrawl.retry);
  reader.read_int(*table, "max_attempts", recrawl.max_attempts, 1, 100);
  reader.read_duration(*table, "lease", recrawl.lease);
  if (const toml::node* lease = table->get("lease"); lease && recrawl.lease < kMinLease) {
    reader.fail(*lease, "lease must be at least " + format_duration(kMinLease) +
                            ": a live worker renews its leases every third of it");
  }
  const toml::node* sites = table->get("site");
  if (!sites) return;
  const toml::array* array = sites->as_array();
  if (!array || !array->is_array_of_tables()) {
    reader.fail(*sites, "recrawl.site must be tables: write each one under a [[recrawl.site]] line");
  }
  for (const toml::node& item : *array) {
    RecrawlSite site = read_recrawl_site(reader, *item.as_table());
    for (const RecrawlSite& earlier : recrawl.sites) {
      if (earlier.host == site.host) {
        reader.fail(*item.as_table()->get("host"), "duplicate [[recrawl.site]] host '" + site.host + "'; merge the two");
      }
    }
    recrawl.sites.push_back(std::move(site));
  }
}

void read_sections(const Reader& reader, const toml::table& root, CrawlConfig& config) {
  if (const toml::table* table = reader.table(root, "politeness")) {
    reader.check_keys(*table, section_named("[politeness]"));
    PolitenessConfig& politeness = config.politeness;
    reader.read_int(*table, "concurrency", politeness.concurrency, 1, 10000);
    reader.read_int(*table, "per_host", politeness.per_host, 1, 1000);
    reader.read_seconds(*table, "delay", politeness.delay);
    reader.read(*table, "obey_robots", politeness.obey_robots);
    reader.read_duration(*table, "max_crawl_delay", politeness.max_crawl_delay, true);
  }
  if (const toml::table* table = reader.table(root, "fetch")) {
    reader.check_keys(*table, section_named("[fetch]"));
    FetchConfig& fetch = config.fetch;
    reader.read_duration(*table, "connect_timeout", fetch.connect_timeout);
    reader.read_duration(*table, "timeout", fetch.timeout);
    reader.read_bytes(*table, "max_body_bytes", fetch.max_body_bytes);
    reader.read_int(*table, "max_redirects", fetch.max_redirects, 0, 100);
    reader.read_int(*table, "tries", fetch.tries, 1, 100);
  }
  if (const toml::table* table = reader.table(root, "clean")) {
    reader.check_keys(*table, section_named("[clean]"));
    CleanConfig& clean = config.clean;
    clean.focus = static_cast<CleanFocus>(reader.read_choice(*table, "focus", static_cast<size_t>(clean.focus), kFocusNames));
    reader.read(*table, "keep_captions", clean.keep_captions);
    reader.read(*table, "keep_comments", clean.keep_comments);
    reader.read(*table, "keep_links", clean.keep_links);
    reader.read(*table, "keep_tables", clean.keep_tables);
    reader.read(*table, "articles_only", clean.articles_only);
    reader.read_duration(*table, "time_budget", clean.time_budget, true);
    reader.read_int(*table, "max_elements", clean.max_elements, 0, std::numeric_limits<std::int64_t>::max());
    reader.read(*table, "prescan", clean.prescan);
  }
  if (const toml::table* table = reader.table(root, "log")) {
    reader.check_keys(*table, section_named("[log]"));
    LogConfig& log = config.log;
    log.level = static_cast<LogLevel>(reader.read_choice(*table, "level", static_cast<size_t>(log.level), kLevelNames));
    reader.read(*table, "file", log.file);
    log.file = reader.resolve_path(log.file);
    reader.read_bytes(*table, "max_size", log.max_size);
    reader.read_int(*table, "max_files", log.max_files, 1, 1000);
  }
}

// ---- writing -----------------------------------------------------------------------------------

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

std::string toml_list(const std::vector<UrlPattern>& patterns) {
  std::vector<std::string> texts;
  for (const UrlPattern& pattern : patterns) texts.push_back(pattern.text);
  return toml_list(texts);
}

std::string toml_bool(bool value) { return value ? "true" : "false"; }

std::string toml_float(double value) {
  std::ostringstream out;
  out << toml::value<double>(value);
  return out.str();
}

std::string toml_duration(seconds value) { return toml_string(format_duration(value)); }

void write_recrawl_sites(std::ostream& out, const std::vector<RecrawlSite>& sites) {
  for (const RecrawlSite& site : sites) {
    out << "\n[[recrawl.site]]\nhost = " << toml_string(site.host) << "\n";
    const std::optional<seconds>* intervals[] = {&site.article, &site.section, &site.feed, &site.sitemap};
    for (size_t i = 0; i < std::size(kKindNames); ++i) {
      if (*intervals[i]) out << kKindNames[i] << " = " << toml_duration(**intervals[i]) << "\n";
    }
  }
}

void write_site_rules(std::ostream& out, const SiteRules& rules) {
  for (const SiteRule& rule : rules.sites) {
    out << "\n[[site]]\nhost = " << toml_string(rule.host) << "\n";
    if (!rule.keep.empty()) out << "keep = " << toml_list(rule.keep) << "\n";
    if (!rule.drop.empty()) out << "drop = " << toml_list(rule.drop) << "\n";
  }
}

}  // namespace

// ---- public ------------------------------------------------------------------------------------

std::string_view to_string(RecrawlKind kind) { return kKindNames[static_cast<size_t>(kind)]; }
std::string_view to_string(CleanFocus focus) { return kFocusNames[static_cast<size_t>(focus)]; }
std::string_view to_string(LogLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

bool UrlPattern::matches(std::string_view url) const {
  return compiled && std::regex_search(url.begin(), url.end(), compiled->regex);
}

bool host_in_domain(std::string_view host, std::string_view domain) {
  std::string wanted = normalize_host(host);
  std::string parent = normalize_host(domain);
  if (wanted.empty() || parent.empty()) return false;
  if (wanted == parent) return true;
  return wanted.size() > parent.size() && wanted.ends_with(parent) && wanted[wanted.size() - parent.size() - 1] == '.';
}

seconds CrawlConfig::recrawl_interval(RecrawlKind kind, std::string_view host) const {
  auto interval_of = [kind](const auto& settings) {
    switch (kind) {
      case RecrawlKind::Article: return settings.article;
      case RecrawlKind::Section: return settings.section;
      case RecrawlKind::Feed: return settings.feed;
      case RecrawlKind::Sitemap: return settings.sitemap;
    }
    return settings.article;
  };
  const RecrawlSite* best = nullptr;
  for (const RecrawlSite& site : recrawl.sites) {
    if (interval_of(site) && host_in_domain(host, site.host) && (!best || site.host.size() > best->host.size())) {
      best = &site;
    }
  }
  return best ? *interval_of(*best) : interval_of(recrawl);
}

seconds CrawlConfig::retry_delay(int failed_attempts) const {
  int doublings = std::clamp(failed_attempts - 1, 0, 20);
  return recrawl.retry * (std::int64_t{1} << doublings);
}

bool CrawlConfig::operator==(const CrawlConfig& other) const {
  auto same_rules = [](const SiteRules& a, const SiteRules& b) {
    return std::equal(a.sites.begin(), a.sites.end(), b.sites.begin(), b.sites.end(),
                      [](const SiteRule& x, const SiteRule& y) {
                        return x.host == y.host && x.keep == y.keep && x.drop == y.drop;
                      });
  };
  return name == other.name && store == other.store && warc == other.warc && user_agent == other.user_agent &&
         allow_private_addresses == other.allow_private_addresses && seeds == other.seeds &&
         sitemaps == other.sitemaps && feeds == other.feeds && sitemaps_from_robots == other.sitemaps_from_robots &&
         scope == other.scope && recrawl == other.recrawl && politeness == other.politeness && fetch == other.fetch &&
         clean == other.clean && log == other.log && same_rules(site_rules, other.site_rules);
}

CrawlConfig parse_crawl_config(std::string_view toml_text, std::string_view source_name, std::string_view base_dir) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(source_name, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                      e.description());
  }
  Reader reader(source_name, base_dir);
  reader.check_keys(root, section_named("top level"));

  CrawlConfig config;
  config.source_name = std::string(source_name);
  config.name = checked_name(reader, root);
  config.store = checked_store(reader, root);
  reader.read(root, "warc", config.warc);
  config.warc = reader.resolve_path(config.warc);
  reader.read(root, "user_agent", config.user_agent);
  if (std::optional<std::string> problem = header_value_problem(config.user_agent)) {
    // Sent as is, a CR/LF would end the User-Agent header and start one of its own.
    reader.fail(*root.get("user_agent"), "user_agent " + *problem);
  }
  if (config.user_agent.empty()) config.user_agent = default_user_agent();
  reader.read(root, "allow_private_addresses", config.allow_private_addresses);
  std::vector<std::string>* lists[] = {&config.seeds, &config.sitemaps, &config.feeds};
  static constexpr std::string_view kListKeys[] = {"seeds", "sitemaps", "feeds"};
  for (size_t i = 0; i < std::size(kListKeys); ++i) {
    std::string_view key = kListKeys[i];
    *lists[i] = reader.read_strings(root, key, "\"https://example.com/\"", [&](const std::string& url, const toml::node& node) {
      return checked_url(reader, key, url, node);
    });
  }
  if (config.seeds.empty() && config.sitemaps.empty() && config.feeds.empty()) {
    throw ConfigError(source_name, 0, 0,
                      "nothing to crawl: give seeds, sitemaps or feeds, e.g. seeds = [\"https://example.com/\"]");
  }
  reader.read(root, "sitemaps_from_robots", config.sitemaps_from_robots);
  read_scope(reader, root, config);
  read_recrawl(reader, root, config.recrawl);
  read_sections(reader, root, config);
  config.site_rules = site_rules_from_table(root, source_name);
  return config;
}

CrawlConfig load_crawl_config(const std::string& path) {
  std::string text = text::read_config_file(path);
  std::error_code error;
  std::filesystem::path file = std::filesystem::absolute(path, error);
  if (error) throw ConfigError(path, 0, 0, "cannot find its folder: " + error.message());
  return parse_crawl_config(text, path, file.parent_path().string());
}

std::string to_toml(const CrawlConfig& config) {
  std::ostringstream out;
  out << "name = " << toml_string(config.name) << "\n"
      << "store = " << toml_string(config.store) << "\n"
      << "warc = " << toml_string(config.warc) << "\n"
      << "user_agent = " << toml_string(config.user_agent) << "\n"
      << "allow_private_addresses = " << toml_bool(config.allow_private_addresses) << "\n"
      << "seeds = " << toml_list(config.seeds) << "\n"
      << "sitemaps = " << toml_list(config.sitemaps) << "\n"
      << "feeds = " << toml_list(config.feeds) << "\n"
      << "sitemaps_from_robots = " << toml_bool(config.sitemaps_from_robots) << "\n";

  const ScopeConfig& scope = config.scope;
  out << "\n[scope]\n"
      << "allowed_hosts = " << toml_list(scope.allowed_hosts) << "\n"
      << "include = " << toml_list(scope.include) << "\n"
      << "exclude = " << toml_list(scope.exclude) << "\n"
      << "max_depth = " << scope.max_depth << "\n"
      << "max_pages_per_run = " << scope.max_pages_per_run << "\n"
      << "max_pages_per_host = " << scope.max_pages_per_host << "\n"
      << "max_listings_per_run = " << scope.max_listings_per_run << "\n"
      << "follow_links = " << toml_bool(scope.follow_links) << "\n";

  const RecrawlConfig& recrawl = config.recrawl;
  out << "\n[recrawl]\n"
      << "article = " << toml_duration(recrawl.article) << "\n"
      << "section = " << toml_duration(recrawl.section) << "\n"
      << "feed = " << toml_duration(recrawl.feed) << "\n"
      << "sitemap = " << toml_duration(recrawl.sitemap) << "\n"
      << "retry = " << toml_duration(recrawl.retry) << "\n"
      << "max_attempts = " << recrawl.max_attempts << "\n"
      << "lease = " << toml_duration(recrawl.lease) << "\n";
  write_recrawl_sites(out, recrawl.sites);

  const PolitenessConfig& politeness = config.politeness;
  out << "\n[politeness]\n"
      << "concurrency = " << politeness.concurrency << "\n"
      << "per_host = " << politeness.per_host << "\n"
      << "delay = " << toml_float(politeness.delay) << "\n"
      << "obey_robots = " << toml_bool(politeness.obey_robots) << "\n"
      << "max_crawl_delay = " << toml_duration(politeness.max_crawl_delay) << "\n";

  const FetchConfig& fetch = config.fetch;
  out << "\n[fetch]\n"
      << "connect_timeout = " << toml_duration(fetch.connect_timeout) << "\n"
      << "timeout = " << toml_duration(fetch.timeout) << "\n"
      << "max_body_bytes = " << format_bytes(fetch.max_body_bytes) << "\n"
      << "max_redirects = " << fetch.max_redirects << "\n"
      << "tries = " << fetch.tries << "\n";

  const CleanConfig& clean = config.clean;
  out << "\n[clean]\n"
      << "focus = " << toml_string(to_string(clean.focus)) << "\n"
      << "keep_captions = " << toml_bool(clean.keep_captions) << "\n"
      << "keep_comments = " << toml_bool(clean.keep_comments) << "\n"
      << "keep_links = " << toml_bool(clean.keep_links) << "\n"
      << "keep_tables = " << toml_bool(clean.keep_tables) << "\n"
      << "articles_only = " << toml_bool(clean.articles_only) << "\n"
      << "time_budget = " << toml_duration(clean.time_budget) << "\n"
      << "max_elements = " << clean.max_elements << "\n"
      << "prescan = " << toml_bool(clean.prescan) << "\n";

  const LogConfig& log = config.log;
  out << "\n[log]\n"
      << "level = " << toml_string(to_string(log.level)) << "\n"
      << "file = " << toml_string(log.file) << "\n"
      << "max_size = " << format_bytes(log.max_size) << "\n"
      << "max_files = " << log.max_files << "\n";

  write_site_rules(out, config.site_rules);
  return out.str();
}

}  // namespace winnow::config
