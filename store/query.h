// Reading a store back: export its pages, search their text. Used by `winnow export` and
// `winnow search`.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sink.h"

namespace winnow::store {

struct ExportFilter {
  std::string since;  // ISO date or timestamp: pages whose last change is at or after it
  std::string site;   // hostname, exact (www. is not stripped)
};

/// Calls `each` with every page of the store in the output schema (plus first_seen, last_seen,
/// last_changed, duplicate_of), ordered by key. Throws StoreError.
void export_pages(std::string_view uri, const ExportFilter& filter,
                  const std::function<void(const nlohmann::ordered_json&)>& each);

/// Full-text search over title and text, best match first (FTS5 bm25 in SQLite). A query with
/// a syntax error throws StoreError with the message, never crashes.
std::vector<nlohmann::ordered_json> search_pages(std::string_view uri, std::string_view query, int limit);

}  // namespace winnow::store
