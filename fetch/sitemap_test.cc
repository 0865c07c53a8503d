#include "fetch/sitemap.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "fetch/test_util.h"
#include "fetch/sitemap_internal.h"

namespace winnow::fetch {
namespace {

constexpr const char* kSitemapUrl = "https://a.example/maps/sitemap.xml";

std::string urlset(const std::string& urls) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" + urls + "</urlset>\n";
}

std::string url(const std::string& loc, const std::string& lastmod = {}) {
  std::string out = "  <url><loc>" + loc + "</loc>";
  if (!lastmod.empty()) out += "<lastmod>" + lastmod + "</lastmod>";
  return out + "<changefreq>daily</changefreq><priority>0.8</priority></url>\n";
}

// Nine levels of entities, each ten of the one before: a billion "lol"s if expanded.
std::string billion_laughs_doctype(const std::string& root) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n<!ENTITY lol0 \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    doc += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(level - 1) + ";";
    doc += "\">\n";
  }
  return doc + "]>\n";
}

bool any_url_contains(const Sitemap& map, const std::string& needle) {
  for (const SitemapEntry& e : map.entries) {
    if (e.url.find(needle) != std::string::npos || e.lastmod.find(needle) != std::string::npos) return true;
  }
  return false;
}

// A temporary file holding `text`, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/winnow-sitemap-test-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path_ = name;
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

// --- <urlset> and <sitemapindex> ---

TEST_CASE("sitemap: urlset gives locs and lastmods in file order", "[sitemap]") {
  Sitemap map = parse_sitemap(urlset(url("https://a.example/one", "2024-03-05") +
                                     url("https://a.example/two", "2024-03-05T10:20:30+02:00") +
                                     url("https://a.example/three")),
                              kSitemapUrl);
  CHECK(map.ok());
  CHECK(map.kind == Sitemap::Kind::UrlSet);
  REQUIRE(map.entries.size() == 3);
  CHECK(map.entries[0].url == "https://a.example/one");
  CHECK(map.entries[0].lastmod == "2024-03-05");
  CHECK(map.entries[1].url == "https://a.example/two");
  CHECK(map.entries[1].lastmod == "2024-03-05T08:20:30Z");
  CHECK(map.entries[2].lastmod.empty());
  CHECK_FALSE(map.truncated);
}

TEST_CASE("sitemap: relative locs resolve against the sitemap URL, other schemes are skipped", "[sitemap]") {
  Sitemap map = parse_sitemap(urlset(url("/root-page") + url("sibling.html") + url("  https://b.example/x  ") +
                                     url("ftp://a.example/file") + url("mailto:me@a.example") + url("")),
                              kSitemapUrl);
  REQUIRE(map.entries.size() == 3);
  CHECK(map.entries[0].url == "https://a.example/root-page");
  CHECK(map.entries[1].url == "https://a.example/maps/sibling.html");
  CHECK(map.entries[2].url == "https://b.example/x");
  CHECK(map.skipped == 3);
}

TEST_CASE("sitemap: URLs come out normalized", "[sitemap]") {
  Sitemap map = parse_sitemap(urlset(url("HTTPS://A.Example:443/a/../b?utm_source=x&amp;id=7#frag")), kSitemapUrl);
  REQUIRE(map.entries.size() == 1);
  CHECK(map.entries[0].url == "https://a.example/b?id=7");
}

TEST_CASE("sitemap: a sitemap index lists nested sitemaps with their lastmod", "[sitemap]") {
  Sitemap map = parse_sitemap(
      "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sitemap><loc>https://a.example/sitemap-posts.xml.gz</loc><lastmod>2023-11-02T08:00:00Z</lastmod></sitemap>"
      "<sitemap><loc>sitemap-pages.xml</loc></sitemap>"
      "</sitemapindex>",
      kSitemapUrl);
  CHECK(map.ok());
  CHECK(map.kind == Sitemap::Kind::Index);
  REQUIRE(map.entries.size() == 2);
  CHECK(map.entries[0].url == "https://a.example/sitemap-posts.xml.gz");
  CHECK(map.entries[0].lastmod == "2023-11-02T08:00:00Z");
  CHECK(map.entries[1].url == "https://a.example/maps/sitemap-pages.xml");
}

TEST_CASE("sitemap: extension elements are not entries (image:loc, xhtml:link)", "[sitemap]") {
  Sitemap map = parse_sitemap(
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"
      "<url><loc>https://a.example/page</loc>"
      "<image:image><image:loc>https://cdn.example/pic.jpg</image:loc></image:image>"
      "<xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"https://a.example/de/page\"/></url>"
      "</urlset>",
      kSitemapUrl);
  REQUIRE(map.entries.size() == 1);
  CHECK(map.entries[0].url == "https://a.example/page");
}

