#include "app/clean_command.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/clean_inputs.h"
#include "app/output_files.h"
#include "crawl/page_input.h"
#include "app/page_type_tally.h"
#include "crawl/parallel.h"
#include "app/rules_option.h"
#include "crawl/store_writer.h"
#include "app/verbosity.h"
#include "clean/cleaner.h"
#include "clean/metadata_header.h"
#include "clean/site_rules.h"
#include "config/control_characters.h"
#include "config/redact.h"
#include "store/record.h"
#include "store/sink.h"
#include "store/warc.h"

namespace winnow::app {
using namespace winnow::crawl;  // page input, worker threads, the store writer

namespace {

enum class Format { Text, Json, Markdown };

// The WARC-Type under which a skipped record is counted: one of WARC 1.1's eight, or "other" (an
// archive's own types are not echoed: a hostile one could name every record differently).
std::string skipped_type_name(std::string_view type) {
  for (std::string_view known :
       {"warcinfo", "request", "response", "resource", "metadata", "revisit", "conversion", "continuation"}) {
    if (type == known) return std::string(known);
  }
  return "other";
}

// "5 other records skipped (request x3, response x1, warcinfo x1)": what --warc did not clean.
std::string skipped_summary(const std::map<std::string, std::size_t>& skipped) {
  std::size_t total = 0;
  std::string by_type;
  for (const auto& [type, count] : skipped) {
    total += count;
    by_type += (by_type.empty() ? " (" : ", ") + type + " x" + std::to_string(count);
  }
  return std::to_string(total) + " other records skipped" + (by_type.empty() ? "" : by_type + ")");
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::Text;
  if (name == "json") return Format::Json;
  if (name == "markdown") return Format::Markdown;
  return std::nullopt;
}

const char* file_extension(Format format) {
  switch (format) {
    case Format::Json: return "json";
    case Format::Markdown: return "md";
    case Format::Text: break;
  }
  return "txt";
}

// A form feed survives only in code blocks (the cleaner makes one elsewhere a space); as a
// space there too, no page can hold the line that separates pages (kPageSeparator).
std::string without_form_feeds(std::string text) {
  std::replace(text.begin(), text.end(), '\f', ' ');
  return text;
}

// One input rendered in `format`, ending with "\n" unless empty. `pretty` JSON is indented;
// otherwise it is one line (JSON Lines). `source` (the input) names a page without URL in JSON
// and in the metadata header.
std::string render(clean::Article article, const LoadedPage& page, Format format, bool pretty, bool with_metadata,
                   const std::string& source) {
  switch (format) {
    case Format::Text: {
      std::string text = without_form_feeds(article.text());
      std::string header = with_metadata ? clean::text_metadata_header(article, source) : std::string();
      return header + (text.empty() ? text : text + "\n");
    }
    case Format::Markdown: {
      std::string out = with_metadata ? clean::markdown_front_matter(article, source) : std::string();
      out += article.meta.title.empty() ? "" : "# " + article.meta.title + "\n";
      std::string body = without_form_feeds(article.markdown());
      if (!body.empty()) out += (article.meta.title.empty() ? "" : "\n") + body + "\n";
      return out;
    }
    case Format::Json: break;
  }
  store::Record record = page_record(std::move(article), page, source);
  // The text is valid UTF-8 by construction; replacing keeps a stray bad byte from aborting.
  return store::to_json(record).dump(pretty ? 2 : -1, ' ', false,
                                     nlohmann::json::error_handler_t::replace) + "\n";
}

// Prints results to stdout in input order as soon as every earlier input is done, so memory
// holds only the results that finished ahead of a slow one. Inputs are numbered from 0; how many
// there will be need not be known (an archive is read as it is cleaned).
class OrderedPrinter {
 public:
  explicit OrderedPrinter(std::string separator) : separator_(std::move(separator)) {}

  /// Records input i's output (nullopt when it failed or had none) and prints whatever is now in order.
  void put(std::size_t i, std::optional<std::string> output) {
    std::lock_guard lock(mutex_);
    waiting_[i] = std::move(output);
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it), ++next_) {
      // Every page cleaned counts, an empty one too, so that the n-th part is the n-th page.
      const std::optional<std::string>& ready = it->second;
      if (ready) {
        if (printed_any_) std::fwrite(separator_.data(), 1, separator_.size(), stdout);
        std::fwrite(ready->data(), 1, ready->size(), stdout);
        printed_any_ = true;
      }
    }
  }

 private:
  std::mutex mutex_;
  std::map<std::size_t, std::optional<std::string>> waiting_;
  std::size_t next_ = 0;
  bool printed_any_ = false;
  std::string separator_;
};

// What goes between two pages printed on stdout: JSON Lines need none; text and Markdown pages
// get a line a script can split on.
std::string printed_separator(Format format) { return format == Format::Json ? "" : std::string(kPageSeparator); }

