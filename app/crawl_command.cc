#include "app/crawl_command.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/interrupt.h"
#include "app/page_input.h"
#include "app/parallel.h"
#include "app/run_lock.h"
#include "app/store_writer.h"
#include "clean/cleaner.h"
#include "clean/site_rules.h"
#include "config/control_characters.h"
#include "config/crawl_config.h"
#include "config/redact.h"
#include "fetch/feed.h"
#include "fetch/fetcher.h"
#include "fetch/robots.h"
#include "fetch/sitemap.h"
#include "fetch/url.h"
#include "store/frontier.h"
#include "store/warc.h"

namespace winnow::app {
namespace {

using Clock = std::chrono::steady_clock;
using store::UrlKind;

constexpr int kExitLocked = 3;
constexpr auto kCommitEvery = std::chrono::seconds(2);
// How often an idle worker looks again while other workers still hold URLs or hosts.
constexpr auto kPollOthersEvery = std::chrono::seconds(1);

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The machine's name: stable across runs, so that on PostgreSQL the next cron run of this
// machine is refused while the last one goes, and takes back what a killed one held.
std::string default_worker() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return host[0] ? host : "localhost";
}

// Why a run could not create or append to the file at `path`, or "" when it could (or the path is
// empty). Nothing is created: an existing file must be writable, a new one's folder must be.
std::string unwritable_file_problem(const std::string& path) {
  if (path.empty()) return {};
  std::error_code error;
  std::filesystem::path file(path);
  std::filesystem::file_status status = std::filesystem::status(file, error);
  if (std::filesystem::exists(status)) {
    if (std::filesystem::is_directory(status)) return "is a folder, not a file";
    if (::access(path.c_str(), W_OK) != 0) return std::string("cannot be written: ") + std::strerror(errno);
    return {};
  }
  std::filesystem::path folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (!std::filesystem::is_directory(folder, error)) return "its folder " + folder.string() + " does not exist";
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return "cannot be created in " + folder.string() + ": " + std::strerror(errno);
  }
  return {};
}

const char* kind_name(UrlKind kind) {
  switch (kind) {
    case UrlKind::Feed: return "feed";
    case UrlKind::Sitemap: return "sitemap";
    case UrlKind::Page: break;
  }
  return "page";
}

clean::CleanOptions cleaner_options(const config::CleanConfig& c) {
  clean::CleanOptions o;
  o.focus = c.focus == config::CleanFocus::Precision ? clean::Focus::Precision
            : c.focus == config::CleanFocus::Recall  ? clean::Focus::Recall
                                                      : clean::Focus::Balanced;
  o.keep_captions = c.keep_captions;
  o.keep_comments = c.keep_comments;
  o.keep_links = c.keep_links;
  o.keep_tables = c.keep_tables;
  o.articles_only = c.articles_only;
  o.time_budget = c.time_budget;
  o.max_elements = static_cast<std::size_t>(c.max_elements);
  o.collect_links = true;
  return o;
}

fetch::FetchOptions fetch_options(const config::CrawlConfig& c) {
  fetch::FetchOptions o;
  o.transfer.connect_timeout_seconds = static_cast<long>(c.fetch.connect_timeout.count());
  o.transfer.total_timeout_seconds = static_cast<long>(c.fetch.timeout.count());
  o.transfer.max_body_bytes = c.fetch.max_body_bytes;
  o.transfer.max_redirects = c.fetch.max_redirects;
  o.transfer.allow_private_addresses = c.allow_private_addresses;
  o.transfer.user_agent = c.user_agent;
  o.max_concurrency = static_cast<std::size_t>(c.politeness.concurrency);
  o.per_host = static_cast<std::size_t>(c.politeness.per_host);
  o.host_delay_seconds = c.politeness.delay;
  o.obey_robots = c.politeness.obey_robots;
  o.max_crawl_delay_seconds = static_cast<double>(c.politeness.max_crawl_delay.count());
  o.max_tries = c.fetch.tries;
  o.keep_raw_body = true;  // feeds and sitemaps are parsed from their own bytes; the WARC keeps them
  return o;
}

// What one run did; guarded by Crawl::mutex_.
struct RunSummary {
  std::size_t fetched = 0, pages = 0, feeds = 0, sitemaps = 0;
  std::size_t new_pages = 0, changed = 0, unchanged = 0, duplicates = 0, not_modified = 0, noindex = 0;
  std::size_t failures = 0;
  std::map<long, std::size_t> statuses;
  std::map<std::string, std::size_t> errors;
  bool interrupted = false;
};

