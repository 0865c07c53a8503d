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
  bool failed = false;         // counts an attempt and keeps `error`
  bool give_up = false;        // failed for good: not due again until next_due, and counted as failed
  long status = 0;
  std::string error;           // "kind: message" when failed
  std::string etag, last_modified;
};

struct FrontierCounts {
  std::size_t known = 0, due = 0, leased = 0, failed = 0;
  std::int64_t next_due = 0;   // earliest due time of a waiting URL; 0 when none
};

/// A store that also keeps a frontier (SQLite and PostgreSQL). Not thread-safe: callers
/// serialize, as the crawler does.
class CrawlStore : public Sink {
 public:
  /// Adds URLs the frontier does not know, due at `now`; returns how many were new. A known URL
  /// keeps its state, except that a shallower depth is kept and a newer lastmod makes it due.
  virtual std::size_t add_urls(const std::vector<NewUrl>& urls, std::int64_t now) = 0;
  /// Leases up to `max` URLs due at `now`, earliest first, for `lease_seconds`: another worker
  /// does not get them until they are completed or the lease runs out.
  virtual std::vector<LeasedUrl> lease(std::size_t max, std::int64_t now, std::int64_t lease_seconds) = 0;
  /// Writes a page and completes its URL in the same batch.
  virtual WriteOutcome store_page(const Record& record, const UrlDone& done) = 0;
  /// Completes a URL without a page (a failure, a feed, a sitemap, a skipped type). With
  /// `not_modified` (a 304), the stored page of the URL is marked seen now.
  virtual void complete(const UrlDone& done, bool not_modified = false) = 0;
  /// Gives leased URLs back: at the start of a run (a killed run's) and at its end. SQLite has one
  /// worker at a time (the crawl's lock), so there it gives back every lease; PostgreSQL only this
  /// worker's, as others may be running.
  virtual void release_leases() = 0;
  virtual FrontierCounts counts(std::int64_t now) = 0;
};

/// Opens a crawl store: sqlite:PATH or postgresql://... Throws StoreUriError for other schemes
/// (files and pipes have no place for a frontier) and StoreError when it cannot be opened.
/// `worker` names this process in leases ("host:pid").
std::unique_ptr<CrawlStore> open_crawl_store(std::string_view uri, const std::string& worker);

}  // namespace winnow::store
