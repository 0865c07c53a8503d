#include "app/clean_command.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "app/output_files.h"
#include "app/page_input.h"
#include "app/parallel.h"
#include "clean/cleaner.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"
#include "store/record.h"
#include "store/sink.h"

namespace winnow::app {

namespace {

enum class Format { Text, Json, Markdown };

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

// One input rendered in `format`, ending with "\n" unless empty. `pretty` JSON is indented;
// otherwise it is one line (JSON Lines).
std::string render(clean::Article article, const LoadedPage& page, Format format, bool pretty) {
  switch (format) {
    case Format::Text: {
      std::string text = article.text();
      return text.empty() ? text : text + "\n";
    }
    case Format::Markdown: {
      std::string out = article.meta.title.empty() ? "" : "# " + article.meta.title + "\n";
      std::string body = article.markdown();
      if (!body.empty()) out += (out.empty() ? "" : "\n") + body + "\n";
      return out;
    }
    case Format::Json: break;
  }
  store::Record record = store::make_record(std::move(article));
  record.status = page.status;
  record.fetched_at = page.fetched_at;
  record.etag = page.etag;
  record.last_modified = page.last_modified;
  // The text is valid UTF-8 by construction; replacing keeps a stray bad byte from aborting.
  return store::to_json(record).dump(pretty ? 2 : -1, ' ', false,
                                     nlohmann::json::error_handler_t::replace) + "\n";
}

// Prints results to stdout in input order as soon as every earlier input is done, so memory
// holds only the results that finished ahead of a slow one.
class OrderedPrinter {
 public:
  OrderedPrinter(std::size_t count, std::string separator)
      : slots_(count), separator_(std::move(separator)) {}

  /// Records input i's output (nullopt when it failed) and prints whatever is now in order.
  void put(std::size_t i, std::optional<std::string> output) {
    std::lock_guard lock(mutex_);
    slots_[i].done = true;
    slots_[i].output = std::move(output);
    for (; next_ < slots_.size() && slots_[next_].done; ++next_) {
      std::optional<std::string>& ready = slots_[next_].output;
      if (ready && !ready->empty()) {
        if (printed_any_) std::fwrite(separator_.data(), 1, separator_.size(), stdout);
        std::fwrite(ready->data(), 1, ready->size(), stdout);
        printed_any_ = true;
      }
      ready.reset();
    }
  }

 private:
  struct Slot {
    bool done = false;
    std::optional<std::string> output;
  };
  std::mutex mutex_;
  std::vector<Slot> slots_;
  std::size_t next_ = 0;
  bool printed_any_ = false;
  std::string separator_;
};

// Records from several worker threads into one sink, committed every kStoreBatch records.
class StoreWriter {
 public:
  static constexpr std::size_t kStoreBatch = 500;
  explicit StoreWriter(std::unique_ptr<store::Sink> sink) : sink_(std::move(sink)) {}
  // Returns an error message, empty on success.
  std::string put(store::Record record) {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      store::WriteOutcome outcome = sink_->write(record);
      ++counts_[static_cast<int>(outcome)];
      if (++uncommitted_ >= kStoreBatch) {
        sink_->commit();
        uncommitted_ = 0;
      }
      return {};
    } catch (const std::exception& e) {
      return sink_->uri() + ": " + e.what();
    }
  }
  std::string finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      sink_->commit();
      uncommitted_ = 0;
      return {};
    } catch (const std::exception& e) {
      return sink_->uri() + ": " + e.what();
    }
  }
  std::string summary() const {
    return "stored in " + sink_->uri() + ": " + std::to_string(counts_[0]) + " new, " + std::to_string(counts_[1]) +
           " changed, " + std::to_string(counts_[2]) + " unchanged, " + std::to_string(counts_[3]) + " duplicates";
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<store::Sink> sink_;
  std::size_t uncommitted_ = 0;
  std::size_t counts_[4] = {};
};

struct CleanRun {
  const CleanCommandOptions& options;
  clean::CleanOptions cleaner;  // options.cleaner with the compiled site rules
  Format format;
  std::vector<std::string> output_names;  // with --out only
  std::optional<OrderedPrinter> printer;  // without --out or --store only
  StoreWriter* store = nullptr;           // with --store only
  std::atomic<std::size_t> failures{0};

