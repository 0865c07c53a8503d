// resolve_link, LinkResolver and normalize_url against their implementation before the work of
// issue 18 (commit e3fe6df), kept here verbatim as the reference: the faster paths must give the
// same bytes for every input, or one page would get a second frontier key. The inputs are
// hand-picked hard cases and hrefs generated from the pieces URLs are made of.
#include <curl/curl.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/robots.h"
#include "fetch/url.h"

namespace reference {

using winnow::fetch::kMaxUrlBytes;
using winnow::fetch::kTrackingQueryParameters;
using winnow::fetch::kTrackingQueryPrefix;

// ---- fetch/url.cc at e3fe6df, unchanged but for the namespace ----
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

std::optional<std::string> normalize_url(std::string_view url, std::string* error = nullptr) {
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
// ---- end of the reference ----

// collect_page_links (clean/links.cc) at e3fe6df: the base normalized, then resolved against the
// base href, then each link resolved against that with resolve_link.
std::optional<std::string> page_link(std::string_view page_url, std::string_view base_href, std::string_view href) {
  std::string base = normalize_url(page_url).value_or(std::string(page_url));
  if (!base_href.empty()) {
    if (std::optional<std::string> resolved = resolve_link(base, {}, base_href)) base = std::move(*resolved);
  }
  return resolve_link(base, {}, href);
}

}  // namespace reference

namespace {

using winnow::fetch::kMaxUrlBytes;
using winnow::fetch::LinkResolver;

// Results as text, nullopt too, so that a mismatch prints both sides readably.
std::string text(const std::optional<std::string>& url) { return url ? "[" + *url + "]" : "nullopt"; }

const std::vector<std::string> kPages = {
    "https://news.example.com/world/2024/story.html?id=7",
    "HTTP://Example.COM:80/dir/page",
    "https://example.com",
    "http://example.com./a/b/",
    "https://user:pw@example.com:8443/x/y?utm_source=a&q=1#frag",
    "http://[::1]:8080/p/q",
    "http://127.0.0.1:55133/articles/12.html",
    "http://0x7f.1/a",
    "https://b\xC3\xBC" "cher.example/caf\xC3\xA9/",
    "http://example.com/a%2e%2E/b%2F/%7e/",
    "  http://example.com/sp ace/\n",
    "http://example.com/a?",
    "not a url",
    "",
    "ftp://files.example.com/",
    "https://example.com/" + std::string(kMaxUrlBytes, 'a'),
};

const std::vector<std::string> kBaseHrefs = {
    "", "/static/", "sub/", "https://mirror.example.org/base/index.html", "//mirror.example.org/b/",
    "  /static/\n", "javascript:void(0)", "http://", "ftp://files.example.com/", "#top", "?q=1",
    "../up/", "HTTPS://Other.ORG:443", std::string(3 * kMaxUrlBytes, 'b'), std::string("/a\0b", 4),
};

const std::vector<std::string> kHrefs = {
    "other.html", "./other.html", "../2023/old.html", "../../../../../top", "..", ".", "./", "/about",
    "?page=2", "?", "#", "#x", "next.html#comments", "//cdn.example.net/a/b", "//[::1]:8080/z", "//",
    "///x", "http://Other.ORG:80/x?utm_source=rss", "HTTPS://other.org", "https://other.org:443/",
    "http://", "https://", "http:/x", "http:x", "https:relative", "javascript:void(0)", "mailto:a@b.c",
    "tel:+49", "data:,x", "ftp://f.example/", "C:\\Users\\a.html", "://x", "", "   ", "\n\t",
    " #comments \n", "  /about\n", "/ab\nout\t/te\r\nam", "\thttps://other.org/x \r\n", "/a b", "/a b ",
    "a? #", "a?b #", "a? ", "/a?b c#d e", "\\\\cdn.example.net\\x", "/a\\b?c\\d#e\\f", "/a/./b/../c?fbclid=1&x=%7e#f",
    "/caf\xC3\xA9", "/%7e%7E%2e%2E%2f%2F%41%4a%zz%4%", "/a/%2e%2e/b", "/a/%2E/b", "/a/.%2e/b", "/%2e",
    "/a/b/%2e%2e", "/x?utm_medium=a&&b=2&&", "/x?fbcl%69d=1&gclid=2&_ga=3&ok", "/x?a=1&utm_=2#",
    "http://ex ample.com/", "http://example.com:0/", "http://example.com:65536/", "http://example.com:080/",
    "http://EXAMPLE.com.../", "http://.../", "http://user@/", "http://[::FFFF:1.2.3.4]/",
    "http://[fe80::1%25eth0]/", "http://%41.com/", "http://xn--bcher-kva.example/", "http://b\xC3\xBC" "cher.de/",
    "http://0x7f.0.0.1/", "http://2130706433/", "http://127.1/", "http://0x7f.1./", "http://127.1../x",
    "http://2130706433./", "http://0X7F.1/", "http://1.2.3.4./", "http://[::1]./", "http://EXAMPLE.com../a/%2e%2E/b",
    "http://a/%2e%2e", "http://a/b/%2E", "http://a/.%2E./b", "http://a/%2e%2e%2e/b", "http://a/b%2e/c", "/\x01x\x7f", "/\xff\xfe", "/a\x01",
    "\x01/a", "/a|b^c`d{e}f<g>h\"i", "/a;b=c,d!e$f'g(h)i*j+k", "/a:b@c", "?a=%20&b=+&c=%2B", "/~user/",
    std::string("/a\0b", 4), std::string(kMaxUrlBytes, 'x'), "/" + std::string(kMaxUrlBytes, 'y'),
    "/" + std::string(kMaxUrlBytes / 2, ' '), "https://example.com/" + std::string(100 * 1024, 'a'),
};

// The pieces generated hrefs are made of: structure, escapes, odd bytes, schemes and hosts.
const std::vector<std::string> kPieces = {
    "/", "//", "..", ".", "%2e", "%2E", "%2F", "%2f", "?", "#", "&", "=", "a", "Z", "0", "utm_source=x",
    "fbclid=1", "id=7", " ", "\t", "\n", "\\", "%", "%4", "%41", "%7e", "%7E", "%zz", "%00", "\xC3\xA9",
    "\xE2\x82\xAC", "\x01", "\x7f", "\xff", "http:", "https:", "HTTP://", "http://", "mailto:", "javascript:",
    "@", ":", "[::1]", "[", "]", ":80", ":443", ":8080", "example.com", "EX.COM.", "xn--bcher-kva",
    "b\xC3\xBC" "cher.de", ";", "!", "$", "'", "(", "*", "+", ",", "~", "|", "^", "`", "{", "}", "<", ">", "\"",
    "www.", "127.0.0.1", "0x7f.1", "user:pw@", "index.html", "../", "./", "%7f", "%01", "%78", "%2e",
    "http://%30", "http://a%7fb",
};

// Hrefs of 1 to 8 pieces from a fixed generator: the same inputs on every run.
std::vector<std::string> generated_hrefs(std::size_t count) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state](std::size_t below) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((state >> 33) % below);
  };
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string href;
    for (std::size_t n = 1 + next(8); n > 0; --n) href += kPieces[next(kPieces.size())];
    out.push_back(std::move(href));
  }
  return out;
}

}  // namespace

