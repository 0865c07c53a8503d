// Pieces of http_get that tests exercise directly; not part of the fetch API.
#pragma once

#include <sys/socket.h>

#include <string>

namespace winnow::fetch::http_internal {

/// Why a connection to `address` is refused when private addresses are not allowed
/// ("loopback", "private", "link-local", ...); nullptr for a public address. IPv4-mapped,
/// IPv4-compatible and NAT64 IPv6 forms are judged by the IPv4 address they carry.
const char* forbidden_address_kind(const sockaddr* address, socklen_t length);

/// The numeric form of an IPv4 or IPv6 socket address, e.g. "127.0.0.1" or "::1".
std::string address_to_string(const sockaddr* address, socklen_t length);

}  // namespace winnow::fetch::http_internal