  // Reads, cleans and emits input i; returns an error message, empty on success.
  std::string process(std::size_t i) {
    const std::string& input = options.inputs[i];
    PageInputOptions input_options;
    input_options.url = options.url;
    input_options.allow_private_addresses = options.allow_private_addresses;
    LoadedPage page = load_page(input, input_options);
    if (!page.ok()) return page.error;
    clean::Article article = clean::clean_html(page.utf8, page.url, cleaner);
    page.utf8 = std::string();  // the article no longer needs the HTML; free it early
    if (store != nullptr) {
      store::Record record = store::make_record(article, page.url.empty() ? input : page.url);
      record.status = page.status;
      record.fetched_at = page.fetched_at;
      record.etag = page.etag;
      record.last_modified = page.last_modified;
      if (std::string error = store->put(std::move(record)); !error.empty()) return error;
      if (!printer && output_names.empty()) return {};
    }
    bool pretty = !printer || options.inputs.size() == 1;
    std::string output = render(std::move(article), page, format, pretty);
    if (printer) {
      printer->put(i, std::move(output));
      return {};
    }
    return write_file_atomically(options.out_dir, output_names[i], output);
  }

  void run_one(std::size_t i) {
    std::string error;
    try {
      error = process(i);
    } catch (const std::exception& e) {
      error = std::string("internal error: ") + e.what();
    }
    if (error.empty()) return;
    failures.fetch_add(1);
    spdlog::error("{}: {}", options.inputs[i], error);
    if (printer) printer->put(i, std::nullopt);
  }
};

}  // namespace

int run_clean_command(const CleanCommandOptions& options) {
  std::optional<Format> format = parse_format(options.format);
  if (!format) {
    spdlog::error("unknown --format {} (expected text, json or markdown)", options.format);
    return 2;
  }
  if (options.inputs.empty()) {
    spdlog::error("clean: no inputs");
    return 2;
  }
  if (!options.url.empty() && options.inputs.size() != 1) {
    spdlog::error("--url needs exactly one input ({} given)", options.inputs.size());
    return 2;
  }
  std::optional<clean::CompiledSiteRules> rules;
  if (!options.rules_file.empty()) {
    try {
      rules.emplace(config::load_site_rules(options.rules_file));
    } catch (const std::exception& e) {  // config::ConfigError, clean::SelectorError
      spdlog::error("--rules: {}", e.what());
      return 2;
    }
  }
  clean::CleanOptions cleaner = options.cleaner;
  cleaner.site_rules = rules ? &*rules : nullptr;
  std::optional<StoreWriter> store_writer;
  if (!options.store.empty()) {
    try {
      store_writer.emplace(store::open_sink(options.store));
    } catch (const std::exception& e) {
      spdlog::error("--store: {}", e.what());
      return 2;
    }
  }
  CleanRun run{options, cleaner, *format, {}, std::nullopt};
  run.store = store_writer ? &*store_writer : nullptr;
  if (options.out_dir.empty() && options.store.empty()) {
    run.printer.emplace(options.inputs.size(),
                        *format == Format::Json && options.inputs.size() > 1 ? "" : "\n");
  } else if (!options.out_dir.empty()) {
    if (std::string error = prepare_output_dir(options.out_dir); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
    run.output_names = unique_output_names(options.inputs, file_extension(*format));
  }
  unsigned jobs = options.jobs == 0 ? default_jobs() : options.jobs;
  run_in_parallel(options.inputs.size(), jobs, [&run](std::size_t i) { run.run_one(i); });
  if (store_writer) {
    if (std::string error = store_writer->finish(); !error.empty()) {
      spdlog::error("{}", error);
      return 1;
    }
    if (options.out_dir.empty() && !options.store.starts_with("jsonl:-")) {
      std::fprintf(stderr, "%s\n", store_writer->summary().c_str());
    }
  }
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    spdlog::error("cannot write to standard output");
    return 1;
  }
  return run.failures.load() == 0 ? 0 : 1;
}

}  // namespace winnow::app
