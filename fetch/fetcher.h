// The fetch stage's public API: getting page bytes (HTTP or local files) and decoding them to UTF-8.
// For now a single blocking GET; the multi-transfer Fetcher comes with the fetcher issue.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/defaults.h"

namespace winnow::fetch {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lower case

/// What kind of failure ended a request; None on success (any HTTP status counts as success).
enum class ErrorKind { None, InvalidUrl, ForbiddenScheme, ForbiddenAddress, Dns, Connect, Timeout,
                       TooLarge, Tls, Http, Io };
const char* to_string(ErrorKind kind);

struct GetOptions {
  long connect_timeout_seconds = config::kConnectTimeoutSeconds;
  long total_timeout_seconds = config::kTotalTimeoutSeconds;
  std::size_t max_body_bytes = config::kMaxBodyBytes;  // of the decoded (decompressed) body
  long max_redirects = config::kMaxRedirects;
  bool allow_private_addresses = false;  // loopback, private, link-local, multicast
  std::string user_agent;                // empty: config::default_user_agent()
  long low_speed_bytes_per_second = 1024;  // slower than this for low_speed_seconds aborts
  long low_speed_seconds = 15;
};

struct Response {
  std::string requested_url;
  std::string final_url;      // after redirects
  long status = 0;            // HTTP status, 0 when no response
  Headers headers;            // of the final response
  std::string content_type;   // Content-Type header value, may be empty
  std::string body;           // raw bytes, decompressed, not yet charset-decoded
  ErrorKind error_kind = ErrorKind::None;
  std::string error;          // human-readable, empty on success
  bool ok() const { return error_kind == ErrorKind::None; }
};

/// Blocking HTTP(S) GET with timeouts, size cap, redirects and the private-address guard
/// (checked on every connection, so it holds after DNS and after each redirect).
Response http_get(const std::string& url, const GetOptions& options = {});

/// Result of reading a local input.
struct FileBytes {
  std::string bytes;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

/// Reads a file; `.gz` files (by magic bytes) are gunzipped. Fails cleanly on missing,
/// unreadable, directory, or over `max_bytes` (after decompression).
FileBytes read_file(const std::string& path, std::size_t max_bytes = config::kMaxInputBytes);
/// Reads all of stdin, with the same cap and gzip handling.
FileBytes read_stdin(std::size_t max_bytes = config::kMaxInputBytes);

struct Decoded {
  std::string utf8;     // valid UTF-8 (invalid input sequences replaced with U+FFFD)
  std::string charset;  // canonical name used, e.g. "UTF-8", "windows-1252", "EUC-KR"
  std::string source;   // where it came from: "bom", "http", "meta", "detected", "default"
};

/// Decodes page bytes to UTF-8: BOM, then the Content-Type charset (HTTP), then <meta charset>
/// or http-equiv in the first 4 KB... , then ICU detection, then UTF-8/windows-1252.
Decoded decode_to_utf8(std::string_view bytes, std::string_view content_type = {});

}  // namespace winnow::fetch
