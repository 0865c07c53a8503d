// `winnow clean`: HTML files, stdin or URLs in; text, JSON or Markdown out.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"

namespace winnow::crawl {
struct LoadedPage;
}

namespace winnow::app {

struct CleanCommandOptions {
  std::vector<std::string> inputs;  // file paths, directories, "-" for stdin, http(s) URLs
  std::string list_file;            // --list FILE: more inputs, one a line ("-": stdin)
  bool with_metadata = false;       // a metadata header above text and Markdown output
  std::string url;                  // page URL for a single file or stdin input
  std::string format = "text";      // "text", "json" or "markdown"
  std::string out_dir;              // empty: print to stdout in input order
  unsigned jobs = 0;                // 0: default_jobs()
  clean::CleanOptions cleaner;      // site_rules is set from rules_file by the command
  std::string rules_file;           // site rules TOML (--rules), empty for none
  std::string store;                // --store URI; empty: print or --out only
  std::string warc;                 // --warc FILE: clean every HTML response of the archive
  bool allow_private_addresses = false;
};

/// Runs the command; returns the exit code (0 all inputs ok, 1 some failed, 2 usage error or
/// an unreadable archive, 4 the store cannot be opened or written).
/// Failures are logged as "INPUT: message". With no input at all it reads stdin, unless stdin
/// is a terminal (a usage error). Several text or Markdown outputs on stdout are separated by
/// kPageSeparator.
int run_clean_command(const CleanCommandOptions& options);

/// The line between two pages' text or Markdown on stdout: a form feed alone on its line (no
/// page's output holds a form feed: the cleaner makes one a space, and the command one left in a
/// code block).
inline constexpr std::string_view kPageSeparator = "\f\n";

/// Prints cleaned pages on stdout, in the order of their numbers (from 0) whatever order they
/// come in, as soon as every earlier one is settled: the printer of `winnow clean` without --out
/// or --store, and of `winnow fetch` without --out or --store, so that both print alike.
/// Text and Markdown pages are separated by kPageSeparator; JSON is indented for one page alone,
/// else JSON Lines. Thread-safe.
class CleanedPagePrinter {
 public:
  /// Null when `format` is not text, json or markdown. `several`: more than one page may come.
  /// `with_metadata`: a metadata header above text and Markdown (--with-metadata).
  static std::unique_ptr<CleanedPagePrinter> make(const std::string& format, bool several, bool with_metadata);
  ~CleanedPagePrinter();
  /// Page `seq`, cleaned (printed even when empty, so that the n-th part is the n-th page).
  /// `source` names a page without URL (the input's path) in JSON and in the metadata header.
  void put(std::size_t seq, clean::Article article, const crawl::LoadedPage& page, const std::string& source);
  /// Page `seq` failed or has no output: the pages after it need not wait for it.
  void skip(std::size_t seq);

 private:
  CleanedPagePrinter();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace winnow::app