struct CleanRun {
  const CleanCommandOptions& options;
  std::vector<CleanInput> inputs;  // options' inputs with directories and --list read
  clean::CleanOptions cleaner;  // options.cleaner with the compiled site rules
  Format format;
  std::vector<std::string> output_names;  // with --out only
  std::unique_ptr<CleanedPagePrinter> printer;  // without --out or --store only
  StoreWriter* store = nullptr;                 // with --store only
  std::atomic<std::size_t> failures{0};
  PageTypeTally left_empty;  // with --articles-only: the pages of other types

  // Cleans page `seq` and stores, prints or writes it; returns an error message, empty on success.
  std::string emit(std::size_t seq, LoadedPage& page, const std::string& label) {
    // The article no longer needs the HTML: the cleaner takes it and frees it early.
    clean::Article article = clean::clean_taken_html(std::move(page.utf8), page.url, cleaner);
    if (cleaner.articles_only) left_empty.add(article);
    if (store != nullptr) {
      if (std::string error = store->put(page_record(article, page, label)); !error.empty()) return error;
      if (!printer && output_names.empty()) return {};
    }
    if (printer) {
      printer->put(seq, std::move(article), page, label);
      return {};
    }
    // One page a file (--out never goes with --warc): JSON indented.
    std::string output = render(std::move(article), page, format, true, options.with_metadata, label);
    return write_output_file(options.out_dir, output_names[seq], output);
  }

  // Reports page `seq`'s error (if any) and lets the printer go past it.
  void settle(std::size_t seq, const std::string& label, const std::string& error) {
    if (error.empty()) return;
    failures.fetch_add(1);
    // After the store fails, every later page would say so: the failure is told once, at the end.
    // The error may quote the server (a Location, a content type, curl's words about a reply).
    if (store == nullptr || store->failure().empty()) {
      spdlog::error("{}: {}", config::redact_url(label), config::printable(error));
    }
    if (printer) printer->skip(seq);
  }

  void run_one(std::size_t i) {
    const std::string& input = inputs[i].path;
    std::string error;
    try {
      if (store != nullptr && !store->failure().empty()) {
        error = "not cleaned: the store failed";
      } else {
        PageInputOptions input_options;
        input_options.url = inputs[i].url.empty() ? options.url : inputs[i].url;
        input_options.allow_private_addresses = options.allow_private_addresses;
        LoadedPage page = load_page(input, input_options);
        error = page.ok() ? emit(i, page, input) : page.error;
      }
    } catch (const clean::LimitExceeded& e) {
      error = e.what();
    } catch (const std::exception& e) {
      error = std::string("internal error: ") + e.what();
    }
    settle(i, input, error);
  }

  // Every 2xx HTML response and HTML resource record of the archive, cleaned in archive order by
  // `jobs` workers while the reader goes on; the records skipped are counted by WARC-Type.
  // Returns 0, or 1 when the archive is unreadable or damaged part way.
  int run_archive(unsigned jobs, std::size_t& pages, std::map<std::string, std::size_t>& skipped) {
    store::WarcReader reader(options.warc);  // throws StoreError when it cannot be opened
    struct Job {
      std::size_t seq;
      LoadedPage page;
    };
    WorkerPool<Job> pool(jobs, 4 * jobs, [this](Job& job) {
      std::string error;
      try {
        error = emit(job.seq, job.page, job.page.url);
      } catch (const clean::LimitExceeded& e) {
        error = e.what();
      } catch (const std::exception& e) {
        error = std::string("internal error: ") + e.what();
      }
      settle(job.seq, job.page.url, error);
    });
    store::WarcRecord record;
    std::size_t seq = 0;
    while ((store == nullptr || store->failure().empty()) && reader.next(record)) {
      LoadedPage page;
      WarcPage kind = page_from_warc(record, page);
      if (kind == WarcPage::Other) {
        ++skipped[skipped_type_name(record.type)];
        continue;
      }
      ++pages;
      if (kind == WarcPage::Failed) {
        settle(seq++, record.target_uri, page.error);
        continue;
      }
      pool.submit(Job{seq++, std::move(page)});
    }
    pool.finish();
    if (!reader.error().empty()) {
      spdlog::error("{}", config::printable(reader.error()));  // it may quote the archive's bytes
      return 1;
    }
    return 0;
  }
};

}  // namespace

