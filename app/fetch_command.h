// `winnow fetch`: URLs in, politely; page bodies (decoded to UTF-8) out, cleaned records into a
// store, raw responses into a WARC archive; a summary.
#pragma once

#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "fetch/fetcher.h"

namespace winnow::app {

struct FetchCommandOptions {
  std::vector<std::string> urls;
  std::string list_file;          // one URL a line; '#' comments and blank lines skipped
  std::string out_dir;            // bodies go to DIR/<name from URL>.html; empty: none written
  fetch::FetchOptions fetcher;    // concurrency, per host, delay, robots, private addresses
  std::string store;              // --store URI: 2xx HTML pages are cleaned and stored there
  std::string warc;               // --warc FILE: every response is archived there
  clean::CleanOptions cleaner;    // for --store; site_rules is set from rules_file
  std::string rules_file;
  unsigned jobs = 0;              // cleaning threads for --store or stdout; 0: default_jobs()
  std::string format = "text";    // of the pages printed on stdout (no --out or --store)
  bool with_metadata = false;     // a metadata header above the pages printed (as clean's)
};

/// With neither --out nor --store (--warc or not), the 2xx HTML pages are cleaned and printed on stdout
/// as `winnow clean` prints them (in the order of the URLs). The summary and progress go to
/// stderr (progress only to a terminal; neither with -q).
/// Runs the command; returns the exit code: 0 every URL fetched (any HTTP status), 1 some
/// failed (each named on stderr with its error kind), 2 usage error (no URLs, unreadable list,
/// bad rules), 4 the store or the WARC file cannot be opened or written.
int run_fetch_command(const FetchCommandOptions& options);

}  // namespace winnow::app
