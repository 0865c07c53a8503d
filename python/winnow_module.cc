// The Python module `winnow`: the cleaner, the stores and the crawler, called from Python.
//
// Every call converts its Python arguments first (with the GIL), then lets the GIL go while the
// C++ code works, so other Python threads run meanwhile and threads calling winnow scale with the
// cores; results become Python objects once the GIL is back. Errors carry the CLI's messages.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "clean/cleaner.h"
#include "clean/metadata_header.h"
#include "clean/selector.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"
#include "crawl/crawl.h"
#include "fetch/fetcher.h"
#include "fetch/html_sniff.h"
#include "store/postgres_sink.h"
#include "store/query.h"
#include "store/record.h"
#include "store/sink.h"

namespace py = pybind11;

namespace winnow::python {
namespace {

using Json = nlohmann::ordered_json;

/// A page that cannot be read: over the size cap, corrupt gzip data.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A site rules file whose selectors do not compile (a config error, as a TOML mistake is).
class RulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- exceptions --------------------------------------------------------------------------------

// The module's exception classes, created at import (module_init), kept alive by the module.
struct Exceptions {
  PyObject* error = nullptr;               // winnow.Error: every error of winnow's own
  PyObject* input_error = nullptr;         // a page that cannot be read (Error, ValueError)
  PyObject* limit_exceeded = nullptr;      // a page over max_elements or time_budget
  PyObject* config_error = nullptr;        // a rules file or crawl config that does not load (Error, ValueError)
  PyObject* store_error = nullptr;         // a store that cannot be opened, written or read
  PyObject* store_uri_error = nullptr;     // a URI that names no store (StoreError, ValueError)
  PyObject* search_query_error = nullptr;  // a query the store cannot read (StoreError, ValueError)
  PyObject* crawl_locked = nullptr;        // another run holds the crawl's store
};
Exceptions exceptions;

PyObject* new_exception(py::module_& module, const char* name, const char* doc, std::vector<PyObject*> bases) {
  py::tuple base_tuple(bases.size());
  for (std::size_t i = 0; i < bases.size(); ++i) base_tuple[i] = py::reinterpret_borrow<py::object>(bases[i]);
  std::string qualified = std::string("winnow.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base_tuple.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  module.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;  // the module holds a reference; so does the new type's own creation reference
}

void translate_exception(std::exception_ptr thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const py::error_already_set&) {
    throw;  // already a Python exception
  } catch (const py::builtin_exception&) {
    throw;  // pybind11's own (TypeError, ValueError...): its translator sets them
  } catch (const std::bad_alloc&) {
    throw;  // MemoryError
  } catch (const crawl::CrawlError& e) {
    switch (e.kind()) {
      case crawl::StartError::Config: PyErr_SetString(exceptions.config_error, e.what()); break;
      case crawl::StartError::Store: PyErr_SetString(exceptions.store_error, e.what()); break;
      case crawl::StartError::Locked: PyErr_SetString(exceptions.crawl_locked, e.what()); break;
    }
  } catch (const InputError& e) {
    PyErr_SetString(exceptions.input_error, e.what());
  } catch (const store::SearchQueryError& e) {
    PyErr_SetString(exceptions.search_query_error, e.what());
  } catch (const store::StoreUriError& e) {
    PyErr_SetString(exceptions.store_uri_error, e.what());
  } catch (const store::StoreError& e) {
    PyErr_SetString(exceptions.store_error, e.what());
  } catch (const clean::LimitExceeded& e) {
    PyErr_SetString(exceptions.limit_exceeded, e.what());
  } catch (const config::ConfigError& e) {
    PyErr_SetString(exceptions.config_error, e.what());
  } catch (const RulesError& e) {
    PyErr_SetString(exceptions.config_error, e.what());
  } catch (const std::invalid_argument& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const std::exception& e) {  // clean::SelectorError (a rule's XPath failing on a page), ...
    PyErr_SetString(exceptions.error, e.what());
  }
}

// ---- JSON and Python objects -------------------------------------------------------------------

py::object to_python(const Json& json) {
  switch (json.type()) {
    case Json::value_t::boolean: return py::bool_(json.get<bool>());
    case Json::value_t::number_integer: return py::int_(json.get<std::int64_t>());
    case Json::value_t::number_unsigned: return py::int_(json.get<std::uint64_t>());
    case Json::value_t::number_float: return py::float_(json.get<double>());
    case Json::value_t::string: {
      const std::string& text = json.get_ref<const std::string&>();
      // Our text is valid UTF-8; a store written by something else may not be.
      PyObject* str = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
      if (str == nullptr) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(str);
    }
    case Json::value_t::array: {
      py::list list;
      for (const Json& item : json) list.append(to_python(item));
      return list;
    }
    case Json::value_t::object: {
      py::dict dict;
      for (const auto& [key, value] : json.items()) dict[py::str(key)] = to_python(value);
      return dict;
    }
    default: return py::none();
  }
}

// `what` names the value in messages ("record['tags'][1]").
Json from_python(py::handle value, const std::string& what) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();  // before int: bool is an int
  if (py::isinstance<py::int_>(value)) return value.cast<std::int64_t>();
  if (py::isinstance<py::float_>(value)) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::isinstance<py::dict>(value)) {
    Json object = Json::object();
    for (auto [key, item] : value.cast<py::dict>()) {
      if (!py::isinstance<py::str>(key)) throw py::type_error(what + ": keys must be str");
      std::string name = key.cast<std::string>();
      object[name] = from_python(item, what + "['" + name + "']");
    }
    return object;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    Json array = Json::array();
    std::size_t i = 0;
    for (py::handle item : value) array.push_back(from_python(item, what + "[" + std::to_string(i++) + "]"));
    return array;
  }
  throw py::type_error(what + ": " + std::string(py::str(py::type::of(value).attr("__name__"))) +
                       " is not a JSON value (dict, list, str, int, float, bool or None)");
}

