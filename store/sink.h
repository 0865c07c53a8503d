// Where records go: one interface for every store (DESIGN.md), chosen by a URI.
//
//   sqlite:PATH          SQLite database (the default: sqlite:winnow.db)
//   postgresql://...     PostgreSQL (libpq)
//   jsonl:PATH, jsonl:-  JSON Lines file, or standard output
//   dir:PATH             one .txt and one .json per page
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/record.h"

namespace winnow::store {

/// A store that cannot be opened or written: the message says which and why.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A store URI that names no store open_sink() knows (a usage error, not a failing store).
class StoreUriError : public StoreError {
 public:
  using StoreError::StoreError;
};

/// What a sink did with one record.
enum class WriteOutcome { New, Changed, Unchanged, Duplicate };

class Sink {
 public:
  virtual ~Sink() = default;
  /// Adds a record to the current batch. Records with the same key (Record::key()) are one page:
  /// the last write wins, and a database keeps one row per key.
  virtual WriteOutcome write(const Record& record) = 0;
  /// Makes the current batch durable (one transaction in a database). Throws StoreError.
  virtual void commit() = 0;
  /// The URI it was opened with, for messages.
  virtual const std::string& uri() const = 0;
};

/// Opens the sink a URI names; throws StoreUriError (unknown scheme, no path) or StoreError
/// (unwritable path, a database that cannot be opened or migrated).
std::unique_ptr<Sink> open_sink(std::string_view uri);

/// The default store: sqlite:winnow.db.
inline constexpr std::string_view kDefaultStore = "sqlite:winnow.db";

}  // namespace winnow::store
