#include "crawl/crawl.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include "clean/cleaner.h"
#include "clean/site_rules.h"
#include "config/control_characters.h"
#include "config/crawl_config.h"
#include "config/redact.h"
#include "crawl/page_input.h"
#include "crawl/parallel.h"
#include "crawl/recent_links.h"
#include "crawl/run_lock.h"
#include "crawl/store_writer.h"
#include "crawl/stop.h"
#include "fetch/feed.h"
#include "fetch/fetcher.h"
#include "fetch/robots.h"
#include "fetch/sitemap.h"
#include "fetch/url.h"
#include "store/frontier.h"
#include "store/warc.h"

namespace winnow::crawl {
namespace {

using Clock = std::chrono::steady_clock;
using store::UrlKind;

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

const char* outcome_name(store::WriteOutcome outcome) {
  switch (outcome) {
    case store::WriteOutcome::New: return "new";
    case store::WriteOutcome::Changed: return "changed";
    case store::WriteOutcome::Unchanged: return "unchanged";
    case store::WriteOutcome::Duplicate: break;
  }
  return "duplicate";
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
  o.prescan = c.prescan;
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

struct FetchedUrl {
  store::LeasedUrl url;
  fetch::FetchResult result;
};

class Crawl {
 public:
  // The config and its compiled site rules are the Crawl's own: a clean left running after the
  // stop's grace (workers_left_behind) may still read them after run() returned.
  Crawl(const config::CrawlConfig& config, const RunOptions& options, store::CrawlStore& store, store::WarcWriter* warc)
      : config_(config), options_(options), store_(store), warc_(warc), rules_(config_.site_rules),
        cleaner_(cleaner_options(config.clean)), fetcher_(fetch_options(config)) {
    cleaner_.site_rules = &rules_;
    max_pages_ = options.max_pages >= 0 ? options.max_pages : config.scope.max_pages_per_run;
    window_ = std::max<std::size_t>(64, 2 * static_cast<std::size_t>(config.politeness.concurrency));
    // As many hosts as the concurrency can keep busy at their per-host limit: more would only
    // keep them from other workers.
    const auto& p = config.politeness;
    max_hosts_ = p.per_host > 0 ? static_cast<std::size_t>((p.concurrency + p.per_host - 1) / p.per_host) : 0;
    lease_seconds_ = config.recrawl.lease.count();
    renew_every_ = std::chrono::seconds(lease_seconds_ / 3);
  }

  /// True when run() ended with a clean still running on a worker thread: the Crawl must outlive
  /// it (the caller lets go of it), and the store is closed to it.
  bool workers_left_behind() {
    std::lock_guard lock(mutex_);
    return workers_left_behind_;
  }

  CrawlSummary run() {
    start_ = Clock::now();
    summary_.name = config_.name;
    summary_.store = store_.uri();
    summary_.started_at = store::utc_iso8601_now();
    summary_.seeds = config_.seeds.size();
    summary_.sitemaps_given = config_.sitemaps.size();
    summary_.feeds_given = config_.feeds.size();
    main_thread_ = std::this_thread::get_id();
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
      if (!stopping && (stop_requested() || failed())) {
        stopping = true;
        summary_.interrupted = stop_requested();
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
          summary_.interrupted = stop_requested();
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
    {
      std::lock_guard lock(mutex_);
      guarded([&] {
        store_.release_leases();  // the transfers and cleans abandoned on a stop: due again
        store_.commit();
      });
    }
    return finish_summary();
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
    if (options_.on_progress && Clock::now() - last_progress_ >= std::chrono::milliseconds(500)) {
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

  // Adds `url` to `out` when it is in scope; false when it is not (or is no URL). URLs of the
  // config and of robots.txt are normalized here; links, feed items and sitemap entries come
  // normalized, and a crawl meets many of them, so they are not parsed again: a normalized URL's
  // origin is its bytes before the path.
  bool add_url(std::vector<store::NewUrl>& out, std::string url, UrlKind kind, int depth, std::string lastmod,
               bool normalized) const {
    if (!normalized) {
      std::optional<std::string> own = fetch::normalize_url(url);
      if (!own) return false;
      url = std::move(*own);
    }
    std::string origin(fetch::normalized_url_origin(url));
    if (origin.empty() || !in_scope(url, host_of_origin(origin))) return false;
    out.push_back(store::NewUrl{std::move(url), std::move(origin), depth, kind, std::move(lastmod)});
    return true;
  }
  void add_start(std::vector<store::NewUrl>& out, const std::string& url, UrlKind kind) const {
    add_url(out, url, kind, 0, {}, false);
  }
  // A link of a page (normalized, by the cleaner): not even looked at when recent pages gave it
  // already and adding it would change nothing (RecentLinks).
  void add_link(std::vector<store::NewUrl>& out, const std::string& url, UrlKind kind, int depth) {
    if (recent_links_.known(url, kind, depth)) return;
    if (!add_url(out, url, kind, depth, {}, true)) recent_links_.out_of_scope(url);
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

  void sleep_unless_stopped(std::chrono::milliseconds how_long) {
    for (auto end = Clock::now() + how_long; Clock::now() < end && !stop_requested();) {
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
      if (stop_requested()) return false;
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
      report(url.url, url.kind, result.status, "not modified");
      return;
    }
    if (result.status < 200 || result.status > 299) return fail(url, result, now);
    FetchedUrl job{std::move(url), std::move(result)};
    // While every cleaner is busy (perhaps stuck), the loop's chores go on; on a stop, a page
    // that finds no cleaner is left leased, and so due again.
    while (!pool_->submit_within(job, std::chrono::milliseconds(200))) {
      keep_up();
      if (stop_requested() || failed()) return;
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
    if (!expected) {
      spdlog::warn("{}: {}: {}", config::redact_url(url.url), kind, config::printable(message));
      note_failure(url.url, kind, message);
    }
    report(url.url, url.kind, status, (expected ? "skipped: " : "failed: ") + kind + ": " + config::printable(message),
           !expected);
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
    clean::Article article = clean::clean_taken_html(std::move(page.utf8), page.url, cleaner_);
    std::vector<store::NewUrl> found;
    bool follow = config_.scope.follow_links && !article.robots_nofollow && job.url.depth < config_.scope.max_depth;
    if (follow) {
      for (const std::string& link : article.page_links) add_link(found, link, UrlKind::Page, job.url.depth + 1);
    }
    if (job.url.depth == 0) {
      for (const std::string& feed : article.feed_links) add_link(found, feed, UrlKind::Feed, 0);
    }
    config::RecrawlKind kind = article.is_article ? config::RecrawlKind::Article : config::RecrawlKind::Section;
    store::UrlDone done = done_for(job.url, job.result, now, interval(job.url, kind));
    std::lock_guard lock(mutex_);
    ++summary_.pages;
    guarded([&] {
      if (article.robots_noindex) {
        ++summary_.noindex;
        store_.complete(done);
        report(job.url.url, job.url.kind, job.result.status, "noindex");
      } else {
        store::WriteOutcome outcome = store_.store_page(page_record(std::move(article), page, job.url.url), done);
        count(outcome);
        report(job.url.url, job.url.kind, job.result.status, outcome_name(outcome));
      }
      if (!found.empty()) {
        store_.add_urls(found, now);
        recent_links_.added(found);
      }
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
      note_failure(job.url.url, kind_name(job.url.kind), error);
      report(job.url.url, job.url.kind, job.result.status, "failed: " + config::printable(done.error), true);
    } else {
      report(job.url.url, job.url.kind, job.result.status, "listed " + std::to_string(found.size()));
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
    Progress progress;
    {
      std::lock_guard lock(mutex_);
      progress.fetched = summary_.fetched;
      progress.new_pages = summary_.new_pages;
      progress.failures = summary_.failures;
    }
    progress.in_flight = fetcher_.pending();
    progress.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    options_.on_progress(progress);
  }

  bool stop_requested() const { return options_.stop != nullptr && options_.stop->load(); }

  // Tells the caller about a URL done; mutex_ is held.
  void report(const std::string& url, store::UrlKind kind, long status, std::string outcome, bool failed = false) {
    if (!options_.on_page) return;
    options_.on_page(PageDone{config::redact_url(url), kind_name(kind), status, std::move(outcome), failed});
  }

  // A failure to list in the summary; mutex_ is held.
  void note_failure(const std::string& url, const std::string& kind, const std::string& message) {
    if (summary_.failed_urls.size() >= CrawlSummary::kMaxListedFailures) return;
    summary_.failed_urls.push_back(Failure{config::redact_url(url), kind, config::printable(message)});
  }

  CrawlSummary finish_summary() {
    std::lock_guard lock(mutex_);
    summary_.duration_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    if (store_failure_.empty()) {
      guarded([&] {
        store::FrontierCounts frontier = store_.counts(unix_now());
        summary_.frontier_known = frontier.known;
        summary_.frontier_due = frontier.due;
        summary_.frontier_failed = frontier.failed;
      });
    }
    summary_.discovered = store_.urls_added();
    summary_.store_error = store_failure_;
    summary_.workers_left_behind = workers_left_behind_;
    if (!store_failure_.empty()) {
      spdlog::error("{}", store_failure_);
      spdlog::error("pages committed before the failure are kept; the crawl resumes from there next time");
    }
    return summary_;
  }

  const config::CrawlConfig config_;
  const RunOptions options_;
  store::CrawlStore& store_;
  store::WarcWriter* warc_;
  const clean::CompiledSiteRules rules_;
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
  std::thread::id main_thread_;
  // Shared by the cleaning threads (it locks itself).
  RecentLinks recent_links_;
  // The cleaners; a member, not a local of run(), so that a stuck one can outlive run().
  std::optional<WorkerPool<FetchedUrl>> pool_;

  // Shared with the cleaning threads.
  std::mutex mutex_;
  CrawlSummary summary_;
  std::string store_failure_;
  bool workers_left_behind_ = false;
};

}  // namespace

int CrawlError::exit_code() const {
  switch (kind_) {
    case StartError::Config: return 2;
    case StartError::Locked: return 3;
    case StartError::Store: break;
  }
  return kExitStoreFailed;
}

int CrawlSummary::exit_code() const {
  if (!store_error.empty()) return kExitStoreFailed;
  // Stopped on request: what was fetched is stored and the rest is still due; a clean stop,
  // not a failure.
  if (interrupted) return 0;
  return failures > 0 ? 1 : 0;
}

std::string CrawlSummary::line() const {
  const double rate = duration_seconds > 0 ? static_cast<double>(fetched) / duration_seconds : 0.0;
  char head[160];
  std::snprintf(head, sizeof head, "crawl %s: %zu fetched in %.1f s (%.1f/s): ", name.c_str(), fetched,
                duration_seconds, rate);
  std::string line = head;
  line.append(std::to_string(new_pages)).append(" new, ").append(std::to_string(changed)).append(" changed, ")
      .append(std::to_string(unchanged)).append(" unchanged, ").append(std::to_string(duplicates))
      .append(" duplicates; errors:");
  for (const auto& [kind, n] : errors) line.append(" ").append(kind).append(" x").append(std::to_string(n));
  if (errors.empty()) line.append(" none");
  line.append("; frontier ").append(std::to_string(frontier_known)).append(" known, ")
      .append(std::to_string(frontier_due)).append(" due");
  if (interrupted) line.append(" (interrupted)");
  return line;
}

std::string CrawlSummary::json() const {
  nlohmann::ordered_json j;
  j["name"] = name;
  j["store"] = store;
  j["started_at"] = started_at;
  j["duration_seconds"] = std::round(duration_seconds * 1000) / 1000;
  j["interrupted"] = interrupted;
  j["fetched"] = fetched;
  j["pages"] = pages;
  j["feeds"] = feeds;
  j["sitemaps"] = sitemaps;
  j["new"] = new_pages;
  j["changed"] = changed;
  j["unchanged"] = unchanged;
  j["not_modified"] = not_modified;
  j["duplicates"] = duplicates;
  j["noindex"] = noindex;
  j["discovered"] = discovered;
  j["failures"] = failures;
  nlohmann::ordered_json status_counts = nlohmann::ordered_json::object();
  for (const auto& [status, n] : statuses) status_counts[std::to_string(status)] = n;
  j["statuses"] = status_counts;
  nlohmann::ordered_json error_counts = nlohmann::ordered_json::object();
  for (const auto& [kind, n] : errors) error_counts[kind] = n;
  j["errors"] = error_counts;
  j["frontier"] = {{"known", frontier_known}, {"due", frontier_due}, {"failed", frontier_failed}};
  if (!store_error.empty()) j["store_error"] = store_error;
  return j.dump(2);
}

CrawlSummary run(const config::CrawlConfig& given, const RunOptions& options) {
  config::CrawlConfig config = given;
  if (!options.store.empty()) config.store = options.store;
  if (options.max_pages >= 0) config.scope.max_pages_per_run = options.max_pages;
  const std::string& source = config.source_name.empty() ? config.name : config.source_name;
  if (config.seeds.empty() && config.sitemaps.empty() && config.feeds.empty()) {
    throw CrawlError(StartError::Config, source + ": nothing to crawl: give seeds, sitemaps or feeds");
  }
  // Compiled here once, before the store is touched, so that a bad rule is a config error; the
  // Crawl compiles its own copy.
  try {
    clean::CompiledSiteRules check(config.site_rules);
  } catch (const std::exception& e) {
    throw CrawlError(StartError::Config, e.what());
  }

  std::optional<RunLock> lock;
  if (config.store.starts_with("sqlite:")) {
    lock.emplace(config.store.substr(7) + ".lock");
    if (!lock->ok()) {
      throw CrawlError(lock->error().starts_with("another run") ? StartError::Locked : StartError::Store,
                       config.name + ": " + lock->error());
    }
  }
  std::unique_ptr<store::CrawlStore> store;
  try {
    store = store::open_crawl_store(config.store, options.worker.empty() ? default_worker() : options.worker);
  } catch (const store::StoreUriError& e) {
    throw CrawlError(StartError::Config, std::string("store: ") + e.what());
  } catch (const store::StoreLocked& e) {
    throw CrawlError(StartError::Locked, config.name + ": " + e.what());
  } catch (const std::exception& e) {
    throw CrawlError(StartError::Store, std::string("store: ") + e.what());
  }
  if (options.dry_run) {
    // A run would open the archive only after the store: the dry run checks it without creating it.
    if (std::string problem = unwritable_file_problem(config.warc); !config.warc.empty() && !problem.empty()) {
      throw CrawlError(StartError::Config, source + ": warc \"" + config.warc + "\": " + problem);
    }
    CrawlSummary summary;
    summary.dry_run = true;
    summary.name = config.name;
    summary.store = store->uri();
    summary.started_at = store::utc_iso8601_now();
    summary.seeds = config.seeds.size();
    summary.sitemaps_given = config.sitemaps.size();
    summary.feeds_given = config.feeds.size();
    store::FrontierCounts c = store->counts(unix_now());
    summary.frontier_known = c.known;
    summary.frontier_due = c.due;
    summary.frontier_failed = c.failed;
    return summary;
  }
  std::optional<store::WarcWriter> warc;
  if (!config.warc.empty()) {
    try {
      warc.emplace(config.warc);
    } catch (const std::exception& e) {
      throw CrawlError(StartError::Store, std::string("warc: ") + e.what());
    }
  }
  auto crawl = std::make_unique<Crawl>(config, options, *store, warc ? &*warc : nullptr);
  CrawlSummary summary = crawl->run();
  if (summary.workers_left_behind) {
    // The stuck clean's thread still uses the Crawl (its config, rules, lock and pool): it is
    // let go of, never freed. The store, the archive and the lock close as usual; the stuck
    // clean writes to none of them.
    static_cast<void>(crawl.release());
  }
  return summary;
}

CrawlSummary run_file(const std::string& config_path, const RunOptions& options) {
  config::CrawlConfig config;
  try {
    config = config::load_crawl_config(config_path);
  } catch (const std::exception& e) {
    throw CrawlError(StartError::Config, e.what());
  }
  return run(config, options);
}

namespace {

// The crawl's name for a crawl of URLs: the first one's host, in the characters a name allows.
std::string name_for_urls(const StartUrls& urls) {
  const std::string& first = !urls.seeds.empty() ? urls.seeds.front()
                             : !urls.sitemaps.empty() ? urls.sitemaps.front()
                                                      : urls.feeds.front();
  std::string name = fetch::url_host(first);
  auto allowed = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; };
  std::replace_if(name.begin(), name.end(), [&](char c) { return !allowed(c); }, '-');
  while (name.starts_with('.') || name.starts_with('-')) name.erase(0, 1);
  while (name.ends_with('-')) name.pop_back();
  if (name.size() > config::kMaxCrawlNameLength) name.resize(config::kMaxCrawlNameLength);
  return name.empty() ? "crawl" : name;
}

}  // namespace

config::CrawlConfig config_for_urls(const StartUrls& urls, const std::string& base_dir) {
  if (urls.empty()) throw CrawlError(StartError::Config, "nothing to crawl: give URLs, --sitemap or --feed");
  // The URLs go through the config's own checks, as if a file had listed them.
  toml::table root;
  root.insert("name", name_for_urls(urls));
  auto list = [&](const char* key, const std::vector<std::string>& values) {
    toml::array array;
    for (const std::string& value : values) array.push_back(value);
    root.insert(key, std::move(array));
  };
  list("seeds", urls.seeds);
  list("sitemaps", urls.sitemaps);
  list("feeds", urls.feeds);
  std::ostringstream text;
  text << root;
  try {
    return config::parse_crawl_config(text.str(), "command line", base_dir);
  } catch (const config::ConfigError& e) {
    // Its line and column are of a file nobody wrote: the message alone says which URL.
    throw CrawlError(StartError::Config, "command line: " + std::string(e.message()));
  } catch (const std::exception& e) {
    throw CrawlError(StartError::Config, e.what());
  }
}

void add_start_urls(config::CrawlConfig& config, const StartUrls& urls) {
  if (urls.empty()) return;
  config::CrawlConfig extra = config_for_urls(urls, "");
  auto append = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& value : from) {
      if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
    }
  };
  append(config.seeds, extra.seeds);
  append(config.sitemaps, extra.sitemaps);
  append(config.feeds, extra.feeds);
  append(config.scope.allowed_hosts, extra.scope.allowed_hosts);
}

}  // namespace winnow::crawl