// ---- pages -------------------------------------------------------------------------------------

// A page as Python gave it: UTF-8 text (str), or bytes to decode as `winnow clean` decodes a file.
struct PageArgument {
  std::string data;
  bool is_bytes = false;
};

PageArgument page_argument(py::handle html) {
  PageArgument page;
  if (py::isinstance<py::str>(html)) {
    // A lone surrogate (from a bad decode upstream) has no UTF-8 form: it becomes '?'.
    PyObject* utf8 = PyUnicode_AsEncodedString(html.ptr(), "utf-8", "replace");
    if (utf8 == nullptr) throw py::error_already_set();
    page.data = std::string(py::reinterpret_steal<py::bytes>(utf8));
  } else if (py::isinstance<py::bytes>(html) || py::isinstance<py::bytearray>(html)) {
    page.data = py::isinstance<py::bytes>(html) ? std::string(html.cast<py::bytes>())
                                                : std::string(html.cast<py::bytearray>());
    page.is_bytes = true;
  } else {
    throw py::type_error("html must be str or bytes, not " +
                         std::string(py::str(py::type::of(html).attr("__name__"))));
  }
  return page;
}

// The page's HTML as UTF-8 (call without the GIL). Bytes go through the code `winnow clean` reads
// a file with: gunzipped when gzip, the same size cap, then the charset rules (BOM, <meta>,
// detection).
// What is no page (a binary, an archive, text without markup) is refused as the CLI refuses such
// a file: InputError "not HTML (ELF executable)".
std::string page_utf8(PageArgument& page) {
  if (!page.is_bytes) {
    std::string utf8 = std::move(page.data);
    if (std::string reason = fetch::not_html_reason(utf8, utf8); !reason.empty()) throw InputError(reason);
    return utf8;
  }
  constexpr std::string_view kName = "html";
  fetch::FileBytes bytes = fetch::read_bytes(page.data, std::string(kName));
  page.data = std::string();
  if (!bytes.ok()) {
    // The CLI names the file before the message; here there is none.
    std::string error = std::move(bytes.error);
    if (error.starts_with(std::string(kName) + ": ")) error.erase(0, kName.size() + 2);
    throw InputError(error);
  }
  std::string utf8 = std::move(fetch::decode_to_utf8(bytes.bytes).utf8);
  if (std::string reason = fetch::not_html_reason(bytes.bytes, utf8); !reason.empty()) throw InputError(reason);
  return utf8;
}

