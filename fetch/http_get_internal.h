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

/// curl_global_init, once per process.
void ensure_curl_global_init();

/// Adds one raw header line to `headers` (names lower case; a status line starts a new set,
/// folded continuation lines join the previous header).
void add_header_line(std::string_view line, Headers& headers);

/// The ErrorKind of a curl result code.
ErrorKind kind_of(CURLcode code);

}  // namespace winnow::fetch::http_internal
