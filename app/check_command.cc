#include "app/check_command.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <vector>

#include "app/line_diff.h"
#include "app/output_files.h"
#include "crawl/page_input.h"
#include "crawl/parallel.h"

namespace winnow::app {
using namespace winnow::crawl;  // page input, worker threads, the store writer

namespace {

struct Sample {
  std::string file_name;  // e.g. "news-story.html.gz"
  std::string name;       // e.g. "news-story"
};

struct SampleResult {
  bool passed = false;
  std::string report;  // printed for failures
};

bool is_sample_file(const std::string& file_name) {
  for (const char* suffix : {".html", ".htm", ".html.gz", ".htm.gz"}) {
    std::string_view s(suffix);
    if (file_name.size() > s.size() && file_name.substr(file_name.size() - s.size()) == s) {
      return true;
    }
  }
  return false;
}

// The samples in `dir`, sorted by file name; nullopt (and an error logged) when unreadable.
std::optional<std::vector<Sample>> list_samples(const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    spdlog::error("{}: {}", dir, error.message());
    return std::nullopt;
  }
  std::vector<Sample> samples;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    std::string file_name = it->path().filename().string();
    if (is_sample_file(file_name) && it->is_regular_file(error)) {
      samples.push_back({file_name, output_stem(file_name)});
    }
  }
  if (error) {
    spdlog::error("{}: {}", dir, error.message());
    return std::nullopt;
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.file_name < b.file_name; });
  return samples;
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Cleans one sample; the rendered expectation, or an error message in `error`.
std::string clean_sample(const std::string& path, std::string& error) {
  LoadedPage page = load_page(path, PageInputOptions{});
  if (!page.ok()) {
    error = page.error;
    return {};
  }
  return render_expectation(clean::clean_html(page.utf8));
}

SampleResult check_sample(const std::string& dir, const Sample& sample, bool update) {
  SampleResult result;
  std::string error;
  std::string actual = clean_sample(dir + "/" + sample.file_name, error);
  if (!error.empty()) {
    result.report = "FAIL " + sample.name + ": " + error + "\n";
    return result;
  }
  std::string expected_name = sample.name + ".expected.txt";
  if (update) {
    error = write_file_atomically(dir, expected_name, actual);
    result.passed = error.empty();
    if (!result.passed) result.report = "FAIL " + sample.name + ": " + error + "\n";
    return result;
  }
  std::optional<std::string> expected = read_whole_file(dir + "/" + expected_name);
  if (!expected) {
    result.report = "FAIL " + sample.name + ": no expected file; run winnow check --update\n";
  } else if (*expected != actual) {
    result.report = "FAIL " + sample.name + "\n" + line_diff(*expected, actual);
  } else {
    result.passed = true;
  }
  return result;
}

}  // namespace

std::string render_expectation(const clean::Article& article) {
  const clean::Metadata& meta = article.meta;
  std::string out = "title: " + meta.title + "\nauthor: " + meta.author + "\ndate: " + meta.date +
                    "\nsite_name: " + meta.site_name + "\nlanguage: " + meta.language +
                    "\npage_type: " + std::string(clean::page_type_name(article.page_type)) +
                    "\nis_article: " + (article.is_article ? "true" : "false") + "\n---\n";
  std::string text = article.text();
  if (!text.empty()) out += text + "\n";
  return out;
}

int run_check_command(const CheckCommandOptions& options) {
  std::optional<std::vector<Sample>> samples = list_samples(options.dir);
  if (!samples) return 2;
  std::vector<SampleResult> results(samples->size());
  unsigned jobs = options.jobs == 0 ? default_jobs() : options.jobs;
  run_in_parallel(samples->size(), jobs, [&](std::size_t i) {
    try {
      results[i] = check_sample(options.dir, (*samples)[i], options.update);
    } catch (const std::exception& e) {
      results[i].report = "FAIL " + (*samples)[i].name + ": internal error: " + e.what() + "\n";
    }
  });
  std::size_t passed = 0;
  for (const SampleResult& result : results) {
    passed += result.passed;
    std::fwrite(result.report.data(), 1, result.report.size(), stdout);
  }
  std::size_t failed = results.size() - passed;
  if (options.update) {
    std::printf("updated %zu\n", passed);
  } else {
    std::printf("%zu passed, %zu failed\n", passed, failed);
  }
  std::fflush(stdout);
  return failed == 0 ? 0 : 1;
}

}  // namespace winnow::app
