// `winnow check`: the sample regression suite (samples/*.html against *.expected.txt).
#pragma once

#include <string>

#include "clean/cleaner.h"

namespace winnow::app {

struct CheckCommandOptions {
  std::string dir = "samples";
  bool update = false;  // write the expectations instead of comparing
  unsigned jobs = 0;    // 0: default_jobs()
  clean::CleanOptions cleaner;  // the command line's cleaner options, for every sample
  std::string rules_file;       // --rules: site rules for every sample, empty for none
};

/// The expected-file form of a cleaned page: five metadata lines, "---", then the text.
std::string render_expectation(const clean::Article& article);

/// Runs the command; prints "FAIL name" plus a diff per failing sample and one summary line
/// ("N passed, N failed"), or "updated N" with `update`. Returns the exit code: 2 for a
/// directory without samples or a sample settings file (check.toml, NAME.toml) in error.
///
/// A sample is cleaned with the command line's options, then those of DIR/check.toml, then
/// those of DIR/NAME.toml beside it (a later file's key wins):
///   url = "https://news.example/2024/story"   # the page's URL: its host picks the site rule
///   [clean]                                   # as a crawl config's [clean]
///   focus = "precision"                       # balanced, precision or recall
///   keep_captions = true                      # keep_comments, keep_links, keep_tables,
///                                             # articles_only, max_elements, time_budget (s),
///                                             # prescan
///   [[site]]                                  # site rules, as in a --rules file; the
///   host = "news.example"                     # sample's own replace the folder's, which
///   keep = ["article .story"]                 # replace --rules
int run_check_command(const CheckCommandOptions& options);

}  // namespace winnow::app
