// curl's URL API parses, validates, resolves relative references, removes dot segments and
// canonicalizes IP addresses; this file adds what curl leaves alone: case, default ports,
// percent-encoding, tracking parameters and the browser's leniency with hand-written hrefs.
//
// International host names stay in UTF-8. Debian 12's curl 7.88 has CURLU_PUNYCODE, but it
// converts through idn2_lookup_ul, which reads the process locale: under the "C" locale every
// non-ASCII host fails (as CURLUE_OUT_OF_MEMORY). Canonical forms that depend on the locale of
// the process would break deduplication, so none is attempted.

#include "fetch/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace winnow::fetch {
namespace {

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

enum class Component { Path, Query };

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) { return ascii_lower(c); });
  return s;
}

bool is_alpha(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool is_unreserved(unsigned char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(unsigned char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 3986 pchar and query: unreserved, sub-delims, ":", "@", "/" (and "?" in the query).
bool allowed_raw(unsigned char c, Component component) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
    case ';': case '=': case ':': case '@': case '/':
      return true;
    case '?':
      return component == Component::Query;
    default:
      return false;
  }
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// One spelling per character: escapes of unreserved characters decoded (they mean the same raw),
// other escapes in upper case, raw characters that URLs may not carry escaped.
std::string normalize_percent_encoding(std::string_view in, Component component) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
        hex_value(in[i + 2]) >= 0) {
      const auto decoded = static_cast<unsigned char>(hex_value(in[i + 1]) * 16 +
                                                      hex_value(in[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escape(out, decoded);
      }
      i += 2;
    } else if (allowed_raw(c, component)) {
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

bool is_tracking_parameter(std::string_view name) {
  if (name.starts_with(kTrackingQueryPrefix)) return true;
  return std::find(kTrackingQueryParameters.begin(), kTrackingQueryParameters.end(), name) !=
         kTrackingQueryParameters.end();
}

// Expects a query already through normalize_percent_encoding, so that "fbcl%69d" is "fbclid".
std::string remove_tracking_parameters(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty() || is_tracking_parameter(piece.substr(0, piece.find('=')))) continue;
    if (!out.empty()) out += '&';
    out += piece;
  }
  return out;
}

// The WHATWG URL parser's leniency, which hrefs written by hand rely on: surrounding C0 controls
// and spaces go, tabs and newlines anywhere go, and for http(s) `\` before the query is `/`.
std::string browser_clean(std::string_view in) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!in.empty() && is_c0_or_space(in.front())) in.remove_prefix(1);
  while (!in.empty() && is_c0_or_space(in.back())) in.remove_suffix(1);
  std::string out;
  out.reserve(in.size());
  bool in_query_or_fragment = false;
  for (char c : in) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?' || c == '#') in_query_or_fragment = true;
    out += (c == '\\' && !in_query_or_fragment) ? '/' : c;
  }
  return out;
}

