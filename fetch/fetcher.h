// The fetch stage's public API: getting page bytes (HTTP or local files) and decoding them to UTF-8:
// one blocking GET (http_get), and the crawler's downloader (Fetcher: many transfers at once on
// one libcurl multi handle, polite per host, robots.txt, retries, redirects, conditional GET).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/defaults.h"

namespace winnow::fetch {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lower case

/// What kind of failure ended a request; None on success (any HTTP status counts as success).
enum class ErrorKind { None, InvalidUrl, ForbiddenScheme, ForbiddenAddress, Dns, Connect, Timeout,
                       TooLarge, Tls, Http, Io, Redirect, Robots, Skipped };
const char* to_string(ErrorKind kind);

struct GetOptions {
  long connect_timeout_seconds = config::kConnectTimeoutSeconds;
  long total_timeout_seconds = config::kTotalTimeoutSeconds;
  std::size_t max_body_bytes = config::kMaxBodyBytes;  // of the decoded (decompressed) body
  long max_redirects = config::kMaxRedirects;
  bool allow_private_addresses = false;  // loopback, private, link-local, multicast
  /// "IP:port" endpoints ("127.0.0.1:8080", "[::1]:8080") the private-address guard lets through
  /// when private addresses are not allowed in general: a local test server or service.
  std::vector<std::string> allowed_endpoints;
  /// "host:port:address[,address...]" entries that pin names to addresses without DNS, as curl's
  /// --resolve does (tests map names to 127.0.0.1 with it). The guard still judges the address.
  std::vector<std::string> resolve;
  std::string user_agent;  // empty, or with a control character: config::default_user_agent()
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
/// Bytes already in memory (the Python module's `bytes` pages), as read_file reads a file: gzip
/// gunzipped, the same cap. `name` names them in messages.
FileBytes read_bytes(std::string_view bytes, const std::string& name,
                     std::size_t max_bytes = config::kMaxInputBytes);

struct Decoded {
  std::string utf8;     // valid UTF-8 (invalid input sequences replaced with U+FFFD)
  std::string charset;  // canonical name used, e.g. "UTF-8", "windows-1252", "EUC-KR"
  std::string source;   // where it came from: "bom", "http", "meta", "detected", "default"
};

/// Decodes page bytes to UTF-8: BOM, then the Content-Type charset (HTTP), then <meta charset>
/// or http-equiv in the first 4 KB... , then ICU detection, then UTF-8/windows-1252.
Decoded decode_to_utf8(std::string_view bytes, std::string_view content_type = {});

// ---- the crawler's downloader ------------------------------------------------------------------

struct FetchOptions {
  GetOptions transfer;               // timeouts, size cap, user agent, private-address guard
  std::size_t max_concurrency = 32;  // transfers at once, all hosts
  std::size_t per_host = 2;          // transfers at once to one host
  double host_delay_seconds = 1.0;   // between the starts of two requests to one host
  int max_tries = 3;                 // first try included
  double retry_base_seconds = 1.0;   // backoff: base * 2^(try-1), with jitter
  double max_retry_after_seconds = 300;  // a server's Retry-After is capped at this
  bool obey_robots = true;
  double max_crawl_delay_seconds = 30;   // robots.txt Crawl-delay is capped at this
  /// Empty: the usual environment variables (http_proxy, ...). A proxy resolves and connects for
  /// us, so the private-address guard can then judge only hosts that spell their address (IP
  /// literals, localhost names); that check runs for every request and redirect hop, proxy or
  /// not. The proxy's own addresses (resolved once, at construction) are let through; every
  /// other connection, such as one no_proxy sends around the proxy, is judged after DNS.
  std::string proxy;
  /// More "IP:port" endpoints the guard lets through, as transfer.allowed_endpoints (both count).
  std::vector<std::string> allowed_endpoints;
  /// Keep FetchResult::raw_body, reason and ip_address (for a WARC archive of the responses).
  /// Then the body of an xml request (Request::xml) is left in raw_body only, not decoded.
  bool keep_raw_body = false;
};

struct Request {
  std::string url;
  // Sent as If-None-Match and If-Modified-Since; not sent when they hold a control character
  // (they come from a server: a CR/LF would start a header of its own).
  std::string etag;
  std::string last_modified;
  bool xml = false;           // sitemaps and feeds: XML bodies are kept too
  std::uint64_t tag = 0;      // the caller's own reference, returned with the result
};

struct Timings {
  double dns = 0, connect = 0, first_byte = 0, total = 0;  // seconds, of the last try
};

struct FetchResult {
  Request request;
  std::string final_url;                // after redirects
  std::vector<std::string> redirects;   // every URL that redirected, in order
  long status = 0;                      // of the final response; 0 when none
  Headers headers;                      // of the final response
  std::string content_type;
  std::string body;                     // decoded to UTF-8 (2xx only)
  std::string charset;                  // what it was decoded from
  bool not_modified = false;            // 304 to a conditional request: no body
  // With FetchOptions::keep_raw_body only: the final response's bytes after content decoding
  // (gzip, br) but before charset decoding, for any status; its reason phrase; the server's IP.
  std::string raw_body;
  std::string reason;
  std::string ip_address;
  int tries = 0;
  Timings timings;
  ErrorKind error_kind = ErrorKind::None;
  std::string error;                    // empty on success
  bool ok() const { return error_kind == ErrorKind::None; }
};

/// "text/html; charset=utf-8" -> "text/html": the media type of a Content-Type, lower case.
std::string media_type(std::string_view content_type);
/// The media types the cleaner takes; an empty one too (servers that send none mostly send HTML).
bool is_html_type(std::string_view media_type);
/// Why a body of `media_type` is not taken: "not HTML (application/pdf)"; with `xml_wanted` (a
/// sitemap or feed request), "not HTML or XML (image/png)".
std::string not_html_message(std::string_view media_type, bool xml_wanted = false);

/// Downloads many URLs at once on one libcurl multi handle (event-driven, one thread): a total
/// and a per-host concurrency limit, a delay between requests to one host (robots.txt
/// Crawl-delay when longer), robots.txt fetched once per host, retries with backoff, redirects
/// followed one hop at a time (each hop polite and checked), size and time caps.
/// Not thread-safe: one thread adds requests and takes results.
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void add(Request request);
  /// Runs transfers until one request is finished and moves its result into `out`; returns false
  /// when no request is left.
  bool next(FetchResult& out);
  /// Like next(), but gives up after `max_wait`: false when no result came by then (or none is
  /// pending), so a caller can do other work between results.
  bool next_within(FetchResult& out, std::chrono::milliseconds max_wait);
  /// Drops the requests that wait for their turn (not the transfers under way, whose results
  /// still come from next()) and returns them: a crawl that is told to stop gives them back.
  std::vector<Request> cancel_waiting();
  /// Requests added and not yet returned by next().
  std::size_t pending() const;
  /// The Sitemap: URLs of the robots.txt of `url`'s host, when it has been fetched.
  std::vector<std::string> sitemaps_of(std::string_view url) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow::fetch
