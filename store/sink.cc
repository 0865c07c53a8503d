// open_sink(), and the two file sinks: JSON Lines and a directory of .txt/.json pairs.

#include "store/sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "store/file_io.h"
#include "store/postgres_sink.h"
#include "store/sqlite_sink.h"

namespace winnow::store {
namespace {

class JsonLinesSink final : public Sink {
 public:
  JsonLinesSink(std::string uri, const std::string& path) : uri_(std::move(uri)), path_(path) {
    if (path == "-") {
      fd_ = STDOUT_FILENO;
      return;
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw StoreError("cannot open " + path + ": " + errno_text());
    owned_ = true;
  }
  ~JsonLinesSink() override {
    if (owned_) ::close(fd_);
  }
  WriteOutcome write(const Record& record) override {
    batch_ += to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    batch_ += '\n';
    return WriteOutcome::New;
  }
  // Whole lines only: the batch goes out in one piece, then to disk.
  void commit() override {
    if (batch_.empty()) return;
    // A write cut short (a full disk) is taken back, so that the file never holds half a line
    // for the next run to append after.
    off_t end = owned_ ? ::lseek(fd_, 0, SEEK_END) : -1;
    if (!write_all(fd_, batch_)) {
      std::string error = errno_text();
      if (end >= 0 && ::ftruncate(fd_, end) != 0) error += "; and the partial write could not be taken back";
      batch_.clear();
      throw StoreError("cannot write " + path_ + ": " + error);
    }
    // Pipes and character devices (jsonl:/dev/stdout) cannot be synced, and need not be.
    if (owned_ && ::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
      throw StoreError("cannot sync " + path_ + ": " + errno_text());
    }
    batch_.clear();
  }
  const std::string& uri() const override { return uri_; }

 private:
  std::string uri_, path_;
  int fd_ = -1;
  bool owned_ = false;
  std::string batch_;
};

// A file name from a page key: only [A-Za-z0-9._-], bounded, and a hash of the whole key so
// that two keys never share a name and the same key always gets the same one.
std::string file_stem(const std::string& key) {
  std::string_view rest = key;
  if (size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  std::string stem;
  for (char c : rest) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    stem += safe ? c : '_';
    if (stem.size() >= 100) break;
  }
  while (!stem.empty() && (stem.front() == '.' || stem.front() == '_')) stem.erase(0, 1);
  return stem + (stem.empty() ? "" : "_") + sha256_hex(key).substr(0, 12);
}

class DirectorySink final : public Sink {
 public:
  DirectorySink(std::string uri, const std::string& dir) : uri_(std::move(uri)), dir_(dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || ::access(dir.c_str(), W_OK) != 0) {
      throw StoreError("cannot write to " + dir + ": " + (ec ? ec.message() : errno_text()));
    }
  }
  WriteOutcome write(const Record& record) override {
    std::string key = record_key(record);
    if (key.empty()) throw StoreError("a record without URL or source cannot be stored");
    std::string stem = file_stem(key);
    pending_.emplace_back(stem + ".txt", record.text.empty() ? record.text : record.text + "\n");
    pending_.emplace_back(stem + ".json", to_json(record).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    return WriteOutcome::New;
  }
  // Each file through a temporary name and a rename: readers never see half a file.
  void commit() override {
    for (const auto& [name, contents] : pending_) {
      std::string final_path = dir_ + "/" + name;
      std::string temp = final_path + ".tmp";
      int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) throw StoreError("cannot write " + temp + ": " + errno_text());
      bool ok = write_all(fd, contents) && ::fsync(fd) == 0;
      int saved = errno;
      ::close(fd);
      if (!ok || std::rename(temp.c_str(), final_path.c_str()) != 0) {
        if (ok) saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        throw StoreError("cannot write " + final_path + ": " + errno_text());
      }
    }
    pending_.clear();
  }
  const std::string& uri() const override { return uri_; }

 private:
  std::string uri_, dir_;
  std::vector<std::pair<std::string, std::string>> pending_;
};

}  // namespace

std::unique_ptr<Sink> open_sink(std::string_view uri) {
  auto rest = [&](std::string_view prefix) { return std::string(uri.substr(prefix.size())); };
  if (uri.starts_with("sqlite:")) {
    std::string path = rest("sqlite:");
    if (path.empty()) throw StoreUriError("sqlite: needs a path (sqlite:winnow.db)");
    return open_sqlite_sink(uri, path);
  }
  if (uri.starts_with("jsonl:")) {
    std::string path = rest("jsonl:");
    if (path.empty()) throw StoreUriError("jsonl: needs a path or - (jsonl:-)");
    return std::make_unique<JsonLinesSink>(std::string(uri), path);
  }
  if (uri.starts_with("dir:")) {
    std::string path = rest("dir:");
    if (path.empty()) throw StoreUriError("dir: needs a path");
    return std::make_unique<DirectorySink>(std::string(uri), path);
  }
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) return open_postgres_sink(uri);
  throw StoreUriError("unknown store '" + redact_postgres_uri(uri) +
                   "': use sqlite:PATH, postgresql://..., jsonl:PATH, jsonl:- or dir:PATH");
}

}  // namespace winnow::store