// The scheme a reference starts with (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"),
// lower case; "" for relative references.
std::string scheme_of(std::string_view ref) {
  if (ref.empty() || !is_alpha(ref[0])) return {};
  for (std::size_t i = 1; i < ref.size(); ++i) {
    const auto c = static_cast<unsigned char>(ref[i]);
    if (c == ':') return ascii_lower(std::string(ref.substr(0, i)));
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

bool is_web_scheme(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(handle, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  CurlString owned(raw);
  return std::string(owned.get());
}

// Parses `url`, or resolves it against `base` when given (curl's redirect resolution, the same
// rules as RFC 3986 section 5).
CurlUrl parse(const std::string* base, const std::string& url, unsigned flags, CURLUcode* code) {
  // curl takes C strings: a NUL inside would silently cut the URL short.
  if (url.find('\0') != std::string::npos ||
      (base != nullptr && base->find('\0') != std::string::npos)) {
    *code = CURLUE_MALFORMED_INPUT;
    return CurlUrl(nullptr, &curl_url_cleanup);
  }
  CurlUrl handle(curl_url(), &curl_url_cleanup);
  *code = CURLUE_OUT_OF_MEMORY;
  if (!handle) return handle;
  if (base != nullptr) {
    *code = curl_url_set(handle.get(), CURLUPART_URL, base->c_str(), flags);
    if (*code != CURLUE_OK) return CurlUrl(nullptr, &curl_url_cleanup);
  }
  *code = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), flags);
  if (*code != CURLUE_OK) return CurlUrl(nullptr, &curl_url_cleanup);
  return handle;
}

std::string normalize_host(std::string host) {
  host = ascii_lower(std::move(host));
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

std::optional<std::string> fail(std::string* error, std::string reason) {
  if (error != nullptr) *error = std::move(reason);
  return std::nullopt;
}

std::string too_long() { return "URL longer than " + std::to_string(kMaxUrlBytes) + " bytes"; }

// The URL from its normalized parts; curl parses it once more because decoding %2E may have
// spelled new dot segments, which only curl's parse removes.
std::optional<std::string> assemble(const std::string& scheme, const std::string& host,
                                    const std::optional<std::string>& port,
                                    const std::string& path, const std::string& query,
                                    std::string* error) {
  std::string url = scheme + "://" + host;
  if (port) url += ":" + *port;
  url += path.empty() ? "/" : path;
  if (!query.empty()) url += "?" + query;
  CURLUcode code;
  CurlUrl handle = parse(nullptr, url, 0, &code);
  if (!handle) return fail(error, std::string("unparsable URL: ") + curl_url_strerror(code));
  std::optional<std::string> out = get_part(handle.get(), CURLUPART_URL);
  if (!out) return fail(error, "unparsable URL");
  if (out->size() > kMaxUrlBytes) return fail(error, too_long());
  return out;
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
  decoded = ascii_lower(std::move(decoded));
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
  return scheme_of(url.substr(0, slashes)).size() + 1 == slashes ? slashes + 2 : 0;
}

}  // namespace

std::optional<std::string> normalize_url(std::string_view url, std::string* error) {
  if (url.size() > kMaxUrlBytes * 2) return fail(error, too_long());  // before copying it
  const std::string cleaned = browser_clean(url);
  if (cleaned.size() > kMaxUrlBytes) return fail(error, too_long());
  if (!is_web_scheme(scheme_of(cleaned))) return fail(error, "not an http or https URL");

  CURLUcode code;
  CurlUrl handle = parse(nullptr, cleaned, CURLU_ALLOW_SPACE, &code);
  if (!handle) return fail(error, std::string("unparsable URL: ") + curl_url_strerror(code));

  const std::string scheme = ascii_lower(get_part(handle.get(), CURLUPART_SCHEME).value_or(""));
  if (!is_web_scheme(scheme)) return fail(error, "not an http or https URL");
  const std::string host = normalize_host(get_part(handle.get(), CURLUPART_HOST).value_or(""));
  if (host.empty()) return fail(error, "URL without a host");
  if (host.find('%') != std::string::npos) return fail(error, "'%' in the host");
  const std::optional<std::string> port =
      get_part(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  const std::string path = normalize_percent_encoding(
      get_part(handle.get(), CURLUPART_PATH).value_or(""), Component::Path);
  const std::string query = remove_tracking_parameters(normalize_percent_encoding(
      get_part(handle.get(), CURLUPART_QUERY).value_or(""), Component::Query));
  return assemble(scheme, host, port, path, query, error);
}

std::optional<std::string> resolve_link(std::string_view page_url, std::string_view base_href,
                                        std::string_view href) {
  if (href.size() > kMaxUrlBytes * 2) return std::nullopt;
  const std::string link = browser_clean(href);
  if (link.empty() || link.front() == '#' || link.size() > kMaxUrlBytes) return std::nullopt;
  const std::string link_scheme = scheme_of(link);
  if (!link_scheme.empty() && !is_web_scheme(link_scheme)) return std::nullopt;

  auto resolve = [](const std::optional<std::string>& base,
                    const std::string& ref) -> std::optional<std::string> {
    CURLUcode code;
    CurlUrl handle = parse(base ? &*base : nullptr, ref, CURLU_ALLOW_SPACE, &code);
    if (!handle) return std::nullopt;
    return normalize_url(get_part(handle.get(), CURLUPART_URL).value_or(""));
  };

  std::optional<std::string> base = normalize_url(page_url);
  const std::string base_link = browser_clean(base_href);
  if (!base_link.empty() && base_link.size() <= kMaxUrlBytes) {
    const std::string base_scheme = scheme_of(base_link);
    if (base_scheme.empty() || is_web_scheme(base_scheme)) {
      // A <base href> that does not resolve is ignored, as browsers do.
      if (std::optional<std::string> resolved = resolve(base, base_link)) {
        base = std::move(resolved);
      }
    }
  }
  return resolve(base, link);
}

std::string url_host(std::string_view url) {
  CURLUcode code;
  CurlUrl handle =
      parse(nullptr, browser_clean(url), CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE, &code);
  if (!handle) return {};
  return normalize_host(get_part(handle.get(), CURLUPART_HOST).value_or(""));
}

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
  return out;
}

}  // namespace winnow::fetch