int run_clean_command(const CleanCommandOptions& options) {
  std::optional<Format> format = parse_format(options.format);
  if (!format) {
    spdlog::error("unknown --format {} (expected text, json or markdown)", options.format);
    return 2;
  }
  if (!options.warc.empty() && (!options.inputs.empty() || !options.list_file.empty() || !options.url.empty() ||
                                 !options.out_dir.empty())) {
    spdlog::error("--warc reads its pages and their URLs from the archive: it takes no inputs, --list, --url or --out "
                  "(use --store dir:PATH for one file per page)");
    return 2;
  }
  std::vector<std::string> given = options.inputs;
  if (given.empty() && options.list_file.empty() && options.warc.empty()) {
    // Like cat and grep: no input, read stdin; but a terminal would only sit waiting.
    if (isatty(STDIN_FILENO)) {
      spdlog::error("clean: no inputs: give HTML files, directories, URLs or - (stdin), --list FILE or --warc FILE, "
                    "or pipe a page in");
      return 2;
    }
    given.push_back("-");
  }
  std::vector<std::string> input_errors;
  std::string usage_error;
  std::vector<CleanInput> inputs = expand_inputs(given, options.list_file, input_errors, usage_error);
  if (!usage_error.empty()) {
    spdlog::error("{}", config::printable(usage_error));
    return 2;
  }
  if (!options.url.empty() && (inputs.size() != 1 || !options.list_file.empty())) {
    spdlog::error("--url needs exactly one input ({} given){}", inputs.size(),
                  options.list_file.empty() ? "" : "; in --list, give each file's URL after a TAB");
    return 2;
  }
  std::optional<clean::CompiledSiteRules> rules;
  if (!load_rules_option(options.rules_file, rules)) return 2;
  clean::CleanOptions cleaner = options.cleaner;
  cleaner.site_rules = rules ? &*rules : nullptr;
  std::unique_ptr<StoreWriter> store_writer;
  if (!options.store.empty()) {
    int exit_code = 0;
    store_writer = open_store_writer(options.store, "--store", exit_code);
    if (!store_writer) return exit_code;
  }
  CleanRun run{options, std::move(inputs), cleaner, *format, {}, nullptr, nullptr, {0}, {}};
  run.store = store_writer.get();
  for (const std::string& error : input_errors) {
    run.failures.fetch_add(1);
    spdlog::error("{}", config::printable(error));
  }
  if (options.out_dir.empty() && options.store.empty()) {
    run.printer = CleanedPagePrinter::make(options.format, run.inputs.size() > 1 || !options.warc.empty(),
                                           options.with_metadata);
  } else if (!options.out_dir.empty()) {
    if (std::string error = prepare_output_dir(options.out_dir); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
    std::vector<std::string> paths, relative_paths;
    for (const CleanInput& input : run.inputs) {
      paths.push_back(input.path);
      relative_paths.push_back(input.relative);
    }
    run.output_names = unique_output_names(paths, relative_paths, file_extension(*format));
  }
  unsigned jobs = options.jobs == 0 ? default_jobs() : options.jobs;
  int archive_status = 0;
  if (!options.warc.empty()) {
    std::size_t pages = 0;
    std::map<std::string, std::size_t> skipped;
    try {
      archive_status = run.run_archive(jobs, pages, skipped);
    } catch (const store::StoreError& e) {
      spdlog::error("--warc: {}", e.what());
      return 2;
    }
    std::fflush(stdout);
    std::string left_empty = cleaner.articles_only ? "; " + run.left_empty.summary() : std::string();
    if (verbosity() != Verbosity::Quiet)
      std::fprintf(stderr, "%s: %zu pages, %zu failed; %s%s\n", options.warc.c_str(), pages, run.failures.load(),
                   skipped_summary(skipped).c_str(), left_empty.c_str());
  } else {
    run_in_parallel(run.inputs.size(), jobs, [&run](std::size_t i) { run.run_one(i); });
    // Without --articles-only a page never comes out empty for its type, and the command says
    // nothing when all went well; with it, how many did is worth a line.
    if (cleaner.articles_only) {
      std::fflush(stdout);
      if (verbosity() != Verbosity::Quiet)
        std::fprintf(stderr, "%zu pages, %zu failed; %s\n", run.inputs.size(), run.failures.load(),
                   run.left_empty.summary().c_str());
    }
  }
  if (store_writer) {
    if (std::string error = store_writer->finish(); !error.empty()) {
      spdlog::error("{}", error);
      spdlog::error("records committed before the failure are kept; the batch in progress was not stored");
      return kExitStoreFailed;
    }
    if (options.out_dir.empty() && !options.store.starts_with("jsonl:-") && verbosity() != Verbosity::Quiet) {
      std::fprintf(stderr, "%s\n", store_writer->summary().c_str());
    }
  }
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    spdlog::error("cannot write to standard output");
    return 1;
  }
  return run.failures.load() == 0 && archive_status == 0 ? 0 : 1;
}

struct CleanedPagePrinter::State {
  Format format;
  bool several;
  bool with_metadata;
  OrderedPrinter printer;
};

std::unique_ptr<CleanedPagePrinter> CleanedPagePrinter::make(const std::string& format_name, bool several,
                                                             bool with_metadata) {
  std::optional<Format> format = parse_format(format_name);
  if (!format) return nullptr;
  std::unique_ptr<CleanedPagePrinter> made(new CleanedPagePrinter);
  made->state_.reset(new State{*format, several, with_metadata, OrderedPrinter(printed_separator(*format))});
  return made;
}

CleanedPagePrinter::CleanedPagePrinter() = default;
CleanedPagePrinter::~CleanedPagePrinter() = default;

void CleanedPagePrinter::put(std::size_t seq, clean::Article article, const LoadedPage& page,
                             const std::string& source) {
  State& state = *state_;
  state.printer.put(seq, render(std::move(article), page, state.format, !state.several, state.with_metadata, source));
}

void CleanedPagePrinter::skip(std::size_t seq) { state_->printer.put(seq, std::nullopt); }

}  // namespace winnow::app