// ---- cleaner options ---------------------------------------------------------------------------

// The cleaner's options with the site rules they point at.
struct Cleaner {
  clean::CleanOptions options;
  std::string rules_path;
  std::string source;  // clean()'s source=: names a page without URL in its record
  std::optional<clean::CompiledSiteRules> rules;

  Cleaner() = default;
  Cleaner(const Cleaner&) = delete;
  Cleaner& operator=(const Cleaner&) = delete;

  /// Loads and compiles the rules file, if any (call without the GIL: it reads a file).
  void load_rules() {
    if (rules_path.empty()) return;
    config::SiteRules parsed = config::load_site_rules(rules_path);
    try {
      rules.emplace(parsed);
    } catch (const clean::SelectorError& e) {  // at load: the file's mistake, not the page's
      throw RulesError(e.what());
    }
    options.site_rules = &*rules;
  }
};

void set_focus(Cleaner& cleaner, bool precision, bool recall, const char* precision_name, const char* recall_name) {
  if (precision && recall) throw py::value_error(std::string(precision_name) + " excludes " + recall_name);
  cleaner.options.focus = precision ? clean::Focus::Precision : recall ? clean::Focus::Recall : clean::Focus::Balanced;
}

std::string path_argument(py::handle value, const char* name) {
  if (value.is_none()) return {};
  py::object path = py::module_::import("os").attr("fspath")(value);
  if (!py::isinstance<py::str>(path)) throw py::type_error(std::string(name) + " must be a str path");
  return path.cast<std::string>();
}

void set_time_budget(Cleaner& cleaner, py::handle value) {
  if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value))) {
    throw py::type_error("time_budget must be a number of seconds");
  }
  double seconds = value.cast<double>();
  if (!(seconds >= 0) || !std::isfinite(seconds)) {
    throw py::value_error("time_budget must be a number of seconds >= 0 (0: no budget)");
  }
  cleaner.options.time_budget = std::chrono::milliseconds(std::llround(seconds * 1000));
}

void set_max_elements(Cleaner& cleaner, py::handle value) {
  if (py::isinstance<py::bool_>(value) || !py::isinstance<py::int_>(value)) {
    throw py::type_error("max_elements must be an int");
  }
  long long elements = value.cast<long long>();
  if (elements < 0) throw py::value_error("max_elements must be >= 0 (0: no limit)");
  cleaner.options.max_elements = static_cast<std::size_t>(elements);
}

// A flag of clean(): what pybind11 takes for a bool (True, False, a number, None), else a
// TypeError naming the option (the bare cast raises a RuntimeError that names none).
bool flag_argument(py::handle value, const std::string& name) {
  try {
    return value.cast<bool>();
  } catch (const py::cast_error&) {
    throw py::type_error(name + " must be True or False");
  }
}

// clean()'s keyword options: the CLI's cleaner flags with Python names.
constexpr const char* kCleanOptionNames[] = {"precision",     "recall",        "keep_comments", "keep_tables",
                                             "keep_links",    "keep_captions", "articles_only", "rules",
                                             "time_budget",   "max_elements",  "prescan",       "source"};