TEST_CASE("sitemap: CDATA locs and a sitemap without namespace are read", "[sitemap]") {
  Sitemap map = parse_sitemap("<urlset><url><loc><![CDATA[https://a.example/?a=1&b=2]]></loc></url></urlset>", kSitemapUrl);
  REQUIRE(map.entries.size() == 1);
  CHECK(map.entries[0].url == "https://a.example/?a=1&b=2");
}

TEST_CASE("sitemap: raw '&' in query strings is read as written", "[sitemap]") {
  // Generators that forget to escape: libxml2 alone would drop "&b" and "&copy".
  Sitemap map = parse_sitemap(urlset(url("https://a.example/?a=1&b=2") + url("https://a.example/?x=1&copy=2") +
                                     url("https://a.example/?q=a&amp;r=b")),
                              kSitemapUrl);
  CHECK(map.ok());
  REQUIRE(map.entries.size() == 3);
  CHECK(map.entries[0].url == "https://a.example/?a=1&b=2");
  CHECK(map.entries[1].url == "https://a.example/?x=1&copy=2");
  CHECK(map.entries[2].url == "https://a.example/?q=a&r=b");
}

TEST_CASE("sitemap: an encoding declaration is ignored for bodies already decoded to UTF-8", "[sitemap]") {
  std::string body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.example/caf\xC3\xA9</loc></url></urlset>";
  Sitemap decoded = parse_sitemap(body, kSitemapUrl, true);
  REQUIRE(decoded.entries.size() == 1);
  CHECK(decoded.entries[0].url == "https://a.example/caf%C3%A9");
  // As raw bytes, the declaration is believed: each byte is one Latin-1 character.
  Sitemap raw = parse_sitemap(body, kSitemapUrl, false);
  REQUIRE(raw.entries.size() == 1);
  CHECK(raw.entries[0].url == "https://a.example/caf%C3%83%C2%A9");
}

// --- limits and damage ---

TEST_CASE("sitemap: more than 50 000 URLs are cut there and flagged", "[sitemap]") {
  std::string urls;
  urls.reserve((kMaxSitemapEntries + 10) * 48);
  for (std::size_t i = 0; i < kMaxSitemapEntries + 10; ++i) {
    urls += "<url><loc>https://a.example/p" + std::to_string(i) + "</loc></url>";
  }
  Sitemap map = parse_sitemap(urlset(urls), kSitemapUrl);
  CHECK(map.truncated);
  REQUIRE(map.entries.size() == kMaxSitemapEntries);
  CHECK(map.entries.back().url == "https://a.example/p" + std::to_string(kMaxSitemapEntries - 1));
}

TEST_CASE("sitemap: malformed XML keeps the entries before the damage and says where", "[sitemap]") {
  std::string urls;
  for (int i = 0; i < 300; ++i) urls += url("https://a.example/p" + std::to_string(i));
  Sitemap map = parse_sitemap(urlset(urls + "<url><loc>https://a.example/broken</loc></ur>\n" + url("https://a.example/after")),
                              kSitemapUrl);
  CHECK_FALSE(map.ok());
  CHECK(map.error.find("malformed XML at line") != std::string::npos);
  CHECK(map.entries.size() >= 250);
  CHECK(map.entries.size() <= 300);
  CHECK(map.entries.front().url == "https://a.example/p0");
  CHECK_FALSE(any_url_contains(map, "after"));
}

TEST_CASE("sitemap: documents that are no sitemap are refused", "[sitemap]") {
  Sitemap html = parse_sitemap("<!DOCTYPE html><html><body><a href=/x>x</a></body></html>", kSitemapUrl);
  CHECK(html.error == "not a sitemap: the root element is <html>");
  CHECK(html.entries.empty());
  Sitemap empty = parse_sitemap("  \n", kSitemapUrl);
  CHECK(empty.error == "empty sitemap");
  Sitemap junk = parse_sitemap("hello world\nthis is not a list of URLs\n", kSitemapUrl);
  CHECK_FALSE(junk.ok());
  CHECK(junk.entries.empty());
  CHECK(junk.kind == Sitemap::Kind::Text);
}

// --- entity safety ---

