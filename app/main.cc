// The `winnow` command: wires the stages together behind CLI11 subcommands.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

#include "app/check_command.h"
#include "app/clean_command.h"
#include "app/crawl_command.h"
#include "app/fetch_command.h"
#include "app/store_commands.h"
#include "app/verbosity.h"
#include "config/control_characters.h"
#include "config/text_util.h"

namespace {

// Data goes to stdout; warnings and errors go to stderr as "winnow: message".
void set_up_logging() {
  auto logger = spdlog::stderr_logger_mt("winnow");
  logger->set_pattern("%n: %v");
  logger->set_level(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

// The cleaner's settings, for every command that cleans pages.
void add_cleaner_flags(CLI::App* command, winnow::clean::CleanOptions& cleaner, std::string& rules_file) {
  auto* precision = command->add_flag_callback(
      "--precision", [&cleaner] { cleaner.focus = winnow::clean::Focus::Precision; },
      "Leave out anything doubtful (less junk, maybe less text)");
  auto* recall = command->add_flag_callback(
      "--recall", [&cleaner] { cleaner.focus = winnow::clean::Focus::Recall; },
      "Keep anything that may be article text (more text, maybe some junk)");
  precision->excludes(recall);
  command->add_flag("--keep-captions", cleaner.keep_captions, "Keep figure captions, photo credits and galleries");
  command->add_flag("--keep-comments", cleaner.keep_comments, "Append reader comments after the article");
  command->add_flag("--links", cleaner.keep_links, "Keep links as [text](url) in markdown output");
  command->add_flag("--articles-only", cleaner.articles_only,
                    "Keep the text of articles only: other page types (listing, forum, product...) come out empty");
  command->add_option("--rules", rules_file, "Site rules (TOML): per host, CSS or XPath selectors to keep or drop");
  command->add_flag_callback("--no-tables", [&cleaner] { cleaner.keep_tables = false; },
                             "Leave data tables out of the text");
  command->add_flag_callback("--no-prescan", [&cleaner] { cleaner.prescan = false; },
                             "Parse script and style bodies and comments too (slower; the output is the same)");
  command
      ->add_option_function<double>(
          "--time-budget",
          [&cleaner](double seconds) { cleaner.time_budget = std::chrono::milliseconds(std::llround(seconds * 1000)); },
          "Give up a page that takes longer than this many seconds to clean (default 2; 0: no budget)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--max-elements", cleaner.max_elements,
                      "Give up a page with more elements than this, before parsing it (default 200000; 0: no limit)");
}

void add_clean_command(CLI::App& app, winnow::app::CleanCommandOptions& options) {
  CLI::App* clean = app.add_subcommand("clean", "Extract the main content and metadata of pages (any page type)");
  clean->add_option("inputs", options.inputs,
                    "HTML files (.gz too), directories (read recursively), http(s) URLs, or - for stdin (the default "
                    "when stdin is not a terminal)");
  clean->add_option("--list", options.list_file,
                    "More inputs, one a line ('#' comments; a file path may be followed by a TAB and its page URL)");
  clean->add_option("--warc", options.warc,
                    "Clean every HTML page of a WARC archive (ours or another tool's) instead of inputs");
  clean->add_option("--url", options.url, "The page URL of a single file or stdin input");
  clean->add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  clean->add_option("--out", options.out_dir,
                    "Write DIR/<input name>.<txt|json|md> per input instead of printing (a directory's pages keep "
                    "their path below it)");
  clean->add_flag("--with-metadata", options.with_metadata,
                  "Put the metadata above the text (key: value lines) or the Markdown (YAML front matter)");
  clean->add_option("-j,--jobs", options.jobs, "Worker threads (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u));
  add_cleaner_flags(clean, options.cleaner, options.rules_file);
  clean->add_option("--store", options.store,
                    "Also write records to a store: sqlite:PATH, postgresql://..., jsonl:PATH, jsonl:-, dir:PATH");
  clean->add_flag("--allow-private", options.allow_private_addresses,
                  "Allow fetching loopback, private and link-local addresses");
}

void add_fetch_command(CLI::App& app, winnow::app::FetchCommandOptions& options) {
  CLI::App* fetch = app.add_subcommand(
      "fetch", "Download pages politely (robots.txt, per-host limits, retries); print them cleaned, or keep them");
  winnow::fetch::FetchOptions& f = options.fetcher;
  fetch->add_option("urls", options.urls, "http(s) URLs");
  fetch->add_option("--list", options.list_file, "A file of URLs, one a line ('#' comments)");
  fetch->add_option("--out", options.out_dir, "Write each page (UTF-8) to DIR/<name from URL>.html");
  fetch->add_option("--concurrency", f.max_concurrency, "Transfers at once, all hosts")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}))
      ->capture_default_str();
  fetch->add_option("--per-host", f.per_host, "Transfers at once to one host")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}))
      ->capture_default_str();
  fetch->add_option("--delay", f.host_delay_seconds, "Seconds between requests to one host")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  fetch->add_option("--tries", f.max_tries, "Tries per URL, retries included")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  fetch->add_option("--user-agent", f.transfer.user_agent, "User-Agent header (default: winnow/VERSION (+URL))")
      ->check(CLI::Validator(
          [](const std::string& value) { return winnow::config::header_value_problem(value).value_or(""); },
          "", "header value"));
  fetch->add_option("--proxy", f.proxy, "Proxy URL (default: the http_proxy/https_proxy environment variables)");
  fetch->add_flag_callback("--no-robots", [&f] { f.obey_robots = false; }, "Do not fetch or obey robots.txt");
  fetch->add_flag("--allow-private", f.transfer.allow_private_addresses,
                  "Allow fetching loopback, private and link-local addresses");
  fetch->add_option("--store", options.store,
                    "Clean the HTML pages into a store: sqlite:PATH, postgresql://..., jsonl:PATH, jsonl:-, dir:PATH");
  fetch->add_option("--warc", options.warc, "Archive every response in this WARC file (gzip per record, appended)");
  fetch->add_option("--format", options.format, "Format of the cleaned pages printed without --out or --store")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  fetch->add_flag("--with-metadata", options.with_metadata,
                  "Put the metadata above the pages printed, as clean --with-metadata does");
  fetch->add_option("-j,--jobs", options.jobs, "Cleaning threads (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u));
  add_cleaner_flags(fetch, options.cleaner, options.rules_file);
}

