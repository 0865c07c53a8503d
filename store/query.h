// Reading a store back: export its pages, search their text. Used by `winnow export` and
// `winnow search`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
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
/// last_changed, duplicate_of), ordered by key. A jsonl:PATH store gives each key's last line
/// as it was written (no since filter: it keeps no change times). Throws StoreError.
void export_pages(std::string_view uri, const ExportFilter& filter,
                  const std::function<void(const nlohmann::ordered_json&)>& each);

/// A search query the store cannot read: an FTS5 syntax error, an unknown column, or a query
/// over kMaxSearchQueryBytes. The user's mistake (a usage error), not a failing store.
class SearchQueryError : public StoreError {
 public:
  using StoreError::StoreError;
};

/// Longer queries are refused: a person's query is far shorter, and each term, prefix or phrase
/// costs a lookup in the index, so the length bounds the work one query can ask for.
inline constexpr std::size_t kMaxSearchQueryBytes = 4096;

/// Full-text search over title and text, best match first (FTS5 bm25 in SQLite, websearch
/// syntax in PostgreSQL). The query is only ever a bound parameter. A query the store cannot
/// read throws SearchQueryError, whose message quotes its start (search '"unbalanced':
/// unterminated string); other failures throw StoreError.
std::vector<nlohmann::ordered_json> search_pages(std::string_view uri, std::string_view query, int limit);

}  // namespace winnow::store
