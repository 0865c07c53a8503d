#include "app/fetch_command.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string_view>

#include "app/output_files.h"

namespace winnow::app {
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
  std::vector<std::string> names;
  if (!options.out_dir.empty()) {
    if (std::string error = prepare_output_dir(options.out_dir); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
    names = unique_output_names(urls, "html");
  }

  fetch::Fetcher fetcher(options.fetcher);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    fetch::Request request;
    request.url = urls[i];
    request.tag = i;
    fetcher.add(std::move(request));
  }
  // The progress line is for a person watching; cron and pipes get only the summary.
  const bool progress = ::isatty(STDOUT_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  Summary summary;
  fetch::FetchResult result;
  int write_failures = 0;
  while (fetcher.next(result)) {
    summary.add(result);
    if (!result.ok()) {
      spdlog::error("{}: {}: {}", result.request.url, fetch::to_string(result.error_kind), result.error);
    } else if (!names.empty() && result.status >= 200 && result.status < 300 && !result.not_modified) {
      std::string error = write_file_atomically(options.out_dir, names[result.request.tag], result.body);
      if (!error.empty()) {
        spdlog::error("{}: {}", result.request.url, error);
        ++write_failures;
      }
    }
    if (progress) {
      double seconds = elapsed();
      std::printf("\r%d/%zu pages, %.1f pages/s, %d errors ", summary.done, urls.size(),
                  seconds > 0 ? summary.done / seconds : 0.0, summary.failures());
      std::fflush(stdout);
    }
  }
  if (progress) std::printf("\r\033[K");
  std::printf("%s\n", summary.line(elapsed()).c_str());
  std::fflush(stdout);
  return summary.failures() + write_failures > 0 ? 1 : 0;
}

}  // namespace winnow::app
