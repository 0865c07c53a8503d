// Pieces of http_get shared with the multi-transfer Fetcher and exercised by tests; not part
// of the fetch API.
#pragma once

#include <curl/curl.h>
#include <sys/socket.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fetch/fetcher.h"

namespace winnow::fetch::http_internal {

/// Why a connection to `address` is refused when private addresses are not allowed
/// ("loopback", "private", "link-local", ...); nullptr for a public address. IPv4-mapped,
/// IPv4-compatible and NAT64 IPv6 forms are judged by the IPv4 address they carry.
const char* forbidden_address_kind(const sockaddr* address, socklen_t length);

/// The numeric form of an IPv4 or IPv6 socket address, e.g. "127.0.0.1" or "::1".
std::string address_to_string(const sockaddr* address, socklen_t length);

/// The "IP:port" form of a socket address that GetOptions::allowed_endpoints lists:
/// "127.0.0.1:8080", "[::1]:8080".
std::string endpoint_to_string(const sockaddr* address, socklen_t length);

/// Why the private-address guard refuses a connection to `address` under `options`, e.g.
/// "127.0.0.1 (loopback address)"; empty when it may go ahead (a public address, private ones
/// allowed, or an allowed endpoint).
std::string refused_connection(const GetOptions& options, const sockaddr* address, socklen_t length);

/// The same judgement made from a URL alone, before any DNS or connection: for hosts that spell
/// their address (IP literals, which curl's URL parser has already turned from decimal, hex or
/// octal into dotted form) or name the loopback interface ("localhost", "*.localhost", RFC 6761).
/// Empty for other hosts and for URLs that do not parse. It is the only check that holds when
/// a proxy connects for us.
std::string refused_host(const GetOptions& options, const std::string& url);

/// The message of a guard refusal.
std::string refusal_message(const std::string& refused);

/// "cannot resolve host example.invalid": the message of a DNS failure for `url` (the URL being
/// requested when it happened: the last redirect's), whatever was asked for on that host.
std::string cannot_resolve_message(std::string_view url);

/// The URL a failed transfer was at: the last redirect's target, or `requested`.
std::string effective_url(CURL* easy, const std::string& requested);

/// The User-Agent to send: options.user_agent, or config::default_user_agent() when it is empty
/// or holds a control character (which the commands refuse up front; a CR/LF sent on would start
/// a header of its own).
std::string user_agent_to_send(const GetOptions& options);

/// curl_global_init, once per process.
void ensure_curl_global_init();

/// Adds one raw header line to `headers` (names lower case; a status line starts a new set,
/// folded continuation lines join the previous header).
void add_header_line(std::string_view line, Headers& headers);

/// The ErrorKind of a curl result code.
ErrorKind kind_of(CURLcode code);

/// libcurl's own limits on a response head: one header line of at most 100 KB (past it the
/// transfer fails as "Out of memory"), all of a head at most 300 KB (past it, as a receive
/// error). Both would be reported as io or connect failures.
inline constexpr std::size_t kCurlMaxHeaderLineBytes = 100 * 1024;
/// Our limit on a response head, checked in the header callback. With lines of at most
/// kCurlMaxHeaderLineBytes it is always met before curl's 300 KB in all is.
inline constexpr std::size_t kMaxResponseHeadBytes = 200 * 1024;

/// What a server's response heads cost, watched from the header callback, so that a transfer
/// that failed on an oversized head is told as such (an `http` error) and not as what libcurl
/// makes of it (out of memory, a receive error).
class ResponseHeadWatch {
 public:
  /// Counts one header line of a response; false when its head is now over
  /// kMaxResponseHeadBytes (the callback then returns 0 and curl aborts the transfer).
  bool add(std::string_view line);
  /// Why the failed transfer `easy` failed, when its response heads explain it: (Http, message).
  std::optional<std::pair<ErrorKind, std::string>> failure(CURL* easy, CURLcode code) const;

 private:
  std::size_t head_bytes_ = 0;  // of the current response's head
  bool head_done_ = false;      // the blank line after it came
  bool too_large_ = false;
};

}  // namespace winnow::fetch::http_internal
