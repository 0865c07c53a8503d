// `winnow crawl CONFIG.toml | URL... [--sitemap URL] [--feed URL]`: the crawl engine (crawl/) for
// cron. This side parses nothing but options, prints, and maps the run to exit codes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace winnow::app {

struct CrawlCommandOptions {
  /// A config file and/or http(s) URLs (seeds). With a config file, the URLs are added to its
  /// seeds (each within its own host); without one, they are crawled with the defaults.
  std::vector<std::string> inputs;
  std::vector<std::string> sitemaps;  // --sitemap: start URLs of sitemaps, like the config's
  std::vector<std::string> feeds;     // --feed: start URLs of RSS or Atom feeds
  bool allow_private_addresses = false;  // --allow-private: sets allow_private_addresses
  std::string store;            // overrides the config's store when not empty
  bool once = false;            // exit when nothing is due, instead of waiting for the next due URL
  std::int64_t max_pages = -1;  // overrides scope.max_pages_per_run when >= 0
  bool dry_run = false;         // load, check and show what is due (stdout); fetch nothing
  bool print_config = false;    // print the merged config as TOML (stdout) and exit
  std::string summary_json;     // write the run's summary there as JSON
  std::string worker;           // names this process in frontier leases (and its lock on PostgreSQL); default: the host name
};

/// Exit codes: 0 ok, 1 some pages failed, 2 config or usage error, 3 another run holds the lock,
/// 4 the store cannot be opened or written.
///
/// stdout carries only what was asked for (--print-config, --dry-run). On stderr: errors always;
/// with a terminal, the failed URLs as they come, a progress line and the summary line; with no
/// terminal, nothing when all went well (cron mails nothing), else the summary and the first
/// failed URLs. -q: errors only; -v: the summary always, and a line per URL.
int run_crawl_command(const CrawlCommandOptions& options);

}  // namespace winnow::app