TEST_CASE("sitemap: a billion-laughs DOCTYPE is not expanded", "[sitemap][security]") {
  std::string body = billion_laughs_doctype("urlset") +
                     "<urlset><url><loc>https://a.example/&lol9;</loc></url><url><loc>https://a.example/ok</loc></url></urlset>";
  auto start = std::chrono::steady_clock::now();
  Sitemap map = parse_sitemap(body, kSitemapUrl);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
  CHECK_FALSE(any_url_contains(map, "lollol"));
  for (const SitemapEntry& e : map.entries) CHECK(e.url.size() < 100);
}

TEST_CASE("sitemap: a small entity is not expanded either", "[sitemap][security]") {
  Sitemap map = parse_sitemap("<!DOCTYPE urlset [<!ENTITY path \"secret-path\">]>"
                              "<urlset><url><loc>https://a.example/&path;</loc></url></urlset>",
                              kSitemapUrl);
  CHECK_FALSE(any_url_contains(map, "secret"));
}

TEST_CASE("sitemap: external entities are never loaded", "[sitemap][security]") {
  TempFile secret("WINNOW-SECRET-MARKER\n");
  for (const std::string& target : {"file://" + secret.path(), std::string("file:///etc/passwd")}) {
    std::string body = "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"" + target + "\">]>\n"
                       "<urlset><url><loc>https://a.example/&xxe;</loc><lastmod>&xxe;</lastmod></url></urlset>";
    Sitemap map = parse_sitemap(body, kSitemapUrl);
    CHECK_FALSE(any_url_contains(map, "WINNOW-SECRET-MARKER"));
    CHECK_FALSE(any_url_contains(map, "root:"));
    CHECK_FALSE(any_url_contains(map, "root%3A"));
    REQUIRE(map.entries.size() == 1);
    CHECK(map.entries[0].url == "https://a.example/");
  }
}

// --- gzip ---

TEST_CASE("sitemap: gzip-compressed bodies are recognised by their magic bytes", "[sitemap][gzip]") {
  Sitemap map = parse_sitemap(test::gzip(urlset(url("https://a.example/zipped", "2024-01-02"))), kSitemapUrl);
  CHECK(map.ok());
  REQUIRE(map.entries.size() == 1);
  CHECK(map.entries[0].url == "https://a.example/zipped");
  CHECK(map.entries[0].lastmod == "2024-01-02");
}

TEST_CASE("sitemap: concatenated gzip members are read whole", "[sitemap][gzip]") {
  std::string body = urlset(url("https://a.example/one") + url("https://a.example/two"));
  std::size_t half = body.size() / 2;
  Sitemap map = parse_sitemap(test::gzip(body.substr(0, half)) + test::gzip(body.substr(half)), kSitemapUrl);
  CHECK(map.ok());
  CHECK(map.entries.size() == 2);
}

