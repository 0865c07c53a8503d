// `winnow crawl CONFIG.toml`: the whole pipeline, from a config file, for cron. Seeds, sitemaps
// and feeds feed a frontier kept in the store; what is due is fetched politely, cleaned and
// stored; links within scope are added; each URL is scheduled again by what it turned out to be.
#pragma once

#include <cstdint>
#include <string>

namespace winnow::app {

struct CrawlCommandOptions {
  std::string config_file;
  std::string store;            // overrides the config's store when not empty
  bool once = false;            // exit when nothing is due, instead of waiting for the next due URL
  std::int64_t max_pages = -1;  // overrides scope.max_pages_per_run when >= 0
  bool dry_run = false;         // load, check and show what is due; fetch nothing
  bool print_config = false;    // print the merged config as TOML and exit
  std::string summary_json;     // write the run's summary there as JSON
  std::string worker;           // names this process in frontier leases (and its lock on PostgreSQL); default: the host name
};

/// Exit codes: 0 ok, 1 some pages failed, 2 config or usage error, 3 another run holds the lock,
/// 4 the store cannot be opened or written.
int run_crawl_command(const CrawlCommandOptions& options);

}  // namespace winnow::app
