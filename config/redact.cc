#include "config/redact.h"

#include <algorithm>
#include <array>

#include "config/control_characters.h"
#include "config/text_util.h"

namespace winnow::config {
namespace {

bool is_alpha(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

int hex_value(unsigned char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 3986: a scheme is a letter, then letters, digits, '+', '-' and '.'.
bool is_scheme(std::string_view text) {
  return !text.empty() && is_alpha(text[0]) && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
  });
}

// Parameter names that by convention carry a credential, matched against each word of a name
// (split at anything not a letter or digit, after percent-decoding and lower-casing)...
constexpr auto kSecretParameterWords = std::to_array<std::string_view>({
    "password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "key", "apikey",
    "signature", "sig", "credential", "credentials", "auth", "authorization",
});
// ...and the endings of words run together or written in camelCase ("accessToken").
constexpr auto kSecretParameterWordEndings =
    std::to_array<std::string_view>({"token", "secret", "password", "apikey"});

bool is_secret_word(std::string_view word) {
  if (std::find(kSecretParameterWords.begin(), kSecretParameterWords.end(), word) !=
      kSecretParameterWords.end()) {
    return true;
  }
  return std::any_of(kSecretParameterWordEndings.begin(), kSecretParameterWordEndings.end(),
                     [&](std::string_view ending) { return word.ends_with(ending); });
}

bool is_secret_parameter(std::string_view name) {
  std::string decoded;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size() && hex_value(name[i + 1]) >= 0 &&
        hex_value(name[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(name[i + 1]) * 16 + hex_value(name[i + 2]));
      i += 2;
    } else {
      decoded += name[i];
    }
  }
  decoded = text::lower(decoded);
  std::size_t start = 0;
  while (start < decoded.size()) {
    std::size_t end = start;
    while (end < decoded.size() && (is_alpha(decoded[end]) || is_digit(decoded[end]))) ++end;
    if (end > start && is_secret_word(std::string_view(decoded).substr(start, end - start))) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// "a=1&token=x;b" -> "a=1&token=***;b": `;` separates too, as some servers read it so.
std::string redact_parameters(std::string_view parameters) {
  std::string out;
  out.reserve(parameters.size());
  std::size_t start = 0;
  while (start < parameters.size()) {
    std::size_t end = parameters.find_first_of("&;", start);
    if (end == std::string_view::npos) end = parameters.size();
    const std::string_view piece = parameters.substr(start, end - start);
    const std::size_t equals = piece.find('=');
    if (equals != std::string_view::npos && equals + 1 < piece.size() &&
        is_secret_parameter(piece.substr(0, equals))) {
      out.append(piece.substr(0, equals + 1)).append("***");
    } else {
      out.append(piece);
    }
    if (end < parameters.size()) out += parameters[end];
    start = end + 1;
  }
  return out;
}

// Where the authority starts: after "scheme://" or a leading "//"; at 0 for what has neither,
// such as a proxy setting "user:password@proxy:3128".
std::size_t authority_start(std::string_view url) {
  const std::size_t slashes = url.find("//");
  if (slashes == 0) return 2;
  if (slashes == std::string_view::npos || url[slashes - 1] != ':') return 0;
  const std::string_view scheme = url.substr(0, slashes - 1);
  return scheme.empty() || is_scheme(scheme) ? slashes + 2 : 0;  // "://host" too: a scheme lost to a typo
}

}  // namespace

std::string redact_url(std::string_view url) {
  const std::size_t authority = authority_start(url);
  // A password may hold a raw '@' (curl and browsers split at the last one), but not '/', '?'
  // or '#', which end the authority.
  std::size_t authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string out(url.substr(0, authority));
  std::string_view host = url.substr(authority, authority_end - authority);
  if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = host.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      if (!userinfo.empty()) out += "***";
    } else {
      out.append(userinfo.substr(0, colon + 1));
      if (colon + 1 < userinfo.size()) out += "***";
    }
    host.remove_prefix(at);
  }
  out.append(host);

  std::string_view rest = url.substr(authority_end);
  const std::size_t fragment = rest.find('#');
  const std::size_t query = rest.substr(0, fragment).find('?');
  const std::size_t path_end = std::min(query, fragment);
  out.append(rest.substr(0, path_end));
  if (query != std::string_view::npos) {
    out += '?';
    out += redact_parameters(rest.substr(query + 1, fragment == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : fragment - query - 1));
  }
  if (fragment != std::string_view::npos) {
    out += '#';
    out += redact_parameters(rest.substr(fragment + 1));
  }
  // URLs come from servers (Location, links) as often as from the user: no raw control bytes.
  return printable(out);
}

}  // namespace winnow::config
