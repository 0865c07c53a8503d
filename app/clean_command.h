// `winnow clean`: HTML files, stdin or URLs in; text, JSON or Markdown out.
#pragma once

#include <string>
#include <vector>

namespace winnow::app {

struct CleanCommandOptions {
  std::vector<std::string> inputs;  // file paths, "-" for stdin, http(s) URLs
  std::string url;                  // page URL for a single file or stdin input
  std::string format = "text";      // "text", "json" or "markdown"
  std::string out_dir;              // empty: print to stdout in input order
  unsigned jobs = 0;                // 0: default_jobs()
  bool keep_captions = false;
  bool allow_private_addresses = false;
};

/// Runs the command; returns the exit code (0 all inputs ok, 1 some failed, 2 usage error).
/// Failures are logged as "INPUT: message".
int run_clean_command(const CleanCommandOptions& options);

}  // namespace winnow::app