// Mismatches are gathered and shown at the end (the first few): a CHECK per input would make
// this test slow and its failures unreadable.
struct Mismatches {
  std::size_t count = 0;
  std::string shown;
  void check(const std::string& got, const std::string& want, const std::string& what) {
    if (got == want) return;
    if (++count <= 10) shown += what + "\n  got:  " + got + "\n  want: " + want + "\n";
  }
};

TEST_CASE("url reference: normalize_url gives the bytes it gave before issue 18, and its origin robots_origin's") {
  std::vector<std::string> inputs = kPages;
  inputs.insert(inputs.end(), kHrefs.begin(), kHrefs.end());
  for (const std::string& href : generated_hrefs(3000)) {
    inputs.push_back(href);
    inputs.push_back("http://example.com/" + href);
    inputs.push_back("https://" + href);
  }
  Mismatches mismatches;
  for (const std::string& url : inputs) {
    std::string error, reference_error;
    std::optional<std::string> got = winnow::fetch::normalize_url(url, &error);
    std::optional<std::string> want = reference::normalize_url(url, &reference_error);
    mismatches.check(text(got) + " " + error, text(want) + " " + reference_error, "url: " + url);
    if (got) {
      mismatches.check(text(winnow::fetch::normalize_url(*got)), text(got), "normalized again: " + *got);
      // The crawl takes a normalized URL's origin from its bytes, not from a parse.
      std::optional<std::pair<std::string, std::string>> origin = winnow::fetch::robots_origin(*got);
      mismatches.check("[" + std::string(winnow::fetch::normalized_url_origin(*got)) + "]",
                       origin ? "[" + origin->first + "]" : "nullopt", "origin of: " + *got);
    }
  }
  INFO(mismatches.shown);
  CHECK(mismatches.count == 0);
}