struct FetchedUrl {
  store::LeasedUrl url;
  fetch::FetchResult result;
};

class Crawl {
 public:
  Crawl(const config::CrawlConfig& config, const CrawlCommandOptions& options, store::CrawlStore& store,
        const clean::CompiledSiteRules* rules, store::WarcWriter* warc)
      : config_(config), options_(options), store_(store), warc_(warc), cleaner_(cleaner_options(config.clean)),
        fetcher_(fetch_options(config)) {
    cleaner_.site_rules = rules;
    max_pages_ = options.max_pages >= 0 ? options.max_pages : config.scope.max_pages_per_run;
    window_ = std::max<std::size_t>(64, 2 * static_cast<std::size_t>(config.politeness.concurrency));
    // As many hosts as the concurrency can keep busy at their per-host limit: more would only
    // keep them from other workers.
    const auto& p = config.politeness;
    max_hosts_ = p.per_host > 0 ? static_cast<std::size_t>((p.concurrency + p.per_host - 1) / p.per_host) : 0;
    lease_seconds_ = config.recrawl.lease.count();
    renew_every_ = std::chrono::seconds(lease_seconds_ / 3);
  }

  /// True when run() ended with a clean still running on a worker thread: the caller must end
  /// the process (exit_leaving_stuck_workers) once the store is closed, rather than return.
  bool workers_left_behind() {
    std::lock_guard lock(mutex_);
    return workers_left_behind_;
  }

  // Returns the exit code.
  int run() {
    start_ = Clock::now();
    main_thread_ = std::this_thread::get_id();
    progress_ = ::isatty(STDERR_FILENO) != 0;
    {
      std::lock_guard lock(mutex_);
      guarded([&] {
        store_.release_leases();  // a killed run's leases: this process is the only one (the lock)
        std::vector<store::NewUrl> starts;
        for (const auto& url : config_.seeds) add_start(starts, url, UrlKind::Page);
        for (const auto& url : config_.sitemaps) add_start(starts, url, UrlKind::Sitemap);
        for (const auto& url : config_.feeds) add_start(starts, url, UrlKind::Feed);
        store_.add_urls(starts, unix_now());
        store_.commit();
      });
    }
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    pool_.emplace(jobs, 4 * jobs, [this](FetchedUrl& job) { process(job); });
    last_commit_ = last_progress_ = last_renewal_ = Clock::now();
    bool stopping = false;
    Clock::time_point give_up_at;  // once stopping: the transfers and cleans still under way then are abandoned
    for (;;) {
      if (!stopping && (stop_requested || failed())) {
        stopping = true;
        summary_.interrupted = stop_requested;
        give_up_at = Clock::now() + kStopGrace;
        fetcher_.cancel_waiting();  // their leases are given back at the end
      }
      if (stopping && Clock::now() >= give_up_at) break;
      if (!stopping) top_up();
      fetch::FetchResult result;
      if (fetcher_.next_within(result, std::chrono::milliseconds(200))) {
        handle(std::move(result));
      } else if (fetcher_.pending() == 0) {
        // Nothing in flight: the cleaners may still add links that are due at once. A clean may
        // take long (or be stuck): meanwhile the loop goes on committing and watching for a stop.
        if (!pool_->wait_idle_for(std::chrono::milliseconds(200))) {
          keep_up();
          continue;
        }
        commit();
        last_commit_ = Clock::now();
        if (stopping) break;
        top_up();
        if (fetcher_.pending() > 0 || last_lease_size_ > 0) continue;  // all of it over a host's share: lease on
        if (budget_left() == 0) break;
        if (others_at_work()) {
          // Other workers hold URLs or the hosts of due ones; what they find may be for us.
          sleep_unless_stopped(kPollOthersEvery);
          continue;
        }
        if (options_.once) break;
        if (!wait_until_due()) {
          stopping = true;
          summary_.interrupted = stop_requested;
          give_up_at = Clock::now() + kStopGrace;
          break;
        }
        continue;
      }
      keep_up();
    }
    if (!stopping) {
      pool_->finish();
    } else if (!pool_->finish_within(std::max(Clock::duration::zero(), give_up_at - Clock::now()))) {
      // A clean outlived the grace: the run ends without it, and its URL is due again.
      std::lock_guard lock(mutex_);
      workers_left_behind_ = true;
      spdlog::warn("a page still being cleaned {} s after the stop was left unfinished; it is due again",
                   std::chrono::duration_cast<std::chrono::seconds>(kStopGrace).count());
    }
    if (progress_) std::fprintf(stderr, "\r\033[K");
    {
      std::lock_guard lock(mutex_);
      guarded([&] {
        store_.release_leases();  // the transfers and cleans abandoned on a stop: due again
        store_.commit();
      });
    }
    return finish_report();
  }

