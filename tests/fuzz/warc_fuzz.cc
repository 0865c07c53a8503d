// Fuzz target: WARC reading (store::WarcReader: plain and gzip-per-record archives, ours and
// other tools') and the decoding of response payloads (store::decoded_http_payload: chunked,
// gzip, deflate). The reader only opens paths, so the input goes to an in-memory file that it
// opens by its /proc name.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/warc.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

// Small enough that a gzip bomb stops early instead of filling the fuzzer's memory; the
// limit's own check is what is exercised.
constexpr std::size_t kMaxPayloadBytes = 1 << 20;
// The reader needs no more to reach every state; a record's cost is bounded by the input.
constexpr std::size_t kMaxRecords = 1000;

class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes) : fd_(memfd_create("warc-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();  // the machine, not the input: stop rather than fuzz nothing
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
      if (n <= 0) std::abort();
      written += static_cast<std::size_t>(n);
    }
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Opening this path gives a new file description, read from the start.
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

void check_record(const store::WarcRecord& record) {
  WINNOW_FUZZ_CHECK(record.block.size() <= store::kMaxWarcBlockBytes);
  WINNOW_FUZZ_CHECK(record.payload.size() <= record.block.size());
  if (record.payload.empty() && record.http_headers.empty()) return;
  std::string page, error;
  if (store::decoded_http_payload(record, page, error, kMaxPayloadBytes)) {
    WINNOW_FUZZ_CHECK(page.size() <= kMaxPayloadBytes);
  } else {
    WINNOW_FUZZ_CHECK(!error.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MemoryFile file(fuzz::as_text(data, size));
  store::WarcReader reader(file.path());
  store::WarcRecord record;
  std::size_t records = 0;
  while (records < kMaxRecords && reader.next(record)) {
    check_record(record);
    ++records;
  }
  if (records < kMaxRecords) {
    // A stop is the end of the file or an error; after either, next() keeps saying false.
    WINNOW_FUZZ_CHECK(!reader.next(record));
  }
  return 0;
}