void apply_clean_options(Cleaner& cleaner, const py::kwargs& options) {
  bool precision = false, recall = false;
  for (auto [key, value] : options) {
    std::string name = key.cast<std::string>();
    if (name == "precision") precision = flag_argument(value, name);
    else if (name == "recall") recall = flag_argument(value, name);
    else if (name == "keep_comments") cleaner.options.keep_comments = flag_argument(value, name);
    else if (name == "keep_tables") cleaner.options.keep_tables = flag_argument(value, name);
    else if (name == "keep_links") cleaner.options.keep_links = flag_argument(value, name);
    else if (name == "keep_captions") cleaner.options.keep_captions = flag_argument(value, name);
    else if (name == "articles_only") cleaner.options.articles_only = flag_argument(value, name);
    else if (name == "rules") cleaner.rules_path = path_argument(value, "rules");
    else if (name == "source") cleaner.source = path_argument(value, "source");
    else if (name == "time_budget") set_time_budget(cleaner, value);
    else if (name == "max_elements") set_max_elements(cleaner, value);
    else if (name == "prescan") cleaner.options.prescan = flag_argument(value, name);
    else {
      std::string known;
      for (const char* option : kCleanOptionNames) known += std::string(known.empty() ? "" : ", ") + option;
      throw py::type_error("clean() got an unexpected keyword argument '" + name + "' (options: " + known + ")");
    }
  }
  set_focus(cleaner, precision, recall, "precision", "recall");
}

std::string url_argument(const std::optional<std::string>& url) { return url.value_or(std::string()); }

// The record `winnow clean --format json` writes for a page (call without the GIL).
// `source` names a page without URL (a file's path), as the CLI's records do.
store::Record clean_record(PageArgument& page, const std::string& url, Cleaner& cleaner,
                           const std::string& source = {}) {
  cleaner.load_rules();
  std::string utf8 = page_utf8(page);
  clean::Article article = clean::clean_taken_html(std::move(utf8), url, cleaner.options);
  return store::make_record(std::move(article), url.empty() ? source : url);
}

// ---- extract -----------------------------------------------------------------------------------

enum class Format { Text, Json, Markdown };

Format parse_format(const std::string& name) {
  if (name == "txt" || name == "text") return Format::Text;
  if (name == "json") return Format::Json;
  if (name == "markdown") return Format::Markdown;
  throw py::value_error("unknown output_format " + name + " (expected txt, text, json or markdown)");
}

py::object extract(py::handle html, const std::optional<std::string>& url, const std::string& output_format,
                   bool include_comments, bool include_tables, bool include_links, bool favor_precision,
                   bool favor_recall, bool with_metadata, bool prescan) {
  Format format = parse_format(output_format);
  Cleaner cleaner;
  set_focus(cleaner, favor_precision, favor_recall, "favor_precision", "favor_recall");
  cleaner.options.keep_comments = include_comments;
  cleaner.options.keep_tables = include_tables;
  cleaner.options.keep_links = include_links;
  cleaner.options.prescan = prescan;
  PageArgument page = page_argument(html);
  std::optional<std::string> output;
  {
    py::gil_scoped_release release;
    store::Record record = clean_record(page, url_argument(url), cleaner);
    if (!record.text.empty()) {
      switch (format) {
        // As `winnow clean` writes them, with --with-metadata when asked (the same functions).
        case Format::Text:
          output = (with_metadata ? clean::text_metadata_header(record.article) : std::string()) + record.text;
          break;
        case Format::Markdown: {
          // The title as a heading, then the text.
          std::string out = with_metadata ? clean::markdown_front_matter(record.article) : std::string();
          if (!record.article.meta.title.empty()) out += "# " + record.article.meta.title + "\n\n";
          output = out + record.article.markdown();
          break;
        }
        case Format::Json:
          output = store::to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          break;
      }
    }
  }
  if (!output) return py::none();
  return py::str(*output);
}

// ---- clean -------------------------------------------------------------------------------------

