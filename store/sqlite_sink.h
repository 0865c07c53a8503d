// The SQLite sink (sqlite:PATH). Internal to store/: open it with open_sink().
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/frontier.h"
#include "store/sink.h"

namespace winnow::store {

/// Opens (creating and migrating) the database at `path`; throws StoreError.
std::unique_ptr<Sink> open_sqlite_sink(std::string_view uri, const std::string& path);
/// The same database as a crawl store; `worker` names this process in leases.
std::unique_ptr<CrawlStore> open_sqlite_crawl_store(std::string_view uri, const std::string& path,
                                                    const std::string& worker);

}  // namespace winnow::store