TEST_CASE("url reference: resolve_link and LinkResolver give the bytes resolve_link gave before issue 18") {
  const std::vector<std::string> generated = generated_hrefs(3000);
  Mismatches mismatches;
  for (std::size_t p = 0; p < kPages.size(); ++p) {
    const std::string& page = kPages[p];
    for (const std::string& base_href : kBaseHrefs) {
      // One resolver for many hrefs, as for the links of a page: resolving leaves it as it was.
      const LinkResolver resolver(page, base_href);
      auto check = [&](const std::string& href) {
        const std::string want = text(reference::resolve_link(page, base_href, href));
        const std::string what = "page: " + page + "\nbase href: " + base_href + "\nhref: " + href;
        mismatches.check(text(resolver.resolve(href)), want, what);
        mismatches.check(text(winnow::fetch::resolve_link(page, base_href, href)), want, what);
      };
      for (const std::string& href : kHrefs) check(href);
      if (p < 4 && (base_href.empty() || base_href == "sub/")) {
        for (const std::string& href : generated) check(href);
      }
    }
  }
  INFO(mismatches.shown);
  CHECK(mismatches.count == 0);
}

TEST_CASE("url reference: a page's links resolve as clean/links.cc resolved them before issue 18") {
  // What collect_page_links now does: a resolver for the page, replaced by one for its <base
  // href> when that resolves as a link would.
  auto page_link = [](const std::string& page, const std::string& base_href, const std::string& href) {
    LinkResolver resolver(page);
    if (!base_href.empty()) {
      if (std::optional<std::string> base = resolver.resolve(base_href)) resolver = LinkResolver(*base);
    }
    return resolver.resolve(href);
  };
  Mismatches mismatches;
  for (const std::string& page : kPages) {
    for (const std::string& base_href : kBaseHrefs) {
      for (const std::string& href : kHrefs) {
        mismatches.check(text(page_link(page, base_href, href)), text(reference::page_link(page, base_href, href)),
                         "page: " + page + "\nbase href: " + base_href + "\nhref: " + href);
      }
    }
  }
  INFO(mismatches.shown);
  CHECK(mismatches.count == 0);
}

TEST_CASE("url reference: LinkResolver's base is the normalized page URL or its base href") {
  CHECK(text(LinkResolver("HTTP://Example.COM:80/a/../b?fbclid=1#x").base()) == "[http://example.com/b]");
  CHECK(text(LinkResolver("https://example.com/a/b", "../c/").base()) == "[https://example.com/c/]");
  CHECK(text(LinkResolver("https://example.com/a/b", "javascript:x").base()) == "[https://example.com/a/b]");
  CHECK(text(LinkResolver("not a url", "https://mirror.example/").base()) == "[https://mirror.example/]");
  CHECK_FALSE(LinkResolver("not a url").base());
  CHECK(text(LinkResolver("not a url").resolve("https://ok.example/")) == "[https://ok.example/]");
  CHECK_FALSE(LinkResolver("not a url").resolve("relative.html"));
}
