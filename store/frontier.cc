#include "store/frontier.h"

#include "store/postgres_sink.h"
#include "store/sqlite_sink.h"

namespace winnow::store {

std::unique_ptr<CrawlStore> open_crawl_store(std::string_view uri, const std::string& worker) {
  if (uri.starts_with("sqlite:")) {
    std::string path(uri.substr(7));
    if (path.empty()) throw StoreUriError("sqlite: needs a path (sqlite:winnow.db)");
    return open_sqlite_crawl_store(uri, path, worker);
  }
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) return open_postgres_crawl_store(uri, worker);
  throw StoreUriError("a crawl needs a database for its frontier: use sqlite:PATH or postgresql://..., not '" +
                      redact_postgres_uri(uri) + "'");
}

}  // namespace winnow::store
