#include "app/fetch_command.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>

#include "app/clean_command.h"
#include "app/interrupt.h"
#include "app/output_files.h"
#include "crawl/page_input.h"
#include "app/page_type_tally.h"
#include "crawl/parallel.h"
#include "app/rules_option.h"
#include "crawl/store_writer.h"
#include "app/verbosity.h"
#include "clean/site_rules.h"
#include "config/control_characters.h"
#include "config/redact.h"
#include "store/warc.h"

namespace winnow::app {
using namespace winnow::crawl;  // page input, worker threads, the store writer
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool read_list(const std::string& path, std::vector<std::string>& urls) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    std::string_view url = trim(line);
    if (!url.empty() && !url.starts_with("#")) urls.emplace_back(url);
  }
  return !in.bad();
}

// Counts for the closing summary: HTTP statuses of fetched pages, kinds of failures.
struct Summary {
  std::map<long, int> statuses;
  std::map<std::string, int> errors;
  int done = 0, not_modified = 0;
  std::size_t bytes = 0;

  void add(const fetch::FetchResult& r) {
    ++done;
    if (r.ok()) {
      ++statuses[r.status];
      if (r.not_modified) ++not_modified;
      bytes += r.body.size();
    } else {
      ++errors[fetch::to_string(r.error_kind)];
    }
  }
  int failures() const {
    int n = 0;
    for (const auto& [kind, count] : errors) n += count;
    return n;
  }
  // Built with one snprintf and appends: GCC 12 warns falsely (-Wrestrict) on chained
  // std::string concatenation here.
  std::string line(double seconds) const {
    char head[96];
    std::snprintf(head, sizeof head, "fetched %d in %.2f s:", done, seconds);
    std::string out = head;
    for (const auto& [status, count] : statuses) {
      out.append(" ").append(std::to_string(status)).append(" x").append(std::to_string(count));
    }
    if (statuses.empty()) out.append(" none");
    out.append("; errors:");
    for (const auto& [kind, count] : errors) out.append(" ").append(kind).append(" x").append(std::to_string(count));
    if (errors.empty()) out.append(" none");
    return out;
  }
};

}  // namespace

