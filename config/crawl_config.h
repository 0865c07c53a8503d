// The crawl configuration: one TOML file that says what `winnow crawl` fetches, how often, how
// politely, where the pages go, and how the cleaner treats each site. config/example.toml shows
// every key with its default and a line on what it does.
//
// Loading validates everything up front, so a crawl never starts on a mistake it would only meet
// hours later: unknown keys, wrong types and bad values are ConfigErrors naming the file, the
// line and column of the offending key or value, and a hint on what to write instead.
//
// After loading, every value is the merged one (defaults filled in, relative paths resolved, the
// name and the allowed hosts derived), and to_toml() writes it back as a complete file that loads
// to an equal config (`winnow crawl --print-config`).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/defaults.h"
#include "config/site_rules.h"

namespace winnow::config {

/// What a fetched URL turned out to be; it decides when it is fetched again.
enum class RecrawlKind { Article, Section, Feed, Sitemap };

/// Mirrors clean::Focus (config comes before clean in the flow, so it cannot name it).
enum class CleanFocus { Balanced, Precision, Recall };

enum class LogLevel { Trace, Debug, Info, Warn, Error, Off };

std::string_view to_string(RecrawlKind kind);
std::string_view to_string(CleanFocus focus);
std::string_view to_string(LogLevel level);

/// True when `host` is `domain` or one of its subdomains ("news.example.com" is within
/// "example.com"; "badexample.com" is not). Case-insensitive; a trailing dot is ignored.
bool host_in_domain(std::string_view host, std::string_view domain);

struct CompiledPattern;  // the std::regex, kept out of this header (see crawl_config.cc)

/// A URL pattern of [scope]: an ECMAScript regex, compiled once at load (so a bad one is an error
/// with its line). It matches anywhere in the URL unless anchored with ^ or $.
struct UrlPattern {
  std::string text;  // as written
  std::shared_ptr<const CompiledPattern> compiled;

