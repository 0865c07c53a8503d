// The crawl frontier: every URL a crawl knows, when it is next due, and how its last fetch went.
// It lives in the crawl's database beside the pages, so that a stored page and its URL's new
// state are committed together: a crawl killed at any moment resumes without losing a page or
// fetching again one that was stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/sink.h"

namespace winnow::store {

/// What a URL is fetched for; it decides how often it is fetched again.
enum class UrlKind { Page = 0, Feed = 1, Sitemap = 2 };

struct NewUrl {
  std::string url;      // normalized
  std::string host;     // the politeness key: scheme://host[:port]
  int depth = 0;        // link hops from a seed, sitemap or feed
  UrlKind kind = UrlKind::Page;
  /// A sitemap's or feed's date for the URL (ISO 8601), empty when unknown. A known URL whose
  /// lastmod is later than its last fetch becomes due at once.
  std::string lastmod;
};

struct LeasedUrl {
  std::string url, host;
  int depth = 0;
  UrlKind kind = UrlKind::Page;
  int attempts = 0;                   // failed tries so far
  std::string etag, last_modified;    // from the last fetch, for a conditional request
};

/// How a leased URL's fetch ended, and when it is due again.
struct UrlDone {
  std::string url;
  std::int64_t now = 0;        // unix seconds
  std::int64_t next_due = 0;   // unix seconds
  /// For a 304: when the page stored for the URL is an article, it is due at this time instead
  /// (a 304 says nothing about what the page is; the stored page does). 0: next_due regardless.
  std::int64_t next_due_if_article = 0;
  bool failed = false;         // counts an attempt and keeps `error`
  bool give_up = false;        // failed for good: not due again until next_due, and counted as failed
  long status = 0;
  std::string error;           // "kind: message" when failed
  std::string etag, last_modified;
};

struct FrontierCounts {
  std::size_t known = 0;
  std::size_t due = 0;               // waiting and due, or leased by a worker whose lease ran out
  std::size_t leased = 0;
  std::size_t leased_by_others = 0;  // leases of other workers still running: work in progress
  std::size_t failed = 0;
  std::int64_t next_due = 0;   // earliest due time of a waiting URL; 0 when none
};

/// Thrown by open_crawl_store when another process already crawls as the same worker.
class StoreLocked : public StoreError {
 public:
  using StoreError::StoreError;
};

/// What a worker asks for when it leases.
struct LeaseRequest {
  std::size_t max_urls = 64;
  /// Hosts this worker may hold at once (PostgreSQL): a host is fetched by one worker at a time,
  /// so that its per-host limit and delay hold across workers. 0: no limit.
  std::size_t max_hosts = 0;
  std::int64_t now = 0;            // unix seconds
  std::int64_t lease_seconds = 900;
};

/// A store that also keeps a frontier (SQLite and PostgreSQL). Not thread-safe: callers
/// serialize, as the crawler does.
///
/// Frontier changes (add_urls, complete, store_page) join the current batch, and commit()
/// makes them durable with the pages. Leases take effect at once: another worker must see them.
class CrawlStore : public Sink {
 public:
  /// Adds URLs the frontier does not know, due at `now`. A known URL keeps its state, except that
  /// a shallower depth is kept and a newer lastmod makes it due.
  virtual void add_urls(const std::vector<NewUrl>& urls, std::int64_t now) = 0;
  /// URLs that add_urls made known, over the store's committed batches.
  virtual std::size_t urls_added() const = 0;
  /// Leases URLs due at `now`, earliest first: another worker does not get them until they are
  /// completed or the lease runs out. On PostgreSQL a URL comes only with its host, which this
  /// worker then holds (up to max_hosts) until it has none of the host's URLs left.
  virtual std::vector<LeasedUrl> lease(const LeaseRequest& request) = 0;
  /// Extends this worker's leases (URLs and hosts) to now + lease_seconds.
  virtual void renew_leases(std::int64_t now, std::int64_t lease_seconds) = 0;
  /// Writes a page and completes its URL in the same batch.
  virtual WriteOutcome store_page(const Record& record, const UrlDone& done) = 0;
  /// Completes a URL without a page (a failure, a feed, a sitemap, a skipped type). With
  /// `not_modified` (a 304), the stored page of the URL is marked seen now.
  virtual void complete(const UrlDone& done, bool not_modified = false) = 0;
  /// Gives leased URLs back: at the start of a run (a killed run's) and at its end. SQLite has one
  /// worker at a time (the crawl's lock), so there it gives back every lease; PostgreSQL only this
  /// worker's (and its hosts), as others may be running.
  virtual void release_leases() = 0;
  virtual FrontierCounts counts(std::int64_t now) = 0;
};

/// Opens a crawl store: sqlite:PATH or postgresql://... Throws StoreUriError for other schemes
/// (files and pipes have no place for a frontier) and StoreError when it cannot be opened.
/// `worker` names this process in leases. On PostgreSQL it is also the lock: one process per
/// worker name at a time (an advisory lock held while the store is open); a second one gets
/// StoreLocked.
std::unique_ptr<CrawlStore> open_crawl_store(std::string_view uri, const std::string& worker);

}  // namespace winnow::store