TEST_CASE("sitemap: corrupt, truncated and oversized gzip bodies are errors", "[sitemap][gzip]") {
  std::string zipped = test::gzip(urlset(url("https://a.example/zipped")));
  std::string corrupt = zipped;
  for (std::size_t i = 10; i < corrupt.size() - 8; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  Sitemap bad = parse_sitemap(corrupt, kSitemapUrl);
  CHECK(bad.error.find("corrupt gzip data") == 0);
  CHECK(bad.entries.empty());

  Sitemap cut = parse_sitemap(zipped.substr(0, zipped.size() / 2), kSitemapUrl);
  CHECK(cut.error == "truncated gzip data");

  // A gzip bomb: a few dozen kilobytes that inflate past the protocol's 50 MB.
  Sitemap bomb = parse_sitemap(test::gzip(std::string(kMaxSitemapBytes + 1, ' ')), kSitemapUrl);
  CHECK(bomb.error == "larger than " + std::to_string(kMaxSitemapBytes) + " bytes after gunzip");
  CHECK(bomb.entries.empty());
}

// --- plain text and feeds ---

TEST_CASE("sitemap: a text sitemap is one URL a line", "[sitemap]") {
  Sitemap map = parse_sitemap("\xEF\xBB\xBFhttps://a.example/one\r\n\r\n  http://a.example/two  \nnot a url\n/relative\n"
                              "https://a.example/three",
                              kSitemapUrl);
  CHECK(map.ok());
  CHECK(map.kind == Sitemap::Kind::Text);
  REQUIRE(map.entries.size() == 3);
  CHECK(map.entries[0].url == "https://a.example/one");
  CHECK(map.entries[1].url == "http://a.example/two");
  CHECK(map.entries[2].url == "https://a.example/three");
  CHECK(map.skipped == 2);
}

TEST_CASE("sitemap: an RSS feed given as a sitemap yields its items", "[sitemap]") {
  Sitemap map = parse_sitemap(
      "<rss version=\"2.0\"><channel><title>T</title>"
      "<item><link>https://a.example/post</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>"
      "</channel></rss>",
      kSitemapUrl);
  CHECK(map.ok());
  CHECK(map.kind == Sitemap::Kind::Feed);
  REQUIRE(map.entries.size() == 1);
  CHECK(map.entries[0].url == "https://a.example/post");
  CHECK(map.entries[0].lastmod == "2003-06-10T04:00:00Z");
}

TEST_CASE("sitemap: a small broken feed given as a sitemap is still read", "[sitemap]") {
  Sitemap map = parse_sitemap("<rss><channel><item><link>https://a.example/kept</link></item><item><title>x</titl>",
                              kSitemapUrl);
  CHECK(map.kind == Sitemap::Kind::Feed);
  CHECK_FALSE(map.ok());
  REQUIRE_FALSE(map.entries.empty());
  CHECK(map.entries[0].url == "https://a.example/kept");
}

// --- lastmod ---

TEST_CASE("normalize_w3c_datetime: every W3C form, in a form that compares as a string", "[sitemap][dates]") {
  CHECK(normalize_w3c_datetime("2024") == "2024");
  CHECK(normalize_w3c_datetime("2024-07") == "2024-07");
  CHECK(normalize_w3c_datetime(" 2024-07-16 ") == "2024-07-16");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20+01:00") == "2024-07-16T18:20:00Z");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20:30+01:00") == "2024-07-16T18:20:30Z");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20:30.45+01:00") == "2024-07-16T18:20:30Z");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20:30Z") == "2024-07-16T19:20:30Z");
  CHECK(normalize_w3c_datetime("2024-12-31T23:30:00-05:00") == "2025-01-01T04:30:00Z");
  CHECK(normalize_w3c_datetime("2024-03-01T00:30:00+01:00") == "2024-02-29T23:30:00Z");
}

TEST_CASE("normalize_w3c_datetime: common deviations are taken", "[sitemap][dates]") {
  CHECK(normalize_w3c_datetime("2024-07-16 19:20:30") == "2024-07-16T19:20:30Z");
  CHECK(normalize_w3c_datetime("2024-07-16t19:20:30z") == "2024-07-16T19:20:30Z");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20:30+0200") == "2024-07-16T17:20:30Z");
  CHECK(normalize_w3c_datetime("2024-07-16T19:20:30 +02:00") == "2024-07-16T17:20:30Z");
}

TEST_CASE("normalize_w3c_datetime: invalid dates give nothing", "[sitemap][dates]") {
  for (const char* bad : {"", "yesterday", "24-07-16", "2024-13", "2024-02-30", "2023-02-29", "2024-07-16T25:00:00Z",
                          "2024-07-16T10:61Z", "2024-07-16T10:00:00+25:00", "2024-07-16T10:00:00.Z",
                          "2024-07-16T10", "2024-07-16X", "0000-01-01", "0001-01-01T00:00:00+01:00",
                          "2024-07-16T10:00:00Zjunk", "Tue, 16 Jul 2024 10:00:00 GMT"}) {
    INFO(bad);
    CHECK(normalize_w3c_datetime(bad).empty());
  }
}

// --- the shared XML helpers ---

TEST_CASE("escape_stray_ampersands: only '&' that starts no reference is escaped", "[sitemap]") {
  using xml::escape_stray_ampersands;
  CHECK_FALSE(escape_stray_ampersands("<a>x &amp; y &#38; &#x26; &lt;</a>").has_value());
  CHECK(escape_stray_ampersands("<a>?a=1&b=2 & c</a>") == "<a>?a=1&amp;b=2 &amp; c</a>");
  // Without a DOCTYPE, no entity but XML's five can be declared.
  CHECK(escape_stray_ampersands("<a>&nbsp;&copy=1</a>") == "<a>&amp;nbsp;&amp;copy=1</a>");
  CHECK_FALSE(escape_stray_ampersands("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>").has_value());
  // Comments, CDATA and processing instructions hold '&' legally.
  CHECK_FALSE(escape_stray_ampersands("<a><!-- a & b --><![CDATA[x & y]]><?pi a & b?></a>").has_value());
  CHECK_FALSE(escape_stray_ampersands(std::string("<\0a\0&\0", 6)).has_value());
}

}  // namespace winnow::fetch
