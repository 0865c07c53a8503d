// The PostgreSQL sink (postgresql://... and postgres://... URIs, libpq), and reading such a
// store back for `winnow export` and `winnow search`. Internal to store/: open the sink with
// open_sink().
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/frontier.h"
#include "store/sink.h"

namespace winnow::store {

/// Connects (connect_timeout=10 unless the URI sets one), creates or migrates the schema and
/// returns the sink. Throws StoreError with the server's message; the password never appears in
/// it, nor in uri().
///
/// write() looks the key and its duplicate candidates up with one SELECT and buffers the row;
/// it returns New, Changed or Unchanged against the stored row (or against the same key's row
/// earlier in the batch), and Duplicate instead of New or Changed when the text is a copy of
/// another page. The batch is one transaction on a second connection: its rows are upserted 100
/// at a time while later records are looked up, and commit() sends the rest and commits. On a
/// dropped connection it reconnects and replays the whole batch (up to 3 times), which the
/// upsert makes safe. When commit() throws, the batch is kept; a sink destroyed before commit()
/// drops it.
std::unique_ptr<Sink> open_postgres_sink(std::string_view uri);

/// The same store with the crawl frontier (store/frontier.h), for the worker named `worker`:
/// throws StoreLocked when another process holds that name's lock.
std::unique_ptr<CrawlStore> open_postgres_crawl_store(std::string_view uri, const std::string& worker);

/// Full-text search over title (ranked higher) and text: websearch_to_tsquery('simple', query),
/// best ts_rank first. Any query string is valid (no syntax errors); limit < 0 means no limit.
/// Rows in export's JSON form. Throws StoreError.
std::vector<nlohmann::ordered_json> postgres_search(std::string_view uri, std::string_view query, int limit);

/// Calls `each` with every page, ordered by key, read through a cursor in one snapshot. Pages
/// whose last change is at or after `since_iso_date` (when not empty; a date or a timestamp, UTC
/// unless it names a zone) and whose hostname is `site_host` (when not empty). Each row is
/// store::to_json's schema (fetch_status as "status") followed by key, first_seen, last_seen,
/// last_changed (ISO 8601 UTC, seconds) and duplicate_of. Throws StoreError.
void postgres_export(std::string_view uri, std::string_view since_iso_date, std::string_view site_host,
                     const std::function<void(const nlohmann::ordered_json&)>& each);

/// `uri` with its password (user:PASSWORD@ or password=...) replaced by "***", for messages.
std::string redact_postgres_uri(std::string_view uri);

}  // namespace winnow::store
