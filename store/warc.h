// WARC/1.1 files (ISO 28500): raw HTTP exchanges kept beside the cleaned records, so that any
// crawl can be cleaned again later without fetching it again.
//
// Writing: every record is its own gzip member (the layout the WARC spec's annex recommends, so
// that tools can seek to a record), digests are "sha1:BASE32" as other WARC tools write them.
// Reading: gzip-per-record and uncompressed files, ours and other tools'.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sink.h"

namespace winnow::store {

using WarcHeaders = std::vector<std::pair<std::string, std::string>>;

/// One HTTP exchange as the fetcher had it.
struct WarcResponse {
  std::string target_uri;
  /// The request head as sent ("GET /path HTTP/1.1\r\nHost: ...\r\n\r\n"); one is synthesized
  /// from target_uri when it is empty.
  std::string request_headers;
  long status = 0;
  std::string reason;
  WarcHeaders headers;
  /// The payload after content decoding. The record therefore leaves out Content-Encoding and
  /// Transfer-Encoding and carries a Content-Length of the decoded size: a reader that honours
  /// those headers must not try to gunzip or de-chunk bytes that no longer are.
  std::string body;
  /// ISO 8601 UTC ("2026-11-23T10:00:00Z"); the time of writing when empty.
  std::string fetched_at;
  /// The server's address; WARC-IP-Address is left out when empty.
  std::string ip_address;
};

/// Appends request/response pairs to a WARC file. Not thread-safe: one writer per file.
class WarcWriter {
 public:
  /// Opens (creates or appends to) PATH; ".gz" is not required in the name but the output is
  /// gzip-per-record. Writes a warcinfo record first when the file is new or empty. Throws
  /// StoreError with the path and the errno text on failure.
  explicit WarcWriter(const std::string& path);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  /// Writes a request record and a response record that name each other in WARC-Concurrent-To,
  /// with WARC-Payload-Digest and WARC-Block-Digest. The pair goes to the file in one write, so a
  /// killed process leaves whole records. Throws StoreError.
  void write(const WarcResponse& response);
  /// Closes the file; write() afterwards throws StoreError. Called by the destructor.
  void close();

 private:
  void write_warcinfo();
  void append(const std::string& bytes);

  std::string path_;
  int fd_ = -1;
};

/// One record as read back.
struct WarcRecord {
  std::string type;        // WARC-Type
  std::string target_uri;  // WARC-Target-URI
  std::string date;        // WARC-Date
  std::string record_id;   // WARC-Record-ID, with its angle brackets
  WarcHeaders warc_headers;  // every WARC header in file order, names as written
  std::string block;
  // Response records with an HTTP block only (0 and empty otherwise):
  long http_status = 0;
  WarcHeaders http_headers;
  /// The bytes after the HTTP head as stored: still chunked or compressed if the writing tool
  /// kept them so (what WARC-Payload-Digest covers).
  std::string payload;
};

/// Largest record block the reader accepts; a larger Content-Length is an error.
inline constexpr std::size_t kMaxWarcBlockBytes = 64u << 20;

class WarcReader {
 public:
  /// Opens PATH; throws StoreError with the path and the errno text.
  explicit WarcReader(const std::string& path);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  /// Reads the next record into OUT; false at the end of the file or on the first error, after
  /// which error() says what was wrong (it stays empty at a clean end).
  bool next(WarcRecord& out);
  const std::string& error() const { return error_; }

 private:
  class Source;
  bool fail(const std::string& message);
  bool read_record(WarcRecord& out);

  std::string path_;
  std::unique_ptr<Source> source_;
  std::size_t records_read_ = 0;
  std::string error_;
  bool done_ = false;
};

/// The page a response record carries, as a browser would see it: its payload with HTTP's
/// Transfer-Encoding (chunked) and Content-Encoding (gzip, x-gzip, deflate, identity) undone.
/// Other tools' archives keep those; ours already hold decoded bodies. Returns false with
/// `error` set for an encoding it cannot undo (br, zstd) or a payload that is corrupt, and
/// stops with an error when the decoded page would exceed `max_bytes` (`out` then holds nothing
/// of use). Linear in the payload, however small its chunks.
bool decoded_http_payload(const WarcRecord& record, std::string& out, std::string& error,
                          std::size_t max_bytes = kMaxWarcBlockBytes);

/// "sha1:" and the RFC 4648 base32 of the SHA-1 of BYTES: the digest form of WARC files.
std::string warc_sha1_digest(std::string_view bytes);

}  // namespace winnow::store