void add_crawl_command(CLI::App& app, winnow::app::CrawlCommandOptions& options) {
  CLI::App* crawl = app.add_subcommand("crawl", "Crawl sites politely into a store (for cron): URLs, or a config file");
  crawl->add_option("inputs", options.inputs,
                    "http(s) URLs to crawl (each within its host), and/or a config file (TOML, see config/example.toml)");
  crawl->add_option("--sitemap", options.sitemaps, "A sitemap (or sitemap index) URL to start from; repeatable")
      ->allow_extra_args(false);
  crawl->add_option("--feed", options.feeds, "An RSS or Atom feed URL to start from; repeatable")
      ->allow_extra_args(false);
  crawl->add_flag("--allow-private", options.allow_private_addresses,
                  "Allow fetching loopback, private and link-local addresses");
  crawl->add_option("--store", options.store, "Store URI, overriding the config's: sqlite:PATH or postgresql://...");
  crawl->add_flag("--once", options.once,
                  "Exit when nothing is due (cron, timers); without it, wait for the next due URL and go on");
  crawl->add_option("--max-pages", options.max_pages, "Pages fetched in this run at most (0: no limit)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  crawl->add_flag("--dry-run", options.dry_run, "Check the config and the store, show what is due; fetch nothing");
  crawl->add_flag("--print-config", options.print_config, "Print the merged config (every key) as TOML and exit");
  crawl->add_option("--summary-json", options.summary_json, "Write the run's summary there as JSON");
  crawl->add_option("--worker", options.worker, "This worker's name in frontier leases, and on PostgreSQL its lock: one run per name at a time (default: the host name)");
}

void add_store_commands(CLI::App& app, winnow::app::ExportCommandOptions& export_options,
                        winnow::app::SearchCommandOptions& search_options) {
  CLI::App* exp = app.add_subcommand("export", "Write a store's pages out (JSON Lines, text or Markdown)");
  exp->add_option("--store", export_options.store, "sqlite:PATH or postgresql://...")->capture_default_str();
  exp->add_option("--format", export_options.format, "jsonl (or json: the same JSON Lines), text or markdown")->capture_default_str();
  exp->add_option("--since", export_options.since, "Only pages changed at or after this date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ in UTC)");
  exp->add_option("--site", export_options.site, "Only pages of this host");
  CLI::App* search = app.add_subcommand("search", "Full-text search in a store's titles and texts");
  search->add_option("query", search_options.query, "Words; \"quoted phrases\", AND, OR, NOT (FTS5)")->required();
  search->add_option("--store", search_options.store, "sqlite:PATH or postgresql://...")->capture_default_str();
  search->add_option("-n,--limit", search_options.limit, "Best matches shown")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
}

void add_check_command(CLI::App& app, winnow::app::CheckCommandOptions& options) {
  CLI::App* check = app.add_subcommand("check", "Compare samples with their saved expectations");
  check->add_option("dir", options.dir, "Samples directory")->capture_default_str();
  check->add_flag("--update", options.update, "Write the expectations instead of comparing");
  check->add_option("-j,--jobs", options.jobs, "Worker threads (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u));
  // Every sample gets these; a sample's check.toml and NAME.toml settings go over them.
  add_cleaner_flags(check, options.cleaner, options.rules_file);
}

// The option of `command` (or a global one) nearest to `typed` by edit distance; empty when none
// is near enough to be a plausible misspelling (nothing for "-x": every short option is one edit
// away from it).
std::string nearest_option(const CLI::App& app, const CLI::App* command, std::string_view typed) {
  std::vector<std::string> names = {"--help", "-h"};
  for (const CLI::App* owner : {&app, command}) {
    if (owner == nullptr) continue;
    for (const CLI::Option* option : owner->get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
      for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    }
  }
  std::string nearest;
  std::size_t best = typed.size() <= 3 ? 0 : std::min<std::size_t>(3, (typed.size() - 2) / 2 + 1);
  for (const std::string& name : names) {
    std::size_t d = winnow::config::text::edit_distance(typed, name);
    if (d < best) best = d, nearest = name;
  }
  return nearest;
}

// CLI11 says "The following argument was not expected: --formt"; the config errors and the
// unknown command say which name was meant.
int report_unknown_option(const CLI::App& app, const CLI::ExtrasError& e) {
  const CLI::App* command = nullptr;
  for (const CLI::App* c : app.get_subcommands()) command = c;
  std::string unknown;
  for (const std::string& arg : app.remaining()) {
    if (arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9')) {
      // "--fromat=json": the name, not its value; shown with its control characters escaped.
      unknown = winnow::config::printable(arg.substr(0, arg.find('=')));
      break;
    }
  }
  std::string where = command != nullptr ? "winnow " + command->get_name() : std::string("winnow");
  if (unknown.empty()) {
    std::fprintf(stderr, "winnow: %s\nRun %s --help for its usage.\n", e.what(), where.c_str());
    return 2;
  }
  std::string nearest = nearest_option(app, command, unknown);
  std::fprintf(stderr, "winnow: unknown option '%s' for %s%s\nRun %s --help for its options.\n", unknown.c_str(),
               where.c_str(), nearest.empty() ? "" : (" (did you mean '" + nearest + "'?)").c_str(), where.c_str());
  return 2;
}

// The command's position in argv: past the global flags that may come before it (`winnow -q fetch`).
int command_index(int argc, char** argv) {
  int i = 1;
  while (i < argc) {
    std::string_view arg = argv[i];
    if (arg != "-q" && arg != "--quiet" && arg != "-v" && arg != "--verbose") break;
    ++i;
  }
  return i;
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f) a write then fails with EFBIG and is reported like a full
  // disk, instead of the signal killing the process between two records.
  std::signal(SIGXFSZ, SIG_IGN);
  set_up_logging();
  CLI::App app("winnow: web pages in, their main content and metadata out", "winnow");
  app.set_version_flag("--version", std::string("winnow ") + WINNOW_VERSION);
  app.require_subcommand(1);
  // -q and -v are the program's, and also accepted after the command (`winnow crawl x.toml -q`):
  // subcommands made after fallthrough() pass the options they do not know to the program.
  app.fallthrough();
  bool quiet = false, verbose = false;
  auto* quiet_flag = app.add_flag("-q,--quiet", quiet, "Print errors only (no summaries, progress or warnings)");
  app.add_flag("-v,--verbose", verbose, "Also say what is done to each input and page")->excludes(quiet_flag);
  winnow::app::CleanCommandOptions clean_options;
  winnow::app::CheckCommandOptions check_options;
  winnow::app::FetchCommandOptions fetch_options;
  winnow::app::ExportCommandOptions export_options;
  winnow::app::SearchCommandOptions search_options;
  winnow::app::CrawlCommandOptions crawl_options;
  add_clean_command(app, clean_options);
  add_fetch_command(app, fetch_options);
  add_crawl_command(app, crawl_options);
  add_store_commands(app, export_options, search_options);
  add_check_command(app, check_options);
  // A misspelt command ("clena") would otherwise be read as a stray argument, and CLI11 would
  // only say that a subcommand is required.
  if (int at = command_index(argc, argv);
      at < argc && argv[at][0] != '-' &&
      app.get_subcommands([&](CLI::App* c) { return c->get_name() == argv[at]; }).empty()) {
    std::string_view typed = argv[at];
    std::string nearest;
    std::size_t best = 3;
    for (const CLI::App* c : app.get_subcommands({})) {
      std::size_t d = winnow::config::text::edit_distance(typed, c->get_name());
      if (d < best) best = d, nearest = c->get_name();
    }
    std::fprintf(stderr, "winnow: unknown command '%s'%s\nRun winnow --help for the commands.\n", argv[at],
                 nearest.empty() ? "" : (" (did you mean '" + nearest + "'?)").c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    return report_unknown_option(app, e);
  } catch (const CLI::ParseError& e) {
    // Help and version are "errors" with exit code 0; every real parse error is a usage error.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (quiet) {
    winnow::app::set_verbosity(winnow::app::Verbosity::Quiet);
    spdlog::set_level(spdlog::level::err);
  } else if (verbose) {
    winnow::app::set_verbosity(winnow::app::Verbosity::Verbose);
    spdlog::set_level(spdlog::level::info);
  }
  if (app.got_subcommand("clean")) return winnow::app::run_clean_command(clean_options);
  if (app.got_subcommand("fetch")) return winnow::app::run_fetch_command(fetch_options);
  if (app.got_subcommand("crawl")) return winnow::app::run_crawl_command(crawl_options);
  if (app.got_subcommand("export")) return winnow::app::run_export_command(export_options);
  if (app.got_subcommand("search")) return winnow::app::run_search_command(search_options);
  return winnow::app::run_check_command(check_options);
}