py::dict clean_page(py::handle html, const std::optional<std::string>& url, const py::kwargs& options) {
  Cleaner cleaner;
  apply_clean_options(cleaner, options);
  PageArgument page = page_argument(html);
  Json json;
  {
    py::gil_scoped_release release;
    json = store::to_json(clean_record(page, url_argument(url), cleaner, cleaner.source));
  }
  return to_python(json).cast<py::dict>();
}

// ---- Store -------------------------------------------------------------------------------------

const char* outcome_name(store::WriteOutcome outcome) {
  switch (outcome) {
    case store::WriteOutcome::New: return "new";
    case store::WriteOutcome::Changed: return "changed";
    case store::WriteOutcome::Unchanged: return "unchanged";
    case store::WriteOutcome::Duplicate: return "duplicate";
  }
  return "new";
}

class Store {
 public:
  explicit Store(std::string uri) : uri_(std::move(uri)) {
    py::gil_scoped_release release;
    sink_ = store::open_sink(uri_);
  }

  const std::string& uri() const { return uri_; }

  std::string write(py::handle record) {
    if (!py::isinstance<py::dict>(record)) {
      throw py::type_error("record must be a dict (as winnow.clean() returns), not " +
                           std::string(py::str(py::type::of(record).attr("__name__"))));
    }
    Json json = from_python(record, "record");
    py::gil_scoped_release release;
    store::Record parsed = store::record_from_json(json);
    std::lock_guard lock(mutex_);
    store::Sink& sink = open_sink();
    store::WriteOutcome outcome = sink.write(parsed);
    sink.commit();
    return outcome_name(outcome);
  }

  py::list search(const std::string& query, int limit) {
    if (limit < 1) throw py::value_error("limit must be >= 1");
    std::vector<Json> pages;
    {
      py::gil_scoped_release release;
      check_open();
      pages = store::search_pages(uri_, query, limit);
    }
    py::list out;
    for (const Json& page : pages) out.append(to_python(page));
    return out;
  }

  py::iterator iterate() {
    std::vector<Json> pages;
    {
      py::gil_scoped_release release;
      check_open();
      store::export_pages(uri_, {}, [&pages](const Json& page) { pages.push_back(page); });
    }
    py::list out;
    for (const Json& page : pages) out.append(to_python(page));
    return py::iter(out);
  }

  void close() {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    sink_.reset();
  }

  std::string repr() const { return "winnow.Store(" + std::string(py::repr(py::str(store::redact_postgres_uri(uri_)))) + ")"; }

 private:
  store::Sink& open_sink() {
    if (!sink_) throw py::value_error("the store is closed: " + store::redact_postgres_uri(uri_));
    return *sink_;
  }
  void check_open() {
    std::lock_guard lock(mutex_);
    open_sink();
  }

  std::string uri_;
  std::mutex mutex_;  // a sink is one connection: writes from several threads take turns
  std::unique_ptr<store::Sink> sink_;
};

// ---- crawl -------------------------------------------------------------------------------------

std::atomic<bool>* sigint_stop_flag = nullptr;
volatile std::sig_atomic_t sigint_received = 0;

extern "C" void stop_on_sigint(int) {
  sigint_received = 1;
  if (sigint_stop_flag != nullptr) sigint_stop_flag->store(true);
}

// SIGINT sets a crawl's stop flag while it lives; the handler before it comes back after.
class SigintStop {
 public:
  explicit SigintStop(std::atomic<bool>& flag) {
    sigint_received = 0;
    sigint_stop_flag = &flag;
    struct sigaction action {};
    action.sa_handler = stop_on_sigint;
    sigemptyset(&action.sa_mask);
    installed_ = ::sigaction(SIGINT, &action, &previous_) == 0;
  }
  SigintStop(const SigintStop&) = delete;
  SigintStop& operator=(const SigintStop&) = delete;
  ~SigintStop() {
    if (installed_) ::sigaction(SIGINT, &previous_, nullptr);
    sigint_stop_flag = nullptr;
  }
  bool signalled() const { return sigint_received != 0; }

