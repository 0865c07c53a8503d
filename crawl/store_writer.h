// One sink shared by the worker threads of a command: records are written under a lock and
// committed in batches, and the first store failure stops the command's writing for good.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "store/record.h"
#include "store/sink.h"

namespace winnow::crawl {

/// Exit code of every command when its store cannot be opened or written (DESIGN.md).
inline constexpr int kExitStoreFailed = 4;

class StoreWriter {
 public:
  static constexpr std::size_t kBatch = 500;
  explicit StoreWriter(std::unique_ptr<store::Sink> sink) : sink_(std::move(sink)), uri_(sink_->uri()) {}

  /// Writes one record; commits when a batch is full. Returns an error message, empty on success.
  /// After a failure the store is not tried again: a full disk or a lost database would fail
  /// every later record too, and the records of the failed batch are already gone.
  std::string put(const store::Record& record);
  /// Commits what is left and closes the store. Returns an error message, empty on success.
  /// A put() afterwards stores nothing: a clean that outlived its command (abandoned on a stop)
  /// cannot write to a closed store.
  std::string finish();
  /// The first failure's message; empty while the store works.
  std::string failure() const;
  /// "stored in URI: N new, N changed, N unchanged, N duplicates".
  std::string summary() const;
  std::size_t count(store::WriteOutcome outcome) const;

 private:
  std::string fail(const std::exception& e);

  mutable std::mutex mutex_;
  std::unique_ptr<store::Sink> sink_;  // null once finished
  std::string uri_;
  std::size_t uncommitted_ = 0;
  std::size_t counts_[4] = {};
  std::string failure_;
};

/// Opens the sink for `uri`, or logs why not and sets exit_code (2 for a URI that names no
/// store, kExitStoreFailed for a store that cannot be opened). `option` names the flag in the
/// message ("--store").
std::unique_ptr<StoreWriter> open_store_writer(const std::string& uri, const char* option, int& exit_code);

}  // namespace winnow::crawl