int run_fetch_command(const FetchCommandOptions& options) {
  std::vector<std::string> urls = options.urls;
  if (!options.list_file.empty() && !read_list(options.list_file, urls)) {
    spdlog::error("--list: cannot read {}", options.list_file);
    return 2;
  }
  if (urls.empty()) {
    spdlog::error("fetch: no URLs (give them as arguments or with --list FILE)");
    return 2;
  }
  std::optional<clean::CompiledSiteRules> rules;
  if (!load_rules_option(options.rules_file, rules)) return 2;
  clean::CleanOptions cleaner = options.cleaner;
  cleaner.site_rules = rules ? &*rules : nullptr;
  std::vector<std::string> names;
  if (!options.out_dir.empty()) {
    if (std::string error = prepare_output_dir(options.out_dir); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
    names = unique_output_names(urls, "html");
  }
  // With nowhere else to put them, the cleaned pages go to stdout, as `winnow clean` prints them.
  std::unique_ptr<CleanedPagePrinter> printer;
  if (options.out_dir.empty() && options.store.empty()) {
    printer = CleanedPagePrinter::make(options.format, urls.size() > 1, options.with_metadata);
    if (!printer) {
      spdlog::error("fetch: unknown --format {} (expected text, json or markdown)", options.format);
      return 2;
    }
  }
  std::unique_ptr<StoreWriter> store;
  if (!options.store.empty()) {
    int exit_code = 0;
    store = open_store_writer(options.store, "--store", exit_code);
    if (!store) return exit_code;
  }
  std::optional<store::WarcWriter> warc;
  if (!options.warc.empty()) {
    try {
      warc.emplace(options.warc);
    } catch (const std::exception& e) {
      spdlog::error("--warc: {}", e.what());
      return kExitStoreFailed;
    }
  }

  fetch::FetchOptions fetch_options = options.fetcher;
  fetch_options.keep_raw_body = warc.has_value();
  fetch::Fetcher fetcher(fetch_options);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    fetch::Request request;
    request.url = urls[i];
    request.tag = i;
    fetcher.add(std::move(request));
  }
  // Cleaning runs beside the transfers: the fetch loop only hands pages over.
  std::atomic<int> clean_failures{0};
  PageTypeTally left_empty;  // with --articles-only: the pages of other types
  // Which URLs the printer has been told of (printed or skipped). After a stop, the others (never
  // fetched, or with a clean abandoned) are skipped at the end, so that the pages after them print.
  std::vector<std::atomic<bool>> settled(printer ? urls.size() : 0);
  struct CleanJob {
    std::size_t seq;  // the URL's place in the list, for the printer
    LoadedPage page;
  };
  std::optional<WorkerPool<CleanJob>> cleaners;
  if (store || printer) {
    unsigned jobs = options.jobs == 0 ? default_jobs() : options.jobs;
    cleaners.emplace(jobs, 4 * jobs, [&](CleanJob& job) {
      LoadedPage& page = job.page;
      bool printed = false;
      try {
        SlowCleanForTests::get().delay(page.url);
        clean::Article article = clean::clean_taken_html(std::move(page.utf8), page.url, cleaner);
        if (cleaner.articles_only) left_empty.add(article);
        if (printer) {
          printer->put(job.seq, std::move(article), page, page.url);
          printed = true;
        } else if (std::string error = store->put(page_record(std::move(article), page, page.url)); !error.empty()) {
          ++clean_failures;
          if (error.starts_with("not stored")) return;  // the store's failure is told once, at the end
          spdlog::error("{}: {}", config::redact_url(page.url), error);
        }
      } catch (const clean::LimitExceeded& e) {
        ++clean_failures;
        spdlog::error("{}: {}", config::redact_url(page.url), e.what());
      } catch (const std::exception& e) {
        ++clean_failures;
        spdlog::error("{}: internal error: {}", config::redact_url(page.url), e.what());
      }
      if (printer && !printed) printer->skip(job.seq);
      if (printer) settled[job.seq] = true;
    });
  }
  // stdout carries only data (the pages); the progress line is for a person watching stderr,
  // and the summary is for stderr too (nothing but errors with -q).
  const bool quiet = verbosity() == Verbosity::Quiet;
  const bool progress = !quiet && ::isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  Summary summary;
  fetch::FetchResult result;
  int write_failures = 0;
  std::string archive_error;
  // On SIGINT or SIGTERM: no new transfers; those under way and the cleans get kStopGrace; what
  // was cleaned by then is committed (a clean still running then is abandoned).
  handle_stop_signals();
  bool interrupted = false;
  auto give_up_at = std::chrono::steady_clock::time_point::max();
  while ((!store || store->failure().empty()) && archive_error.empty()) {
    if (stop_requested && !interrupted) {
      interrupted = true;
      give_up_at = std::chrono::steady_clock::now() + kStopGrace;
      fetcher.cancel_waiting();
    }
    if (std::chrono::steady_clock::now() >= give_up_at) break;
    if (!fetcher.next_within(result, std::chrono::milliseconds(200))) {
      if (fetcher.pending() == 0) break;
      continue;
    }
    summary.add(result);
    if (progress) std::fprintf(stderr, "\r\033[K");  // the progress line gives way to messages
    if (!result.ok()) {
      spdlog::error("{}: {}: {}", config::redact_url(result.request.url), fetch::to_string(result.error_kind), config::printable(result.error));
    } else {
      spdlog::info("{}: {}{} ({} bytes)", config::redact_url(result.request.url), result.status,
                   result.not_modified ? " not modified" : "", result.body.size());
    }
    if (warc && result.status != 0 && !result.not_modified) {
      try {
        warc->write(warc_response(result));
      } catch (const std::exception& e) {
        archive_error = e.what();
      }
    }
    bool page = result.ok() && result.status >= 200 && result.status < 300 && !result.not_modified;
    if (page && !names.empty()) {
      std::string error = write_file_atomically(options.out_dir, names[result.request.tag], result.body);
      if (!error.empty()) {
        spdlog::error("{}: {}", config::redact_url(result.request.url), error);
        ++write_failures;
      }
    }
    if (page && cleaners) {
      CleanJob job{result.request.tag, page_from_fetch(result)};
      // While every cleaner is busy (perhaps stuck), a stop is still noticed.
      bool submitted = false;
      while (!(submitted = cleaners->submit_within(job, std::chrono::milliseconds(200))) && !stop_requested) continue;
      if (!submitted && printer) {
        printer->skip(result.request.tag);  // given up on a stop: the pages after it may print
        settled[result.request.tag] = true;
      }
    } else if (printer) {
      printer->skip(result.request.tag);  // a failure or a status with no page: nothing to print
      settled[result.request.tag] = true;
    }
    if (progress) {
      double seconds = elapsed();
      std::fprintf(stderr, "\r%d/%zu pages, %.1f pages/s, %d errors ", summary.done, urls.size(),
                   seconds > 0 ? summary.done / seconds : 0.0, summary.failures());
    }
  }
  bool cleaner_left_behind = false;
  if (cleaners) {
    // Every page fetched, the last cleans may still take long: a stop is noticed meanwhile.
    while (!interrupted && !cleaners->wait_idle_for(std::chrono::milliseconds(200))) {
      if (stop_requested) {
        interrupted = true;
        give_up_at = std::chrono::steady_clock::now() + kStopGrace;
      }
    }
    if (!interrupted) {
      cleaners->finish();
    } else {
      auto left = give_up_at - std::chrono::steady_clock::now();
      cleaner_left_behind = !cleaners->finish_within(std::max(left, std::chrono::steady_clock::duration::zero()));
    }
  }
  // The pages held back by a gap a stop left (a URL never fetched, a clean abandoned) come out now.
  for (std::size_t i = 0; i < settled.size(); ++i) {
    if (!settled[i]) printer->skip(i);
  }
  std::fflush(stdout);
  if (progress) std::fprintf(stderr, "\r\033[K");
  std::string line = summary.line(elapsed());
  if (interrupted) line += " (interrupted: " + std::to_string(urls.size() - static_cast<std::size_t>(summary.done)) + " not fetched)";
  if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
  // Stopped by SIGINT or SIGTERM: like an interrupted crawl, a clean stop (README, "Stopping").
  int exit_code = !interrupted && summary.failures() + write_failures + clean_failures.load() > 0 ? 1 : 0;
  if (store) {
    if (std::string error = store->finish(); !error.empty()) {
      spdlog::error("{}", error);
      spdlog::error("records committed before the failure are kept; the batch in progress was not stored");
      exit_code = kExitStoreFailed;
    } else {
      std::string line = store->summary();
      if (cleaner.articles_only) line += "; " + left_empty.summary();
      if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
    }
  }
  if (!archive_error.empty()) {
    spdlog::error("--warc: {} (the records written before it are whole)", archive_error);
    exit_code = kExitStoreFailed;
  }
  if (cleaner_left_behind) {
    // The store is closed to the stuck clean (StoreWriter::finish); the process ends without it.
    if (warc) warc->close();
    exit_leaving_stuck_workers(exit_code);
  }
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    spdlog::error("cannot write to standard output");
    return exit_code == 0 ? 1 : exit_code;
  }
  return exit_code;
}

}  // namespace winnow::app
