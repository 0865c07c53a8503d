#include "crawl/store_writer.h"

#include <spdlog/spdlog.h>

namespace winnow::crawl {

std::string StoreWriter::fail(const std::exception& e) {
  failure_ = uri_ + ": " + e.what();
  return failure_;
}

std::string StoreWriter::put(const store::Record& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failure_.empty()) return "not stored: the store failed earlier";
  if (!sink_) return "not stored: the store was closed";
  try {
    store::WriteOutcome outcome = sink_->write(record);
    ++counts_[static_cast<int>(outcome)];
    if (++uncommitted_ >= kBatch) {
      sink_->commit();
      uncommitted_ = 0;
    }
    return {};
  } catch (const std::exception& e) {
    return fail(e);
  }
}

std::string StoreWriter::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failure_.empty()) return failure_;
  if (!sink_) return {};
  try {
    sink_->commit();
    uncommitted_ = 0;
    sink_.reset();
    return {};
  } catch (const std::exception& e) {
    return fail(e);
  }
}

std::string StoreWriter::failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

std::size_t StoreWriter::count(store::WriteOutcome outcome) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_[static_cast<int>(outcome)];
}

std::string StoreWriter::summary() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return "stored in " + uri_ + ": " + std::to_string(counts_[0]) + " new, " + std::to_string(counts_[1]) +
         " changed, " + std::to_string(counts_[2]) + " unchanged, " + std::to_string(counts_[3]) + " duplicates";
}

std::unique_ptr<StoreWriter> open_store_writer(const std::string& uri, const char* option, int& exit_code) {
  try {
    return std::make_unique<StoreWriter>(store::open_sink(uri));
  } catch (const store::StoreUriError& e) {
    spdlog::error("{}: {}", option, e.what());
    exit_code = 2;
  } catch (const std::exception& e) {
    spdlog::error("{}: {}", option, e.what());
    exit_code = kExitStoreFailed;
  }
  return nullptr;
}

}  // namespace winnow::crawl
