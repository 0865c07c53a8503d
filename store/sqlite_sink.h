// The SQLite sink (sqlite:PATH). Internal to store/: open it with open_sink().
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sink.h"

namespace winnow::store {

/// Opens (creating and migrating) the database at `path`; throws StoreError.
std::unique_ptr<Sink> open_sqlite_sink(std::string_view uri, const std::string& path);

}  // namespace winnow::store