 private:
  struct sigaction previous_ {};
  bool installed_ = false;
};

py::dict crawl_config(py::handle config_path, const std::optional<std::string>& store, bool once,
                      const std::optional<std::int64_t>& max_pages, bool dry_run,
                      const std::optional<std::string>& worker, py::object stop) {
  std::string path = path_argument(config_path, "config_path");
  if (path.empty()) throw py::type_error("config_path must be a path");
  if (max_pages && *max_pages < 0) throw py::value_error("max_pages must be >= 0");
  bool has_stop = !stop.is_none();
  if (has_stop && !py::hasattr(stop, "is_set")) {
    throw py::type_error("stop must be a threading.Event (an object with is_set())");
  }
  crawl::RunOptions options;
  options.store = store.value_or(std::string());
  options.once = once;
  options.max_pages = max_pages.value_or(-1);
  options.dry_run = dry_run;
  options.worker = worker.value_or(std::string());
  std::atomic<bool> stop_flag{false};
  options.stop = &stop_flag;
  // Ctrl-C: in the main thread, SIGINT stops the run as it stops `winnow crawl` (what is stored
  // is committed), then raises KeyboardInterrupt. Python's own handler would only note the
  // signal, to be seen when the call returns, and the run may wait for hours.
  std::optional<SigintStop> sigint;
  if (py::module_::import("threading").attr("current_thread")().is(
          py::module_::import("threading").attr("main_thread")())) {
    sigint.emplace(stop_flag);
  }
  bool stop_set = has_stop && stop.attr("is_set")().cast<bool>();
  if (stop_set) stop_flag = true;
  Json summary;
  {
    py::gil_scoped_release release;
    // The stop event is looked at five times a second by a thread of its own: the run may be
    // waiting for its next due URL, with no callback to look at it from.
    std::atomic<bool> done{false};
    std::thread watcher;
    if (has_stop && !stop_set) {
      watcher = std::thread([&stop, &stop_flag, &done] {
        while (!done && !stop_flag) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          if (done) break;
          py::gil_scoped_acquire acquire;
          try {
            if (stop.attr("is_set")().cast<bool>()) stop_flag = true;
          } catch (py::error_already_set& e) {
            e.discard_as_unraisable("winnow.crawl: stop.is_set()");
            stop_flag = true;
          }
        }
      });
    }
    struct JoinWatcher {
      std::atomic<bool>& done;
      std::thread& watcher;
      ~JoinWatcher() {
        done = true;
        if (watcher.joinable()) watcher.join();
      }
    } join_watcher{done, watcher};
    crawl::CrawlSummary run = crawl::run_file(path, options);
    summary = Json::parse(run.json());
    // What --summary-json leaves to the terminal report: the URLs that failed, and a dry run.
    Json failed = Json::array();
    for (const crawl::Failure& failure : run.failed_urls) {
      failed.push_back({{"url", failure.url}, {"kind", failure.kind}, {"message", failure.message}});
    }
    summary["failed_urls"] = std::move(failed);
    if (run.dry_run) summary["dry_run"] = true;
  }
  if (sigint && sigint->signalled()) {
    sigint.reset();
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return to_python(summary).cast<py::dict>();
}

}  // namespace
}  // namespace winnow::python

