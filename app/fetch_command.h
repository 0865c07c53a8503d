// `winnow fetch`: URLs in, page bodies (decoded to UTF-8) out, politely, with a summary.
#pragma once

#include <string>
#include <vector>

#include "fetch/fetcher.h"

namespace winnow::app {

struct FetchCommandOptions {
  std::vector<std::string> urls;
  std::string list_file;          // one URL a line; '#' comments and blank lines skipped
  std::string out_dir;            // bodies go to DIR/<name from URL>.html; empty: none written
  fetch::FetchOptions fetcher;    // concurrency, per host, delay, robots, private addresses
};

/// Runs the command; returns the exit code: 0 every URL fetched (any HTTP status), 1 some
/// failed (each named on stderr with its error kind), 2 usage error (no URLs, unreadable list).
int run_fetch_command(const FetchCommandOptions& options);

}  // namespace winnow::app
