#include "app/crawl_command.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include "app/interrupt.h"
#include "app/verbosity.h"
#include "config/crawl_config.h"
#include "crawl/crawl.h"
#include "crawl/page_input.h"

namespace winnow::app {
namespace {

// With no terminal, the failed URLs listed under the summary: enough to see what went wrong,
// not a cron mail of thousands of lines (the store's frontier has them all).
constexpr std::size_t kFailuresShown = 10;

// The log file's own logger, for the summary line: the console gets it only where a person
// reads it (see run_crawl_command).
std::shared_ptr<spdlog::logger> file_log;

void set_up_crawl_logging(const config::LogConfig& log, bool terminal) {
  spdlog::level::level_enum level = spdlog::level::info;
  switch (log.level) {
    case config::LogLevel::Trace: level = spdlog::level::trace; break;
    case config::LogLevel::Debug: level = spdlog::level::debug; break;
    case config::LogLevel::Info: level = spdlog::level::info; break;
    case config::LogLevel::Warn: level = spdlog::level::warn; break;
    case config::LogLevel::Error: level = spdlog::level::err; break;
    case config::LogLevel::Off: level = spdlog::level::off; break;
  }
  // Cron mails whatever reaches stderr: there, only errors (a broken link is not one); a person
  // at a terminal also sees the warnings (each URL that failed). With a log file, the file gets
  // the whole log with times and the console only the errors. -q: errors only; -v: the info too.
  spdlog::level::level_enum console_level =
      log.file.empty() ? std::max(level, terminal ? spdlog::level::warn : spdlog::level::err) : spdlog::level::err;
  if (verbosity() == Verbosity::Quiet) console_level = spdlog::level::err;
  if (verbosity() == Verbosity::Verbose) console_level = spdlog::level::info;
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  console->set_pattern("winnow: %v");
  console->set_level(console_level);
  if (!log.file.empty()) {
    auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(log.file, log.max_size,
                                                                       static_cast<std::size_t>(log.max_files));
    file->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
    file->set_level(level);
    sinks.push_back(file);
    file_log = std::make_shared<spdlog::logger>("winnow-file", file);
    file_log->set_level(level);
  }
  sinks.push_back(console);
  auto logger = std::make_shared<spdlog::logger>("winnow", sinks.begin(), sinks.end());
  logger->set_level(std::min(level, console_level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

// The merged config of the command line: a config file's, with the URLs added, or the defaults'
// for the URLs. Throws crawl::CrawlError.
config::CrawlConfig command_config(const CrawlCommandOptions& options) {
  crawl::StartUrls urls;
  urls.sitemaps = options.sitemaps;
  urls.feeds = options.feeds;
  std::string config_file;
  for (const std::string& input : options.inputs) {
    if (crawl::is_url(input)) {
      urls.seeds.push_back(input);
    } else if (input.find("://") != std::string::npos) {
      throw crawl::CrawlError(crawl::StartError::Config, "'" + input + "' is neither a config file nor an http(s) URL");
    } else if (!config_file.empty()) {
      throw crawl::CrawlError(crawl::StartError::Config,
                              "one config file at a time (got " + config_file + " and " + input + ")");
    } else {
      config_file = input;
    }
  }
  config::CrawlConfig config;
  if (!config_file.empty()) {
    try {
      config = config::load_crawl_config(config_file);
    } catch (const std::exception& e) {
      throw crawl::CrawlError(crawl::StartError::Config, e.what());
    }
    crawl::add_start_urls(config, urls);
  } else {
    if (urls.empty()) {
      throw crawl::CrawlError(crawl::StartError::Config,
                              "nothing to crawl: give a config file, or URLs, --sitemap URL or --feed URL");
    }
    std::error_code error;
    std::filesystem::path here = std::filesystem::current_path(error);
    config = crawl::config_for_urls(urls, error ? std::string() : here.string());
  }
  if (options.allow_private_addresses) config.allow_private_addresses = true;
  if (!options.store.empty()) config.store = options.store;
  if (options.max_pages >= 0) config.scope.max_pages_per_run = options.max_pages;
  return config;
}

}  // namespace

int run_crawl_command(const CrawlCommandOptions& options) {
  config::CrawlConfig config;
  try {
    config = command_config(options);
  } catch (const crawl::CrawlError& e) {
    spdlog::error("{}", e.what());
    return e.exit_code();
  }
  if (options.print_config) {
    std::fputs(config::to_toml(config).c_str(), stdout);
    return 0;
  }
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  try {
    set_up_crawl_logging(config.log, terminal);
  } catch (const std::exception& e) {
    spdlog::error("log file {}: {}", config.log.file, e.what());
    return 2;
  }

  crawl::RunOptions run;
  run.once = options.once;
  run.dry_run = options.dry_run;
  run.worker = options.worker;
  run.stop = &stop_requested;
  const bool progress_line = terminal && verbosity() == Verbosity::Normal;
  if (progress_line) {
    run.on_progress = [](const crawl::Progress& p) {
      std::fprintf(stderr, "\r\033[K%zu fetched, %zu in flight, %.1f pages/s, %zu new, %zu errors", p.fetched,
                   p.in_flight, p.seconds > 0 ? static_cast<double>(p.fetched) / p.seconds : 0.0, p.new_pages,
                   p.failures);
      std::fflush(stderr);
    };
  }
  if (verbosity() == Verbosity::Verbose) {
    // The failed ones are already warnings of their own.
    run.on_page = [](const crawl::PageDone& page) {
      if (!page.failed) std::fprintf(stderr, "%s: %s\n", page.url.c_str(), page.outcome.c_str());
    };
  }
  if (!options.dry_run) handle_stop_signals();
  crawl::CrawlSummary summary;
  try {
    summary = crawl::run(config, run);
  } catch (const crawl::CrawlError& e) {
    spdlog::error("{}", e.what());
    return e.exit_code();
  }
  if (summary.dry_run) {
    // Asked for: data on stdout, like --print-config.
    std::printf("crawl %s: %zu seeds, %zu sitemaps, %zu feeds into %s; frontier: %zu known, %zu due now, %zu failed\n",
                summary.name.c_str(), summary.seeds, summary.sitemaps_given, summary.feeds_given, summary.store.c_str(),
                summary.frontier_known, summary.frontier_due, summary.frontier_failed);
    return 0;
  }
  if (progress_line) std::fprintf(stderr, "\r\033[K");
  const int exit_code = summary.exit_code();
  const std::string line = summary.line();
  if (file_log) file_log->info("{}", line);
  // Where a person reads it, or when something needs one (cron mails it); -q: errors only.
  const bool show = verbosity() == Verbosity::Verbose ||
                    (verbosity() == Verbosity::Normal && (terminal || exit_code != 0));
  if (show) {
    std::fprintf(stderr, "%s\n", line.c_str());
    // A terminal saw each failure as a warning as it came; cron's mail gets the first ones here.
    if (!terminal && verbosity() == Verbosity::Normal) {
      std::size_t shown = std::min(kFailuresShown, summary.failed_urls.size());
      for (std::size_t i = 0; i < shown; ++i) {
        const crawl::Failure& f = summary.failed_urls[i];
        std::fprintf(stderr, "  %s: %s: %s\n", f.url.c_str(), f.kind.c_str(), f.message.c_str());
      }
      if (summary.failures > shown) std::fprintf(stderr, "  (%zu more failed)\n", summary.failures - shown);
    }
  }
  std::fflush(stderr);
  if (!options.summary_json.empty()) {
    std::ofstream out(options.summary_json, std::ios::trunc);
    out << summary.json() << "\n";
    if (!out) spdlog::error("--summary-json: cannot write {}", options.summary_json);
  }
  // A clean stuck past the stop's grace still runs: the store, archive and lock are closed; the
  // process ends without waiting for it.
  if (summary.workers_left_behind) exit_leaving_stuck_workers(exit_code);
  return exit_code;
}

}  // namespace winnow::app
