// Small text helpers of config/'s two parsers (site rules and the crawl config). Internal to
// config/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace winnow::config::text {

char ascii_lower(char c);
std::string lower(std::string_view text);
/// Lower case, without a trailing dot.
std::string normalize_host(std::string_view host);
/// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// A config file's whole text; throws ConfigError naming the file and the errno text.
std::string read_config_file(const std::string& path);
/// "https://user@Example.com:8080/path" -> "example.com" (IPv6 literals keep their brackets);
/// no check that it is a host: what the user most likely meant.
std::string host_of_url(std::string_view text);

}  // namespace winnow::config::text