 private:
  // The loop's chores between results, however long a clean takes: a commit every 2 s, lease
  // renewals, the progress line.
  void keep_up() {
    if (Clock::now() - last_commit_ >= kCommitEvery) {
      commit();
      last_commit_ = Clock::now();
    }
    if (Clock::now() - last_renewal_ >= renew_every_) {
      std::lock_guard lock(mutex_);
      guarded([&] { store_.renew_leases(unix_now(), lease_seconds_); });
      last_renewal_ = Clock::now();
    }
    if (progress_ && Clock::now() - last_progress_ >= std::chrono::milliseconds(500)) {
      show_progress();
      last_progress_ = Clock::now();
    }
  }

  // ---- scope -------------------------------------------------------------------------------------

  bool in_scope(const std::string& url, std::string_view host) const {
    if (host.empty()) return false;
    bool allowed = false;
    for (const std::string& domain : config_.scope.allowed_hosts) allowed = allowed || config::host_in_domain(host, domain);
    if (!allowed) return false;
    if (!config_.scope.include.empty()) {
      bool included = false;
      for (const auto& p : config_.scope.include) included = included || p.matches(url);
      if (!included) return false;
    }
    for (const auto& p : config_.scope.exclude) {
      if (p.matches(url)) return false;
    }
    return true;
  }

  // "https://example.com:8080" -> "example.com"; IPv6 literals keep their brackets.
  static std::string_view host_of_origin(std::string_view origin) {
    std::size_t scheme = origin.find("://");
    std::string_view rest = scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
    if (rest.starts_with('[')) return rest.substr(0, rest.find(']') + 1);
    return rest.substr(0, rest.find(':'));
  }

  // Adds `url` to `out` when it is in scope. URLs of the config and of robots.txt are normalized
  // here; links, feed items and sitemap entries come normalized, and a crawl meets many of them,
  // so they are parsed once only (for their origin).
  void add_url(std::vector<store::NewUrl>& out, std::string url, UrlKind kind, int depth, std::string lastmod,
               bool normalized) const {
    if (!normalized) {
      std::optional<std::string> own = fetch::normalize_url(url);
      if (!own) return;
      url = std::move(*own);
    }
    std::optional<std::pair<std::string, std::string>> origin = fetch::robots_origin(url);
    if (!origin || !in_scope(url, host_of_origin(origin->first))) return;
    out.push_back(store::NewUrl{std::move(url), std::move(origin->first), depth, kind, std::move(lastmod)});
  }
  void add_start(std::vector<store::NewUrl>& out, const std::string& url, UrlKind kind) const {
    add_url(out, url, kind, 0, {}, false);
  }

  // ---- leasing and fetching ----------------------------------------------------------------------

  std::int64_t budget_left() const {
    return max_pages_ <= 0 ? std::numeric_limits<std::int64_t>::max() : std::max<std::int64_t>(0, max_pages_ - pages_started_);
  }

  void top_up() {
    last_lease_size_ = 0;
    std::size_t pending = fetcher_.pending();
    if (pending >= window_ / 2) return;
    std::int64_t budget = budget_left();
    if (budget == 0) return;
    std::size_t want = std::min<std::size_t>(window_ - pending, static_cast<std::size_t>(std::min<std::int64_t>(budget, 1 << 20)));
    std::vector<store::LeasedUrl> leased;
    {
      std::lock_guard lock(mutex_);
      guarded([&] {
        leased = store_.lease(store::LeaseRequest{want, max_hosts_, unix_now(), lease_seconds_});
      });
    }
    last_lease_size_ = leased.size();
    for (store::LeasedUrl& url : leased) {
      if (url.kind == UrlKind::Page) {
        std::int64_t& host_pages = pages_per_host_[url.host];
        // Over its host's share of this run, or the run's: it stays leased and is given back
        // at the end, due as before.
        if (config_.scope.max_pages_per_host > 0 && host_pages >= config_.scope.max_pages_per_host) continue;
        if (budget_left() == 0) continue;
        ++host_pages;
        ++pages_started_;
      } else {
        // Sitemaps and feeds have a budget of their own: an index of 50 000 sitemaps must not
        // turn a run of 30 pages into 50 000 requests. Over it, they wait for the next run.
        const std::int64_t max_listings = config_.scope.max_listings_per_run;
        if (max_listings > 0 && listings_started_ >= max_listings) continue;
        ++listings_started_;
      }
      fetch::Request request;
      request.url = url.url;
      request.etag = url.etag;
      request.last_modified = url.last_modified;
      request.xml = url.kind != UrlKind::Page;
      request.tag = ++serial_;
      in_flight_.emplace(request.tag, std::move(url));
      fetcher_.add(std::move(request));
    }
  }

