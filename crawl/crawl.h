// The crawl engine, as a library: a crawl config in, a summary out. Seeds, sitemaps and feeds
// feed a frontier kept in the store; what is due is leased, fetched politely, cleaned on worker
// threads and stored; links, sitemap entries and feed items within scope are added; each URL is
// scheduled again by what it turned out to be (article, section, feed, sitemap). `winnow crawl`
// is this plus option parsing, terminal output and exit codes (app/crawl_command.cc); another
// program (or the Python module) runs a crawl the same way:
//
//   winnow::crawl::RunOptions options;
//   options.once = true;
//   winnow::crawl::CrawlSummary summary = winnow::crawl::run_file("news.toml", options);
//   std::puts(summary.line().c_str());
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/crawl_config.h"

namespace winnow::crawl {

/// Why a run could not start.
enum class StartError {
  Config,  // the config or the run's options are wrong (the CLI's exit code 2)
  Locked,  // another run holds the store's lock, or this worker's name on PostgreSQL (exit 3)
  Store,   // the store or the WARC archive cannot be opened (exit 4)
};

/// Thrown by run() and run_file() when the run ends before it starts; what() is the message to
/// show (it names the file, the store or the crawl). Nothing was fetched.
class CrawlError : public std::runtime_error {
 public:
  CrawlError(StartError kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  StartError kind() const { return kind_; }
  /// The `winnow` command's exit code for it: 2, 3 or 4.
  int exit_code() const;

 private:
  StartError kind_;
};

/// One URL done, for the progress callback.
struct PageDone {
  std::string url;
  std::string kind;     // "page", "feed" or "sitemap"
  long status = 0;      // HTTP status; 0 when there was no answer
  /// "new", "changed", "unchanged", "duplicate", "not modified", "noindex", "listed N" (a feed
  /// or sitemap and the URLs it gave), "skipped: KIND: MESSAGE" (robots.txt, unwanted types:
  /// the site's wishes), or "failed: KIND: MESSAGE".
  std::string outcome;
  bool failed = false;
};

/// A look at the run under way, for a progress line.
struct Progress {
  std::size_t fetched = 0, in_flight = 0, new_pages = 0, failures = 0;
  double seconds = 0;
};

/// A URL that failed in this run (not robots.txt nor unwanted types: those are no failures).
struct Failure {
  std::string url;      // secrets in it masked (config::redact_url)
  std::string kind;     // "http", "network", "timeout", "limit", "feed", "sitemap"...
  std::string message;  // printable
};

/// What the run does beside what the config says.
struct RunOptions {
  std::string store;            // overrides the config's store when not empty
  bool once = false;            // end when nothing is due, instead of waiting for the next due URL
  std::int64_t max_pages = -1;  // overrides scope.max_pages_per_run when >= 0
  bool dry_run = false;         // open and check the store, count what is due; fetch nothing
  std::string worker;           // this worker's name in frontier leases (and its lock on PostgreSQL); default: the host name
  /// Set to true (from any thread, or a signal handler) to stop the run: no new transfers, a
  /// grace of kStopGrace for those under way, what is stored is committed, and run() returns a
  /// summary that says `interrupted`. Null: the run stops only by itself.
  const std::atomic<bool>* stop = nullptr;
  /// Called once per URL done, one call at a time (from the run's thread or a cleaning thread,
  /// with the run's lock held: keep it short, and call nothing of the crawl from it).
  std::function<void(const PageDone&)> on_page;
  /// Called about twice a second from the thread that called run().
  std::function<void(const Progress&)> on_progress;
};

/// What one run did.
struct CrawlSummary {
  std::string name;        // the config's name
  std::string store;       // the store's URI, secrets masked
  std::string started_at;  // ISO 8601, UTC
  double duration_seconds = 0;
  bool dry_run = false;      // run with RunOptions::dry_run: only `frontier` and the start counts are filled
  bool interrupted = false;  // stopped by RunOptions::stop: a clean stop, the rest is still due
  std::size_t seeds = 0, sitemaps_given = 0, feeds_given = 0;  // the config's start URLs
  std::size_t fetched = 0;   // answers, every kind, 304s and errors included
  std::size_t pages = 0, feeds = 0, sitemaps = 0;  // cleaned pages, read feeds and sitemaps
  std::size_t new_pages = 0, changed = 0, unchanged = 0, duplicates = 0, not_modified = 0, noindex = 0;
  std::size_t discovered = 0;  // URLs added to the frontier
  std::size_t failures = 0;    // URLs that failed (robots.txt and unwanted types are not failures)
  std::map<long, std::size_t> statuses;        // HTTP status -> answers
  std::map<std::string, std::size_t> errors;   // kind -> URLs, the site's wishes included
  std::vector<Failure> failed_urls;            // the first kMaxListedFailures failures
  std::size_t frontier_known = 0, frontier_due = 0, frontier_failed = 0;  // after the run
  /// The store failed during the run: what was committed before is kept, and the next run
  /// resumes from there.
  std::string store_error;
  /// A clean outlived the stop's grace: its thread still runs (it writes nothing). A program
  /// may go on; the `winnow` command ends its process at once (exit_leaving_stuck_workers).
  bool workers_left_behind = false;

  static constexpr std::size_t kMaxListedFailures = 100;

  /// 0 all good or interrupted, 1 some URLs failed, 4 the store failed (the CLI's exit codes).
  int exit_code() const;
  /// "crawl NAME: N fetched in S s (R/s): N new, N changed, N unchanged, N duplicates; errors:
  /// http x3 ...; frontier N known, N due" and " (interrupted)" when it was.
  std::string line() const;
  /// The summary as a JSON object (what `winnow crawl --summary-json` writes), indented.
  std::string json() const;
};

/// Runs one crawl: opens the store (sqlite: with a lock file beside it, so one run at a time),
/// crawls until nothing is due (`once`), the page budget is spent, or `stop` is set, and closes
/// the store. Logs each failed URL as a warning through spdlog's default logger (set it up, or
/// its level, to route or silence them). Throws CrawlError when the run cannot start.
CrawlSummary run(const config::CrawlConfig& config, const RunOptions& options = {});

/// Loads the crawl config at `config_path` (defaults merged, paths relative to its folder) and
/// runs it. Throws CrawlError (a config error is StartError::Config).
CrawlSummary run_file(const std::string& config_path, const RunOptions& options = {});

/// Start URLs given outside a config file (the command line): each one is crawled within its host.
struct StartUrls {
  std::vector<std::string> seeds, sitemaps, feeds;
  bool empty() const { return seeds.empty() && sitemaps.empty() && feeds.empty(); }
};

/// The config of a crawl of `urls` with every default: the store is the default one
/// (config::kDefaultCrawlStore, relative to `base_dir`), the scope the URLs' hosts, robots.txt
/// and politeness as a config file gets them, the name the first URL's host. Throws CrawlError
/// (StartError::Config) for a URL that is not http(s) or has no host.
config::CrawlConfig config_for_urls(const StartUrls& urls, const std::string& base_dir);

/// Adds `urls` to a loaded config's start URLs, each within its own host (added to
/// scope.allowed_hosts). Throws CrawlError like config_for_urls.
void add_start_urls(config::CrawlConfig& config, const StartUrls& urls);

}  // namespace winnow::crawl