  /// True when the pattern matches somewhere in `url` (std::regex_search).
  bool matches(std::string_view url) const;
  /// Patterns are equal when written the same.
  bool operator==(const UrlPattern& other) const { return text == other.text; }
};

struct ScopeConfig {
  /// Hosts the crawl may fetch, lower case; each also allows its subdomains (host_in_domain).
  /// When the file gives none (or []): the hosts of the seeds, sitemaps and feeds, in that order.
  std::vector<std::string> allowed_hosts;
  /// A URL is in scope when it matches one include pattern (any URL when there are none) and no
  /// exclude pattern.
  std::vector<UrlPattern> include;
  std::vector<UrlPattern> exclude;
  int max_depth = 3;                       // link hops from a seed, sitemap or feed
  std::int64_t max_pages_per_run = 10000;  // 0: no limit
  std::int64_t max_pages_per_host = 0;     // per run; 0: no limit
  /// Sitemaps and feeds fetched in one run; 0: no limit. A budget of their own, apart from
  /// pages': a sitemap index may list 50 000 sitemaps, and they are not pages.
  std::int64_t max_listings_per_run = 1000;
  bool follow_links = true;                // false: only what seeds, sitemaps and feeds list
  bool operator==(const ScopeConfig&) const = default;
};

/// Per-site recrawl intervals ([[recrawl.site]]); unset ones fall back to a less specific site,
/// then to [recrawl].
struct RecrawlSite {
  std::string host;  // lower case; also covers its subdomains
  std::optional<std::chrono::seconds> article, section, feed, sitemap;
  bool operator==(const RecrawlSite&) const = default;
};

struct RecrawlConfig {
  std::chrono::seconds article = std::chrono::days(7);  // pages that hold an article
  std::chrono::seconds section = std::chrono::hours(6);  // listings: home page, section fronts
  std::chrono::seconds feed = std::chrono::hours(1);
  std::chrono::seconds sitemap = std::chrono::days(1);
  std::chrono::seconds retry = std::chrono::hours(1);  // after a failure; doubled per failed attempt
  int max_attempts = 5;                                 // failed attempts before a URL is given up
  /// How long a worker holds the URLs it took (and their hosts) without renewing: a dead
  /// worker's come back to the others after this. Live workers renew theirs.
  std::chrono::seconds lease = std::chrono::minutes(15);
  std::vector<RecrawlSite> sites;
  bool operator==(const RecrawlConfig&) const = default;
};

/// Mirrors fetch::FetchOptions' defaults (config cannot include fetch/).
struct PolitenessConfig {
  int concurrency = 32;  // transfers at once, all hosts
  int per_host = 2;      // transfers at once to one host
  double delay = 1.0;    // seconds between the starts of two requests to one host
  bool obey_robots = true;
  std::chrono::seconds max_crawl_delay = std::chrono::seconds(30);  // robots.txt Crawl-delay cap
  bool operator==(const PolitenessConfig&) const = default;
};

struct FetchConfig {
  std::chrono::seconds connect_timeout = std::chrono::seconds(kConnectTimeoutSeconds);
  std::chrono::seconds timeout = std::chrono::seconds(kTotalTimeoutSeconds);  // whole transfer
  std::size_t max_body_bytes = kMaxBodyBytes;                                 // decoded body
  int max_redirects = static_cast<int>(kMaxRedirects);
  int tries = 3;  // per fetch, the first included; [recrawl] retry takes over after them
  bool operator==(const FetchConfig&) const = default;
};

/// Mirrors clean::CleanOptions' plain values.
struct CleanConfig {
  CleanFocus focus = CleanFocus::Balanced;
  bool keep_captions = false;
  bool keep_comments = false;
  bool keep_links = false;
  bool keep_tables = true;
  bool articles_only = false;  // pages of other types are stored with no text
  /// Mirror clean::CleanOptions' guards (config cannot include clean/): 0 turns one off.
  std::chrono::seconds time_budget = std::chrono::seconds(2);
  std::int64_t max_elements = 200000;
  /// Mirrors clean::CleanOptions::prescan: false parses script and style bodies and comments
  /// too, for comparison or as an escape hatch; the output is the same.
  bool prescan = true;
  bool operator==(const CleanConfig&) const = default;
};

struct LogConfig {
  LogLevel level = LogLevel::Info;
  std::string file;                          // empty: standard error
  std::size_t max_size = 10 * 1024 * 1024;   // bytes, then the file is rotated
  int max_files = 5;                         // rotated files kept
  bool operator==(const LogConfig&) const = default;
};

/// The default store of a crawl, relative to the config file's folder (store::kDefaultStore's
/// value; config cannot include store/).
inline constexpr std::string_view kDefaultCrawlStore = "sqlite:winnow.db";

/// The longest crawl name: it goes into file names (which allow 255 bytes) and every summary line.
inline constexpr std::size_t kMaxCrawlNameLength = 100;

struct CrawlConfig {
  /// Names the crawl's lock and log; letters, digits, '.', '_', '-', at most kMaxCrawlNameLength.
  /// Empty in the file: the file's stem (other characters of it become '-', cut to that length).
  std::string name;
  /// sqlite:PATH or postgresql://... (the frontier lives beside the pages, so a crawl needs a
  /// database). A relative sqlite path is resolved against the config file's folder.
  std::string store = std::string(kDefaultCrawlStore);
  std::string warc;        // archive of every response; empty: none; resolved like store
  std::string user_agent;  // never empty after loading: default_user_agent() when not given or ""
  bool allow_private_addresses = false;
  std::vector<std::string> seeds;     // http(s) URLs, as written
  std::vector<std::string> sitemaps;  // http(s) URLs of sitemaps or sitemap indexes
  std::vector<std::string> feeds;     // http(s) URLs of RSS or Atom feeds
  bool sitemaps_from_robots = true;   // also read the Sitemap: lines of robots.txt
  ScopeConfig scope;
  RecrawlConfig recrawl;
  PolitenessConfig politeness;
  FetchConfig fetch;
  CleanConfig clean;
  LogConfig log;
  SiteRules site_rules;     // the [[site]] tables, for the cleaner
  std::string source_name;  // the file it was loaded from, for messages

  /// How long after a successful fetch a URL of this kind on `host` is due again: the most
  /// specific [[recrawl.site]] (longest host containing `host`) that sets the kind, else [recrawl].
  std::chrono::seconds recrawl_interval(RecrawlKind kind, std::string_view host) const;
  /// How long after its `failed_attempts`-th failure (1 for the first) a URL is tried again:
  /// recrawl.retry doubled per failure after the first.
  std::chrono::seconds retry_delay(int failed_attempts) const;

  /// Same settings. Where they came from (source_name, the site rules' lines) is not compared.
  bool operator==(const CrawlConfig& other) const;
};

/// Parses a crawl config. `source_name` names the text in messages and gives the default name
/// (its stem); relative paths are resolved against `base_dir` (kept relative when it is empty).
/// Throws ConfigError.
CrawlConfig parse_crawl_config(std::string_view toml_text, std::string_view source_name,
                               std::string_view base_dir = "");

/// Reads and parses a crawl config file; relative paths are resolved against its folder (made
/// absolute). Throws ConfigError, also when the file cannot be read.
CrawlConfig load_crawl_config(const std::string& path);

/// The config as a complete TOML file: every key with its merged value, in example.toml's order.
/// Loading it gives a config equal to `config` (paths were resolved at load, so they stay put
/// unless they were resolved against a relative base_dir and the text is parsed with it again).
std::string to_toml(const CrawlConfig& config);

}  // namespace winnow::config