  bool others_at_work() {
    store::FrontierCounts counts;
    {
      std::lock_guard lock(mutex_);
      guarded([&] { counts = store_.counts(unix_now()); });
    }
    return !failed() && (counts.leased_by_others > 0 || counts.due > 0);
  }

  static void sleep_unless_stopped(std::chrono::milliseconds how_long) {
    for (auto end = Clock::now() + how_long; Clock::now() < end && !stop_requested;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  bool wait_until_due() {
    std::int64_t next_due = 0;
    {
      std::lock_guard lock(mutex_);
      guarded([&] { next_due = store_.counts(unix_now()).next_due; });
    }
    if (failed()) return false;
    if (next_due == 0) next_due = unix_now() + 3600;  // nothing waits: look again in an hour
    spdlog::info("nothing due; next at {} (in {} s)", next_due, std::max<std::int64_t>(0, next_due - unix_now()));
    while (unix_now() < next_due) {
      if (stop_requested) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return true;
  }

  // ---- results -----------------------------------------------------------------------------------

  void handle(fetch::FetchResult result) {
    auto it = in_flight_.find(result.request.tag);
    if (it == in_flight_.end()) return;
    store::LeasedUrl url = std::move(it->second);
    in_flight_.erase(it);
    const std::int64_t now = unix_now();
    if (warc_ != nullptr && result.status != 0 && !result.not_modified) archive(result);
    note_robots_sitemaps(url.url);
    {
      std::lock_guard lock(mutex_);
      ++summary_.fetched;
      if (result.status != 0) ++summary_.statuses[result.status];
    }
    if (!result.ok()) return fail(url, result, now);
    if (result.not_modified) {
      std::lock_guard lock(mutex_);
      ++summary_.not_modified;
      ++summary_.unchanged;
      store::UrlDone done = done_for(url, result, now, interval(url, config::RecrawlKind::Section));
      done.next_due_if_article = now + interval(url, config::RecrawlKind::Article).count();
      guarded([&] { store_.complete(done, true); });
      return;
    }
    if (result.status < 200 || result.status > 299) return fail(url, result, now);
    FetchedUrl job{std::move(url), std::move(result)};
    // While every cleaner is busy (perhaps stuck), the loop's chores go on; on a stop, a page
    // that finds no cleaner is left leased, and so due again.
    while (!pool_->submit_within(job, std::chrono::milliseconds(200))) {
      keep_up();
      if (stop_requested || failed()) return;
    }
  }

  void fail(const store::LeasedUrl& url, const fetch::FetchResult& result, std::int64_t now) {
    std::string kind = result.ok() ? "http" : fetch::to_string(result.error_kind);
    std::string message = result.ok() ? "HTTP " + std::to_string(result.status) : result.error;
    // robots.txt and unwanted types are the site's wishes, not failures of the crawl.
    bool expected = result.error_kind == fetch::ErrorKind::Robots || result.error_kind == fetch::ErrorKind::Skipped;
    bool permanent = expected || result.status == 404 || result.status == 410 ||
                     result.error_kind == fetch::ErrorKind::InvalidUrl ||
                     result.error_kind == fetch::ErrorKind::ForbiddenScheme ||
                     result.error_kind == fetch::ErrorKind::ForbiddenAddress ||
                     result.error_kind == fetch::ErrorKind::Redirect || result.error_kind == fetch::ErrorKind::TooLarge ||
                     (result.ok() && result.status >= 400 && result.status < 500 && result.status != 408 &&
                      result.status != 429);
    record_failure(url, now, result.status, kind, message, permanent, expected);
  }

  // A failed URL: an attempt is counted, and it is due again after the retry delay, or given up
  // and looked at again only after a long while (a page may come back).
  void record_failure(const store::LeasedUrl& url, std::int64_t now, long status, const std::string& kind,
                      const std::string& message, bool permanent, bool expected) {
    store::UrlDone done;
    done.url = url.url;
    done.now = now;
    done.status = status;
    done.failed = true;
    done.error = kind + ": " + message;
    int attempts = url.attempts + 1;
    done.give_up = permanent || attempts >= config_.recrawl.max_attempts;
    done.next_due = now + (done.give_up ? interval(url, config::RecrawlKind::Article).count()
                                        : config_.retry_delay(attempts).count());
    std::lock_guard lock(mutex_);
    ++summary_.errors[kind];
    if (!expected) ++summary_.failures;
    if (!expected) spdlog::warn("{}: {}: {}", config::redact_url(url.url), kind, config::printable(message));
    guarded([&] { store_.complete(done); });
  }

  // Runs on a cleaning thread.
  void process(FetchedUrl& job) {
    if (failed()) return;
    const std::int64_t now = unix_now();
    try {
      switch (job.url.kind) {
        case UrlKind::Page: return process_page(job, now);
        case UrlKind::Feed: return process_feed(job, now);
        case UrlKind::Sitemap: return process_sitemap(job, now);
      }
    } catch (const clean::LimitExceeded& e) {
      // Too big or too slow to clean: it would be again, so it is looked at only much later.
      record_failure(job.url, now, job.result.status, "limit", e.what(), true, false);
    } catch (const std::exception& e) {
      record_failure(job.url, now, job.result.status, "internal", std::string("internal error: ") + e.what(), false, false);
    }
  }

  void process_page(FetchedUrl& job, std::int64_t now) {
    LoadedPage page = page_from_fetch(job.result);
    SlowCleanForTests::get().delay(job.url.url);
    clean::Article article = clean::clean_html(page.utf8, page.url, cleaner_);
    page.utf8 = std::string();
    std::vector<store::NewUrl> found;
    bool follow = config_.scope.follow_links && !article.robots_nofollow && job.url.depth < config_.scope.max_depth;
    if (follow) {
      for (const std::string& link : article.page_links) add_url(found, link, UrlKind::Page, job.url.depth + 1, {}, true);
    }
    if (job.url.depth == 0) {
      for (const std::string& feed : article.feed_links) add_url(found, feed, UrlKind::Feed, 0, {}, true);
    }
    config::RecrawlKind kind = article.is_article ? config::RecrawlKind::Article : config::RecrawlKind::Section;
    store::UrlDone done = done_for(job.url, job.result, now, interval(job.url, kind));
    std::lock_guard lock(mutex_);
    ++summary_.pages;
    guarded([&] {
      if (article.robots_noindex) {
        ++summary_.noindex;
        store_.complete(done);
      } else {
        store::WriteOutcome outcome = store_.store_page(page_record(std::move(article), page, job.url.url), done);
        count(outcome);
      }
      if (!found.empty()) store_.add_urls(found, now);
    });
  }

  void process_feed(FetchedUrl& job, std::int64_t now) {
    const std::string& bytes = job.result.raw_body.empty() ? job.result.body : job.result.raw_body;
    fetch::Feed feed = fetch::parse_feed(bytes, job.url.url, job.result.raw_body.empty());
    std::vector<store::NewUrl> found;
    for (const fetch::FeedItem& item : feed.items) {
      add_url(found, item.url, UrlKind::Page, job.url.depth, item.updated.empty() ? item.published : item.updated, true);
    }
    finish_listing(job, now, found, feed.error, config::RecrawlKind::Feed);
  }

  void process_sitemap(FetchedUrl& job, std::int64_t now) {
    const std::string& bytes = job.result.raw_body.empty() ? job.result.body : job.result.raw_body;
    fetch::Sitemap sitemap = fetch::parse_sitemap(bytes, job.url.url, job.result.raw_body.empty());
    // A sitemap may list 50 000 URLs: its bytes go before the URLs are copied out, and each
    // entry's strings move rather than copy.
    std::string().swap(job.result.raw_body);
    std::string().swap(job.result.body);
    std::vector<store::NewUrl> found;
    found.reserve(sitemap.entries.size());
    const UrlKind kind = sitemap.kind == fetch::Sitemap::Kind::Index ? UrlKind::Sitemap : UrlKind::Page;
    for (fetch::SitemapEntry& entry : sitemap.entries) {
      add_url(found, std::move(entry.url), kind, job.url.depth, std::move(entry.lastmod), true);
    }
    std::vector<fetch::SitemapEntry>().swap(sitemap.entries);
    finish_listing(job, now, found, sitemap.error, config::RecrawlKind::Sitemap);
  }

  void finish_listing(FetchedUrl& job, std::int64_t now, const std::vector<store::NewUrl>& found,
                      const std::string& error, config::RecrawlKind kind) {
    store::UrlDone done = done_for(job.url, job.result, now, interval(job.url, kind));
    std::lock_guard lock(mutex_);
    if (job.url.kind == UrlKind::Feed) ++summary_.feeds;
    else ++summary_.sitemaps;
    if (!error.empty() && found.empty()) {
      done.failed = true;
      done.error = std::string(kind_name(job.url.kind)) + ": " + error;
      ++summary_.failures;
      ++summary_.errors[kind_name(job.url.kind)];
      spdlog::warn("{}: {}", config::redact_url(job.url.url), config::printable(done.error));
    }
    guarded([&] {
      store_.complete(done);
      if (!found.empty()) store_.add_urls(found, now);
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  std::chrono::seconds interval(const store::LeasedUrl& url, config::RecrawlKind kind) const {
    if (url.kind == UrlKind::Feed) kind = config::RecrawlKind::Feed;
    if (url.kind == UrlKind::Sitemap) kind = config::RecrawlKind::Sitemap;
    return config_.recrawl_interval(kind, fetch::url_host(url.url));
  }

  static store::UrlDone done_for(const store::LeasedUrl& url, const fetch::FetchResult& result, std::int64_t now,
                                 std::chrono::seconds interval) {
    store::UrlDone done;
    done.url = url.url;
    done.now = now;
    done.next_due = now + interval.count();
    done.status = result.status;
    for (const auto& [name, value] : result.headers) {
      if (name == "etag") done.etag = value;
      else if (name == "last-modified") done.last_modified = value;
    }
    if (result.not_modified) {  // a 304 repeats no validators: keep the ones we sent
      if (done.etag.empty()) done.etag = url.etag;
      if (done.last_modified.empty()) done.last_modified = url.last_modified;
    }
    return done;
  }

  void count(store::WriteOutcome outcome) {
    switch (outcome) {
      case store::WriteOutcome::New: ++summary_.new_pages; break;
      case store::WriteOutcome::Changed: ++summary_.changed; break;
      case store::WriteOutcome::Unchanged: ++summary_.unchanged; break;
      case store::WriteOutcome::Duplicate: ++summary_.duplicates; break;
    }
  }

  // The Sitemap: lines of a host's robots.txt, once per host, after its first fetch.
  void note_robots_sitemaps(const std::string& url) {
    if (!config_.sitemaps_from_robots || !config_.politeness.obey_robots) return;
    std::optional<std::pair<std::string, std::string>> origin = fetch::robots_origin(url);
    if (!origin || !robots_seen_.insert(origin->first).second) return;
    std::vector<store::NewUrl> found;
    for (const std::string& sitemap : fetcher_.sitemaps_of(url)) add_start(found, sitemap, UrlKind::Sitemap);
    if (found.empty()) return;
    std::lock_guard lock(mutex_);
    guarded([&] { store_.add_urls(found, unix_now()); });
  }

  void archive(const fetch::FetchResult& result) {
    try {
      warc_->write(warc_response(result));
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      if (store_failure_.empty()) store_failure_ = std::string("--warc: ") + e.what();
    }
  }

  void commit() {
    std::lock_guard lock(mutex_);
    guarded([&] { store_.commit(); });
  }

  // Runs a store call under mutex_ (held by the caller); the first failure stops the crawl.
  template <typename Work>
  void guarded(Work work) {
    if (!store_failure_.empty()) return;
    // A clean that outlived the run's end writes nothing: its URL was given back, the store closed.
    if (workers_left_behind_ && std::this_thread::get_id() != main_thread_) return;
    try {
      work();
    } catch (const std::exception& e) {
      store_failure_ = store_.uri() + ": " + e.what();
    }
  }

  bool failed() {
    std::lock_guard lock(mutex_);
    return !store_failure_.empty();
  }

  void show_progress() {
    std::lock_guard lock(mutex_);
    double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    std::fprintf(stderr, "\r\033[K%zu fetched, %zu in flight, %.1f pages/s, %zu new, %zu errors", summary_.fetched,
                 fetcher_.pending(), seconds > 0 ? static_cast<double>(summary_.fetched) / seconds : 0.0,
                 summary_.new_pages, summary_.failures);
    std::fflush(stderr);
  }

  int finish_report() {
    double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    store::FrontierCounts frontier;
    std::lock_guard lock(mutex_);
    if (store_failure_.empty()) guarded([&] { frontier = store_.counts(unix_now()); });
    nlohmann::ordered_json j;
    j["name"] = config_.name;
    j["store"] = store_.uri();
    j["started_at"] = started_at_;
    j["duration_seconds"] = std::round(seconds * 1000) / 1000;
    j["interrupted"] = summary_.interrupted;
    j["fetched"] = summary_.fetched;
    j["pages"] = summary_.pages;
    j["feeds"] = summary_.feeds;
    j["sitemaps"] = summary_.sitemaps;
    j["new"] = summary_.new_pages;
    j["changed"] = summary_.changed;
    j["unchanged"] = summary_.unchanged;
    j["not_modified"] = summary_.not_modified;
    j["duplicates"] = summary_.duplicates;
    j["noindex"] = summary_.noindex;
    j["discovered"] = store_.urls_added();
    j["failures"] = summary_.failures;
    nlohmann::ordered_json statuses = nlohmann::ordered_json::object();
    for (const auto& [status, n] : summary_.statuses) statuses[std::to_string(status)] = n;
    j["statuses"] = statuses;
    nlohmann::ordered_json errors = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : summary_.errors) errors[kind] = n;
    j["errors"] = errors;
    j["frontier"] = {{"known", frontier.known}, {"due", frontier.due}, {"failed", frontier.failed}};
    if (!store_failure_.empty()) j["store_error"] = store_failure_;

    char head[160];
    std::snprintf(head, sizeof head, "crawl %s: %zu fetched in %.1f s (%.1f/s): ", config_.name.c_str(),
                  summary_.fetched, seconds, seconds > 0 ? static_cast<double>(summary_.fetched) / seconds : 0.0);
    std::string line = head;
    line.append(std::to_string(summary_.new_pages)).append(" new, ").append(std::to_string(summary_.changed))
        .append(" changed, ").append(std::to_string(summary_.unchanged)).append(" unchanged, ")
        .append(std::to_string(summary_.duplicates)).append(" duplicates; errors:");
    for (const auto& [kind, n] : summary_.errors) line.append(" ").append(kind).append(" x").append(std::to_string(n));
    if (summary_.errors.empty()) line.append(" none");
    line.append("; frontier ").append(std::to_string(frontier.known)).append(" known, ")
        .append(std::to_string(frontier.due)).append(" due");
    if (summary_.interrupted) line.append(" (interrupted)");
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    spdlog::info("{}", line);
    if (!options_.summary_json.empty()) {
      std::ofstream out(options_.summary_json, std::ios::trunc);
      out << j.dump(2) << "\n";
      if (!out) spdlog::error("--summary-json: cannot write {}", options_.summary_json);
    }
    if (!store_failure_.empty()) {
      spdlog::error("{}", store_failure_);
      spdlog::error("pages committed before the failure are kept; the crawl resumes from there next time");
      return kExitStoreFailed;
    }
    // Stopped by SIGINT or SIGTERM: what was fetched is stored and the rest is still due; a
    // clean stop, not a failure.
    if (summary_.interrupted) return 0;
    return summary_.failures > 0 ? 1 : 0;
  }

  const config::CrawlConfig& config_;
  const CrawlCommandOptions& options_;
  store::CrawlStore& store_;
  store::WarcWriter* warc_;
  clean::CleanOptions cleaner_;
  fetch::Fetcher fetcher_;
  std::int64_t max_pages_ = 0;
  std::size_t window_ = 64;
  std::size_t max_hosts_ = 0;
  std::int64_t lease_seconds_ = 900;

  // Main thread only.
  std::unordered_map<std::uint64_t, store::LeasedUrl> in_flight_;
  std::unordered_map<std::string, std::int64_t> pages_per_host_;
  std::set<std::string> robots_seen_;
  std::int64_t pages_started_ = 0;
  std::int64_t listings_started_ = 0;
  std::size_t last_lease_size_ = 0;
  std::uint64_t serial_ = 0;
  Clock::time_point start_;
  Clock::time_point last_commit_, last_renewal_, last_progress_;
  Clock::duration renew_every_;
  bool progress_ = false;
  std::thread::id main_thread_;
  // The cleaners; a member, not a local of run(), so that a stuck one can outlive run().
  std::optional<WorkerPool<FetchedUrl>> pool_;
  std::string started_at_ = store::utc_iso8601_now();

  // Shared with the cleaning threads.
  std::mutex mutex_;
  RunSummary summary_;
  std::string store_failure_;
  bool workers_left_behind_ = false;
};

void set_up_crawl_logging(const config::LogConfig& log) {
  spdlog::level::level_enum level = spdlog::level::info;
  switch (log.level) {
    case config::LogLevel::Trace: level = spdlog::level::trace; break;
    case config::LogLevel::Debug: level = spdlog::level::debug; break;
    case config::LogLevel::Info: level = spdlog::level::info; break;
    case config::LogLevel::Warn: level = spdlog::level::warn; break;
    case config::LogLevel::Error: level = spdlog::level::err; break;
    case config::LogLevel::Off: level = spdlog::level::off; break;
  }
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  console->set_pattern("winnow: %v");
  if (!log.file.empty()) {
    // The file gets the whole log with times; the terminal (or cron's mail) only the errors.
    auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(log.file, log.max_size,
                                                                       static_cast<std::size_t>(log.max_files));
    file->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
    file->set_level(level);
    console->set_level(spdlog::level::err);
    sinks.push_back(file);
  } else {
    // Cron mails whatever reaches stderr: there, only errors (a broken link is not one); a
    // person at a terminal also sees the warnings (each URL that failed).
    console->set_level(std::max(level, ::isatty(STDERR_FILENO) ? spdlog::level::warn : spdlog::level::err));
  }
  sinks.push_back(console);
  auto logger = std::make_shared<spdlog::logger>("winnow", sinks.begin(), sinks.end());
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

}  // namespace

int run_crawl_command(const CrawlCommandOptions& options) {
  config::CrawlConfig config;
  try {
    config = config::load_crawl_config(options.config_file);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
  if (!options.store.empty()) config.store = options.store;
  if (options.max_pages >= 0) config.scope.max_pages_per_run = options.max_pages;
  if (options.print_config) {
    std::fputs(config::to_toml(config).c_str(), stdout);
    return 0;
  }
  if (config.seeds.empty() && config.sitemaps.empty() && config.feeds.empty()) {
    spdlog::error("{}: nothing to crawl: give seeds, sitemaps or feeds", options.config_file);
    return 2;
  }
  std::optional<clean::CompiledSiteRules> rules;
  try {
    rules.emplace(config.site_rules);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
  try {
    set_up_crawl_logging(config.log);
  } catch (const std::exception& e) {
    spdlog::error("log file {}: {}", config.log.file, e.what());
    return 2;
  }

  std::optional<RunLock> lock;
  if (config.store.starts_with("sqlite:")) {
    lock.emplace(config.store.substr(7) + ".lock");
    if (!lock->ok()) {
      spdlog::error("{}: {}", config.name, lock->error());
      return lock->error().starts_with("another run") ? kExitLocked : kExitStoreFailed;
    }
  }
  std::unique_ptr<store::CrawlStore> store;
  try {
    store = store::open_crawl_store(config.store, options.worker.empty() ? default_worker() : options.worker);
  } catch (const store::StoreUriError& e) {
    spdlog::error("store: {}", e.what());
    return 2;
  } catch (const store::StoreLocked& e) {
    spdlog::error("{}: {}", config.name, e.what());
    return kExitLocked;
  } catch (const std::exception& e) {
    spdlog::error("store: {}", e.what());
    return kExitStoreFailed;
  }
  if (options.dry_run) {
    // A run would open the archive only after the store: the dry run checks it without creating it.
    if (std::string problem = unwritable_file_problem(config.warc); !config.warc.empty() && !problem.empty()) {
      spdlog::error("{}: warc \"{}\": {}", options.config_file, config.warc, problem);
      return 2;
    }
    store::FrontierCounts c = store->counts(unix_now());
    std::printf("crawl %s: %zu seeds, %zu sitemaps, %zu feeds into %s; frontier: %zu known, %zu due now, %zu failed\n",
                config.name.c_str(), config.seeds.size(), config.sitemaps.size(), config.feeds.size(),
                store->uri().c_str(), c.known, c.due, c.failed);
    return 0;
  }
  std::optional<store::WarcWriter> warc;
  if (!config.warc.empty()) {
    try {
      warc.emplace(config.warc);
    } catch (const std::exception& e) {
      spdlog::error("warc: {}", e.what());
      return kExitStoreFailed;
    }
  }
  handle_stop_signals();
  Crawl crawl(config, options, *store, &*rules, warc ? &*warc : nullptr);
  int exit_code = crawl.run();
  if (crawl.workers_left_behind()) {
    // Everything stored is committed; the store, the archive and the lock are closed here, as
    // returning would, but the stuck clean's thread is not waited for.
    store.reset();
    warc.reset();
    lock.reset();
    exit_leaving_stuck_workers(exit_code);
  }
  return exit_code;
}

}  // namespace winnow::app
