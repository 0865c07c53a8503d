// Pieces of http_get shared with the multi-transfer Fetcher and exercised by tests; not part
// of the fetch API.
#pragma once

#include <curl/curl.h>
#include <sys/socket.h>

#include <string>
#include <string_view>

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

/// curl_global_init, once per process.
void ensure_curl_global_init();

/// Adds one raw header line to `headers` (names lower case; a status line starts a new set,
/// folded continuation lines join the previous header).
void add_header_line(std::string_view line, Headers& headers);

/// The ErrorKind of a curl result code.
ErrorKind kind_of(CURLcode code);

}  // namespace winnow::fetch::http_internal