PYBIND11_MODULE(winnow, module) {
  using namespace winnow::python;
  module.doc() =
      "winnow: the main content and metadata of web pages, cleaned in C++.\n\n"
      "extract() is trafilatura.extract's drop-in; clean() gives the whole record `winnow clean\n"
      "--format json` writes; Store reads and writes the stores of the CLI; crawl() runs a crawl.\n"
      "Every call lets the GIL go while it works, so threads run in parallel.";
  module.attr("__version__") = WINNOW_VERSION;
  // As the CLI logs: warnings and errors (a crawl's failed URLs) on stderr as "winnow: message";
  // stdout is the program's. (spdlog's own default logger writes everything to stdout.)
  if (!spdlog::get("winnow")) {
    auto logger = spdlog::stderr_logger_mt("winnow");
    logger->set_pattern("%n: %v");
    logger->set_level(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
  }

  exceptions.error = new_exception(module, "Error", "Any error of winnow's own; the message is the CLI's.",
                                   {PyExc_Exception});
  exceptions.input_error = new_exception(
      module, "InputError", "No page: a binary, an archive or text without markup (not HTML), over the size cap (64 MB), or corrupt gzip data.",
      {exceptions.error, PyExc_ValueError});
  exceptions.limit_exceeded = new_exception(
      module, "LimitExceeded", "The cleaner gave the page up: more elements than max_elements, or over time_budget.",
      {exceptions.error});
  exceptions.config_error = new_exception(
      module, "ConfigError", "A site rules file or crawl config that does not load (the message names file and line).",
      {exceptions.error, PyExc_ValueError});
  exceptions.store_error = new_exception(
      module, "StoreError", "A store that cannot be opened, written or read.", {exceptions.error});
  exceptions.store_uri_error = new_exception(
      module, "StoreUriError", "A store URI that names no store (sqlite:PATH, postgresql://..., jsonl:PATH, dir:PATH).",
      {exceptions.store_error, PyExc_ValueError});
  exceptions.search_query_error = new_exception(
      module, "SearchQueryError", "A search query the store cannot read (syntax, length).",
      {exceptions.store_error, PyExc_ValueError});
  exceptions.crawl_locked = new_exception(
      module, "CrawlLocked", "Another crawl holds the store (its lock file, or this worker's name on PostgreSQL).",
      {exceptions.error});
  py::register_exception_translator(&translate_exception);

  module.def("extract", &extract, py::arg("html"), py::arg("url") = py::none(), py::kw_only(),
             py::arg("output_format") = "txt", py::arg("include_comments") = false, py::arg("include_tables") = true,
             py::arg("include_links") = false, py::arg("favor_precision") = false, py::arg("favor_recall") = false,
             py::arg("with_metadata") = false, py::arg("prescan") = true,
             R"(The main content of a page, as trafilatura.extract returns it.

html: the page, str or bytes (bytes are decoded as `winnow clean` decodes a file: gzip is
  gunzipped, then the charset comes from a byte-order mark, <meta charset>, or detection).
url: the page's address: resolves links, fills url and hostname, picks the site rule.
output_format: "txt" (or "text"), "json" (the record of winnow.clean(), as one JSON string) or
  "markdown" (the title as a heading, then the text with headings, lists and tables).
include_comments: append the reader comments.   include_tables: keep data tables.
include_links: keep links as [text](url) in Markdown.
favor_precision / favor_recall: leave out whatever is doubtful / keep whatever may be content.
with_metadata: the metadata above the text, as `winnow clean --with-metadata` writes it: a
  "key: value" header for text, YAML front matter for Markdown; "json" always has it.
prescan=False: parse script and style bodies and comments too (winnow's own, as --no-prescan;
  slower, the output is the same).

Returns the text, or None when the page has no main content. Raises ValueError for bad
arguments, winnow.InputError for what is no page (a binary, or text without markup, refused
as the CLI refuses such a file: not HTML (ELF executable)) or bytes that cannot be read,
winnow.LimitExceeded for a page over the cleaner's limits.)");

  module.def("clean", &clean_page, py::arg("html"), py::arg("url") = py::none(),
             R"(clean(html, url=None, **options) -> dict

The record `winnow clean --format json` writes for a page, as a dict: url, canonical_url, title,
author, date, date_modified, site_name, hostname, language, description, image, tags,
categories, page_type, is_article, text, word_count, content_hash, simhash (empty fields left
out, never invented).

html: str or bytes (decoded as `winnow clean` decodes a file).  url: the page's address.
options (keyword only; any other raises TypeError):
  precision=False / recall=False   leave out what is doubtful / keep what may be content
  keep_comments=False  keep_tables=True  keep_links=False  keep_captions=False
  articles_only=False  pages of other types than article come out with empty text
  rules=None           a site rules TOML file (per-host keep/drop selectors)
  time_budget=2.0      seconds before the page is given up (0: no budget)
  max_elements=200000  elements over which the page is given up (0: no limit)
  prescan=True         False parses script and style bodies and comments too (slower; the
                       output is the same), as --no-prescan
  source=None          where a page without url comes from (a file path): the record's
                       `source`, as the CLI writes it, and its key in a Store
Raises winnow.ConfigError for a rules file that does not load, winnow.LimitExceeded for a page
over the limits.)");

  module.def("crawl", &crawl_config, py::arg("config_path"), py::kw_only(), py::arg("store") = py::none(),
             py::arg("once") = true, py::arg("max_pages") = py::none(), py::arg("dry_run") = false,
             py::arg("worker") = py::none(), py::arg("stop") = py::none(),
             R"(Runs the crawl a config file describes, as `winnow crawl CONFIG` does; returns its summary.

config_path: the crawl's TOML file (str or path; defaults merged, paths relative to its folder).
store: another store URI than the config's.
max_pages: pages fetched in this run at most (0: no limit; None: the config's).
once=True: end when nothing is due (the CLI's --once); False: wait for the next due URL until
  `stop` is set or Ctrl-C.
dry_run: open and check the store, count what is due; fetch nothing.
worker: this worker's name in frontier leases (default: the host name).
stop: a threading.Event; setting it (from another thread) ends the run cleanly within a second.
Ctrl-C stops it the same way, then raises KeyboardInterrupt.

Returns the summary `winnow crawl --summary-json` writes, as a dict (name, store, fetched, new,
changed, failures, statuses, errors, frontier counts, interrupted...), plus failed_urls (the first
100: url, kind, message) and dry_run=True for a dry run. Failed URLs are
logged on stderr. Raises winnow.ConfigError for a config that does not load, winnow.StoreError
for a store that cannot be opened, winnow.CrawlLocked when another run holds the store.)");

  py::class_<Store>(module, "Store", R"(A store of cleaned pages, as the CLI's --store takes it.

Store("sqlite:pages.db"), Store("postgresql://user@host/db"), Store("jsonl:pages.jsonl"),
Store("dir:folder"). Write records (dicts as winnow.clean() returns), search them (SQLite and
PostgreSQL), iterate over every stored page (SQLite, PostgreSQL and JSON Lines). A `with` block
closes it. Raises winnow.StoreUriError for a URI that names no store, winnow.StoreError when the
store cannot be opened, written or read.)")
      .def(py::init<std::string>(), py::arg("uri"), "Opens (and creates when needed) the store the URI names.")
      .def_property_readonly("uri", &Store::uri, "The URI the store was opened with.")
      .def("write", &Store::write, py::arg("record"),
           R"(Stores one record (a dict as winnow.clean() returns) and commits.

A page is one row per key (its url, else canonical_url, else source): the last write wins.
word_count, content_hash and simhash are computed again from text. Returns what the store did:
"new", "changed", "unchanged" or "duplicate" (the same text as another page's).)")
      .def("search", &Store::search, py::arg("query"), py::arg("limit") = 10,
           R"(Full-text search over titles and texts, best match first: a list of dicts (the record's
fields plus first_seen, last_seen, last_changed, duplicate_of). SQLite: FTS5 syntax (words,
"phrases", AND, OR, NOT, prefix*); PostgreSQL: websearch syntax. Raises
winnow.SearchQueryError for a query the store cannot read.)")
      .def("__iter__", &Store::iterate,
           "Every stored page as a dict, ordered by key (read when the iteration starts).")
      .def("close", &Store::close, "Commits and closes the store; later calls raise ValueError.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](Store& self, py::args) { self.close(); })
      .def("__repr__", &Store::repr);
}
