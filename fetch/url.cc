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

// Whether curl could read `host` otherwise when it parses it again: a host with any byte but a
// lower-case letter, digit, '.' or '-' (curl decodes %XX in a host, so it may hold a control
// byte it refuses written raw, or brackets, or UTF-8), or one of hex letters, digits, 'x' and
// dots only, which may be an IPv4 address spelled in escapes ("0%78%37f.1" is 0x7f.1).
bool host_may_change(std::string_view host) {
  bool numeric_like = true;
  for (char c : host) {
    const bool digit = c >= '0' && c <= '9';
    const bool letter = c >= 'a' && c <= 'z';
    if (!digit && !letter && c != '.' && c != '-') return true;
    numeric_like = numeric_like && (digit || c == '.' || c == 'x' || (c >= 'a' && c <= 'f'));
  }
  return numeric_like;
}

// Whether `path` has a segment "." or "..": decoding %2E can spell one after curl removed the
// ones written raw.
bool has_dot_segment(std::string_view path) {
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment == "." || segment == "..") return true;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return false;
}

// The URL from its normalized parts. With `reparse`, curl parses it once more, for what our
// changes may have made that curl normalizes: dot segments spelled by decoding %2E, or a host
// that was a name only for its trailing dot ("0x7f.1." is a name, "0x7f.1" the address
// 127.0.0.1) or that curl may read otherwise (host_may_change); and should a path not start
// with '/', curl prints one. Otherwise that parse gives
// the URL back as it is, and it cost a third of a link's resolution.
std::optional<std::string> assemble(const std::string& scheme, const std::string& host,
                                    const std::optional<std::string>& port,
                                    const std::string& path, const std::string& query,
                                    bool reparse, std::string* error) {
  std::string url;
  url.reserve(scheme.size() + 3 + host.size() + (port ? port->size() + 1 : 0) + path.size() + 2 + query.size());
  url.append(scheme).append("://").append(host);
  if (port) url.append(":").append(*port);
  url.append(path.empty() ? "/" : path);
  if (!query.empty()) url.append("?").append(query);
  if (reparse) {
    CURLUcode code;
    CurlUrl handle = parse(nullptr, url, 0, &code);
    if (!handle) return fail(error, std::string("unparsable URL: ") + curl_url_strerror(code));
    std::optional<std::string> parsed = get_part(handle.get(), CURLUPART_URL);
    if (!parsed) return fail(error, "unparsable URL");
    url = std::move(*parsed);
  }
  if (url.size() > kMaxUrlBytes) return fail(error, too_long());
  return url;
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
  const std::string curl_host = get_part(handle.get(), CURLUPART_HOST).value_or("");
  const std::string host = normalize_host(curl_host);
  if (host.empty()) return fail(error, "URL without a host");
  if (host.find('%') != std::string::npos) return fail(error, "'%' in the host");
  const std::optional<std::string> port =
      get_part(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  const std::string path = normalize_percent_encoding(
      get_part(handle.get(), CURLUPART_PATH).value_or(""), Component::Path);
  const std::string query = remove_tracking_parameters(normalize_percent_encoding(
      get_part(handle.get(), CURLUPART_QUERY).value_or(""), Component::Query));
  const bool reparse = host.size() != curl_host.size() || host_may_change(host) || has_dot_segment(path) ||
                       (!path.empty() && path.front() != '/');
  return assemble(scheme, host, port, path, query, reparse, error);
}

std::string_view normalized_url_origin(std::string_view normalized_url) {
  const std::size_t scheme_end = normalized_url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  return normalized_url.substr(0, normalized_url.find('/', scheme_end + 3));
}

void LinkResolver::CurlUrlFree::operator()(Curl_URL* handle) const { curl_url_cleanup(handle); }

LinkResolver::LinkResolver(std::string_view page_url, std::string_view base_href)
    : base_(normalize_url(page_url)), base_handle_(parse_base()) {
  const std::string base_link = browser_clean(base_href);
  if (base_link.empty() || base_link.size() > kMaxUrlBytes) return;
  const std::string base_scheme = scheme_of(base_link);
  if (!base_scheme.empty() && !is_web_scheme(base_scheme)) return;
  // A <base href> that does not resolve is ignored, as browsers do.
  if (std::optional<std::string> resolved = resolve_cleaned(base_link)) {
    base_ = std::move(resolved);
    base_handle_ = parse_base();
  }
}

LinkResolver::Handle LinkResolver::parse_base() const {
  if (!base_) return nullptr;
  CURLUcode code;
  CurlUrl handle = parse(nullptr, *base_, CURLU_ALLOW_SPACE, &code);
  return Handle(handle.release());
}

std::optional<std::string> LinkResolver::resolve(std::string_view href) const {
  if (href.size() > kMaxUrlBytes * 2) return std::nullopt;
  const std::string link = browser_clean(href);
  if (link.empty() || link.front() == '#' || link.size() > kMaxUrlBytes) return std::nullopt;
  const std::string link_scheme = scheme_of(link);
  if (!link_scheme.empty() && !is_web_scheme(link_scheme)) return std::nullopt;
  return resolve_cleaned(link);
}

// `link` against the base, as curl resolves a redirect (RFC 3986 section 5), then normalized.
// A copy of the parsed base stands for parsing the base again: curl resolves a reference by
// printing the URL the handle holds and parsing the two together.
std::optional<std::string> LinkResolver::resolve_cleaned(const std::string& link) const {
  // A base that curl refused (normalize_url's own output: it does not happen) resolves nothing,
  // as parsing the base before each link did.
  if (base_ && !base_handle_) return std::nullopt;
  if (link.find('\0') != std::string::npos) return std::nullopt;  // curl takes C strings
  CurlUrl handle(base_handle_ ? curl_url_dup(base_handle_.get()) : curl_url(), &curl_url_cleanup);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, link.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return std::nullopt;
  }
  return normalize_url(get_part(handle.get(), CURLUPART_URL).value_or(""));
}

std::optional<std::string> resolve_link(std::string_view page_url, std::string_view base_href,
                                        std::string_view href) {
  return LinkResolver(page_url, base_href).resolve(href);
}

std::string url_host(std::string_view url) {
  CURLUcode code;
  CurlUrl handle =
      parse(nullptr, browser_clean(url), CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE, &code);
  if (!handle) return {};
  return normalize_host(get_part(handle.get(), CURLUPART_HOST).value_or(""));
}

}  // namespace winnow::fetch
