// `winnow export` and `winnow search`: reading a store back.
#pragma once

#include <string>

namespace winnow::app {

struct ExportCommandOptions {
  std::string store = "sqlite:winnow.db";
  std::string format = "jsonl";  // jsonl, text or markdown
  std::string since;             // ISO date: pages changed at or after it
  std::string site;              // hostname
};

struct SearchCommandOptions {
  std::string store = "sqlite:winnow.db";
  std::string query;
  int limit = 10;
};

/// Exit codes: 0 done, 2 usage error, 4 the store cannot be read.
int run_export_command(const ExportCommandOptions& options);
/// Prints the best matches, one a line: rank, title, URL (and a JSON line each with --json).
/// Exit codes: 0 done (even with no match), 2 bad query syntax, 4 the store cannot be read.
int run_search_command(const SearchCommandOptions& options);

}  // namespace winnow::app
