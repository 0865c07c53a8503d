#include "app/check_command.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <vector>

#include <toml++/toml.h>

#include "app/line_diff.h"
#include "app/verbosity.h"
#include "app/output_files.h"
#include "app/rules_option.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"
#include "config/text_util.h"
#include "crawl/page_input.h"
#include "crawl/parallel.h"

namespace winnow::app {
using namespace winnow::crawl;  // page input, worker threads, the store writer

namespace {

struct Sample {
  std::string file_name;  // e.g. "news-story.html.gz"
  std::string name;       // e.g. "news-story"
  std::string url;        // from its settings, may be empty
  clean::CleanOptions cleaner;
  std::shared_ptr<const clean::CompiledSiteRules> rules;  // may be null
};

// What a settings file (check.toml, NAME.toml) sets; unset keys leave the earlier value.
struct SampleSettings {
  std::optional<std::string> url;
  std::optional<clean::Focus> focus;
  std::optional<bool> keep_captions, keep_comments, keep_links, keep_tables, articles_only, prescan;
  std::optional<std::int64_t> max_elements;
  std::optional<double> time_budget;
  std::shared_ptr<const clean::CompiledSiteRules> rules;  // set when the file has [[site]] tables
};

[[noreturn]] void fail_at(const std::string& path, const toml::source_region& where, const std::string& message) {
  throw config::ConfigError(path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), message);
}

template <typename T>
std::optional<T> read_value(const std::string& path, const toml::node& node, std::string_view key,
                            std::string_view wanted) {
  std::optional<T> value = node.value<T>();
  if (!value || (std::is_same_v<T, bool> != node.is_boolean())) {
    fail_at(path, node.source(), "'" + std::string(key) + "' must be " + std::string(wanted));
  }
  return value;
}

std::string unknown_key(std::string_view key, std::string_view where, std::initializer_list<std::string_view> known) {
  std::string message = "unknown key '" + std::string(key) + "' " + std::string(where);
  std::string nearest;
  std::size_t best = 3;
  for (std::string_view candidate : known) {
    std::size_t distance = config::text::edit_distance(key, candidate);
    if (distance < best) best = distance, nearest = candidate;
  }
  if (!nearest.empty()) return message + " (did you mean '" + nearest + "'?)";
  std::string list;
  for (std::string_view candidate : known) list += (list.empty() ? "" : ", ") + std::string(candidate);
  return message + "; expected " + list;
}

// Reads a settings file; throws config::ConfigError (file, line and column) or
// clean::SelectorError (a site rule's selector).
SampleSettings load_settings(const std::string& path) {
  std::string text = config::text::read_config_file(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    fail_at(path, e.source(), std::string(e.description()));
  }
  SampleSettings settings;
  for (auto&& [key, node] : root) {
    if (key.str() == "url") {
      settings.url = read_value<std::string>(path, node, "url", "the page's http(s) URL, a string");
      if (!is_url(*settings.url)) fail_at(path, node.source(), "'url' must be an http(s) URL");
    } else if (key.str() == "clean") {
      const toml::table* table = node.as_table();
      if (table == nullptr) fail_at(path, node.source(), "'clean' must be a table: write [clean]");
      for (auto&& [name, value] : *table) {
        std::string_view k = name.str();
        if (k == "focus") {
          std::string focus = *read_value<std::string>(path, value, k, "balanced, precision or recall");
          if (focus == "balanced") settings.focus = clean::Focus::Balanced;
          else if (focus == "precision") settings.focus = clean::Focus::Precision;
          else if (focus == "recall") settings.focus = clean::Focus::Recall;
          else fail_at(path, value.source(), "'focus' must be balanced, precision or recall");
        } else if (k == "keep_captions") {
          settings.keep_captions = read_value<bool>(path, value, k, "true or false");
        } else if (k == "keep_comments") {
          settings.keep_comments = read_value<bool>(path, value, k, "true or false");
        } else if (k == "keep_links") {
          settings.keep_links = read_value<bool>(path, value, k, "true or false");
        } else if (k == "keep_tables") {
          settings.keep_tables = read_value<bool>(path, value, k, "true or false");
        } else if (k == "articles_only") {
          settings.articles_only = read_value<bool>(path, value, k, "true or false");
        } else if (k == "prescan") {
          settings.prescan = read_value<bool>(path, value, k, "true or false");
        } else if (k == "max_elements") {
          settings.max_elements = read_value<std::int64_t>(path, value, k, "a number of elements (0: no limit)");
          if (*settings.max_elements < 0) fail_at(path, value.source(), "'max_elements' must not be negative");
        } else if (k == "time_budget") {
          if (!value.is_number()) fail_at(path, value.source(), "'time_budget' must be a number of seconds (0: none)");
          settings.time_budget = value.value<double>();
          if (*settings.time_budget < 0) fail_at(path, value.source(), "'time_budget' must not be negative");
        } else {
          fail_at(path, name.source(),
                  unknown_key(k, "in [clean]",
                              {"focus", "keep_captions", "keep_comments", "keep_links", "keep_tables",
                               "articles_only", "max_elements", "time_budget", "prescan"}));
        }
      }
    } else if (key.str() != "site") {
      fail_at(path, key.source(), unknown_key(key.str(), "at top level", {"url", "clean", "site"}));
    }
  }
  if (root.contains("site")) {
    settings.rules = std::make_shared<const clean::CompiledSiteRules>(config::site_rules_from_table(root, path));
  }
  return settings;
}

void apply(const SampleSettings& settings, Sample& sample) {
  clean::CleanOptions& c = sample.cleaner;
  if (settings.url) sample.url = *settings.url;
  if (settings.focus) c.focus = *settings.focus;
  if (settings.keep_captions) c.keep_captions = *settings.keep_captions;
  if (settings.keep_comments) c.keep_comments = *settings.keep_comments;
  if (settings.keep_links) c.keep_links = *settings.keep_links;
  if (settings.keep_tables) c.keep_tables = *settings.keep_tables;
  if (settings.articles_only) c.articles_only = *settings.articles_only;
  if (settings.prescan) c.prescan = *settings.prescan;
  if (settings.max_elements) c.max_elements = static_cast<std::size_t>(*settings.max_elements);
  if (settings.time_budget) {
    c.time_budget = std::chrono::milliseconds(static_cast<std::int64_t>(*settings.time_budget * 1000 + 0.5));
  }
  if (settings.rules) sample.rules = settings.rules;
}

bool exists(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

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
      samples.push_back({file_name, output_stem(file_name), {}, {}, nullptr});
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
std::string clean_sample(const std::string& path, const Sample& sample, std::string& error) {
  LoadedPage page = load_page(path, PageInputOptions{sample.url, false});
  if (!page.ok()) {
    error = page.error;
    return {};
  }
  clean::CleanOptions cleaner = sample.cleaner;
  cleaner.site_rules = sample.rules.get();
  return render_expectation(clean::clean_html(page.utf8, page.url, cleaner));
}

SampleResult check_sample(const std::string& dir, const Sample& sample, bool update) {
  SampleResult result;
  std::string error;
  std::string actual = clean_sample(dir + "/" + sample.file_name, sample, error);
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
  if (samples->empty()) {
    spdlog::error("{}: no samples here (*.html, *.htm, *.html.gz or *.htm.gz, each beside its NAME.expected.txt)",
                  options.dir);
    return 2;
  }
  std::optional<clean::CompiledSiteRules> command_rules;
  if (!load_rules_option(options.rules_file, command_rules)) return 2;
  std::shared_ptr<const clean::CompiledSiteRules> base_rules;
  if (command_rules) base_rules = std::make_shared<const clean::CompiledSiteRules>(std::move(*command_rules));
  try {
    std::optional<SampleSettings> folder;
    if (std::string path = options.dir + "/check.toml"; exists(path)) folder = load_settings(path);
    for (Sample& sample : *samples) {
      sample.cleaner = options.cleaner;
      sample.rules = base_rules;
      if (folder) apply(*folder, sample);
      if (std::string path = options.dir + "/" + sample.name + ".toml"; exists(path)) apply(load_settings(path), sample);
    }
  } catch (const std::exception& e) {  // config::ConfigError, clean::SelectorError
    spdlog::error("{}", e.what());
    return 2;
  }
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
  // The FAIL reports are the command's data (stdout); the counts are a summary (stderr).
  std::fflush(stdout);
  if (verbosity() == Verbosity::Quiet) {
  } else if (options.update) {
    std::fprintf(stderr, "updated %zu\n", passed);
  } else {
    std::fprintf(stderr, "%zu passed, %zu failed\n", passed, failed);
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace winnow::app
