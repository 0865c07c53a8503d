#include "fetch/feed.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "fetch/test_util.h"

namespace winnow::fetch {
namespace {

constexpr const char* kFeedUrl = "https://news.example/feeds/all.xml";

bool any_item_contains(const Feed& feed, const std::string& needle) {
  for (const FeedItem& item : feed.items) {
    for (const std::string* field : {&item.url, &item.title, &item.published, &item.updated}) {
      if (field->find(needle) != std::string::npos) return true;
    }
  }
  return feed.title.find(needle) != std::string::npos;
}

std::string rss(const std::string& items, const std::string& namespaces = {}) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"" + namespaces +
         "><channel><title> News  of the day </title><link>https://news.example/</link>\n" + items +
         "</channel></rss>\n";
}

}  // namespace

// --- RSS ---

TEST_CASE("feed: RSS 2.0 items give link, title and pubDate", "[feed]") {
  Feed feed = parse_feed(rss("<item><title>First &amp; best</title><link>https://news.example/a/1</link>"
                             "<pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate></item>"
                             "<item><title><![CDATA[Second <b>story</b>]]></title><link> /a/2 </link>"
                             "<pubDate>Wed, 11 Jun 2003 09:30:00 EST</pubDate></item>"),
                         kFeedUrl);
  CHECK(feed.ok());
  CHECK(feed.kind == FeedKind::Rss);
  CHECK(feed.title == "News of the day");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].url == "https://news.example/a/1");
  CHECK(feed.items[0].title == "First & best");
  CHECK(feed.items[0].published == "2003-06-10T02:00:00Z");
  CHECK(feed.items[1].url == "https://news.example/a/2");
  CHECK(feed.items[1].title == "Second <b>story</b>");
  CHECK(feed.items[1].published == "2003-06-11T14:30:00Z");
}

TEST_CASE("feed: RSS item URL falls back to a permalink guid, never to a guid that is not one", "[feed]") {
  Feed feed = parse_feed(rss("<item><title>G</title><guid>https://news.example/guid-link</guid></item>"
                             "<item><title>N</title><guid isPermaLink=\"false\">https://news.example/not-a-link</guid></item>"
                             "<item><title>No URL at all</title></item>"),
                         kFeedUrl);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].url == "https://news.example/guid-link");
  CHECK(feed.skipped == 2);
}

TEST_CASE("feed: feedburner:origLink beats the redirecting link; atom:link and dc:date are read", "[feed]") {
  Feed feed = parse_feed(
      rss("<item><link>https://feeds.feedburner.example/~r/x/123</link>"
          "<feedburner:origLink>https://news.example/original</feedburner:origLink></item>"
          "<item><atom:link rel=\"self\" href=\"https://news.example/self\"/>"
          "<atom:link href=\"https://news.example/from-atom\"/><dc:date>2024-02-03T04:05:06Z</dc:date>"
          "<atom:updated>2024-02-04T00:00:00+01:00</atom:updated></item>",
          " xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\""
          " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""),
      kFeedUrl);
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].url == "https://news.example/original");
  CHECK(feed.items[1].url == "https://news.example/from-atom");
  CHECK(feed.items[1].published == "2024-02-03T04:05:06Z");
  CHECK(feed.items[1].updated == "2024-02-03T23:00:00Z");
}

TEST_CASE("feed: media:title and other vocabularies do not replace the item's title", "[feed]") {
  Feed feed = parse_feed(rss("<item><media:title>Video title</media:title><title>Real title</title>"
                             "<link>https://news.example/v</link></item>",
                             " xmlns:media=\"http://search.yahoo.com/mrss/\""),
                         kFeedUrl);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "Real title");
}

TEST_CASE("feed: RSS 1.0 (RDF) items sit beside the channel", "[feed]") {
  Feed feed = parse_feed(
      "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel rdf:about=\"https://news.example/\"><title>RDF news</title><link>https://news.example/</link></channel>"
      "<item rdf:about=\"https://news.example/r/1\"><title>One</title><link>https://news.example/r/1</link>"
      "<dc:date>2002-09-07T00:00:01+00:00</dc:date></item>"
      "<item rdf:about=\"https://news.example/r/2\"><title>Two</title></item>"
      "</rdf:RDF>",
      kFeedUrl);
  CHECK(feed.ok());
  CHECK(feed.kind == FeedKind::Rdf);
  CHECK(feed.title == "RDF news");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].url == "https://news.example/r/1");
  CHECK(feed.items[0].published == "2002-09-07T00:00:01Z");
  CHECK(feed.items[1].url == "https://news.example/r/2");
  CHECK(feed.items[1].title == "Two");
}

// --- Atom ---

TEST_CASE("feed: Atom entries take the alternate link, with xml:base and relative hrefs", "[feed]") {
  Feed feed = parse_feed(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://blog.example/base/\">"
      "<title type=\"text\">A blog</title><link rel=\"self\" href=\"/feed.atom\"/>"
      "<entry><title>Relative</title><link rel=\"edit\" href=\"/edit/1\"/>"
      "<link rel=\"enclosure\" href=\"/podcast.mp3\"/><link rel=\"alternate\" type=\"text/html\" href=\"posts/1\"/>"
      "<published>2024-05-01T10:00:00+02:00</published><updated>2024-05-02T10:00:00Z</updated></entry>"
      "<entry xml:base=\"https://other.example/x/\"><title>No rel</title><link href=\"2\"/></entry>"
      "<entry><title>Absolute</title><link href=\"https://elsewhere.example/3\"/>"
      "<source><link href=\"https://source.example/\"/><title>Source feed</title><updated>2001-01-01T00:00:00Z</updated></source>"
      "</entry>"
      "<entry><title>Only self</title><link rel=\"self\" href=\"/self/4\"/></entry>"
      "</feed>",
      kFeedUrl);
  CHECK(feed.ok());
  CHECK(feed.kind == FeedKind::Atom);
  CHECK(feed.title == "A blog");
  REQUIRE(feed.items.size() == 3);
  CHECK(feed.items[0].url == "https://blog.example/base/posts/1");
  CHECK(feed.items[0].title == "Relative");
  CHECK(feed.items[0].published == "2024-05-01T08:00:00Z");
  CHECK(feed.items[0].updated == "2024-05-02T10:00:00Z");
  CHECK(feed.items[1].url == "https://other.example/x/2");
  CHECK(feed.items[2].url == "https://elsewhere.example/3");
  CHECK(feed.items[2].title == "Absolute");
  CHECK(feed.items[2].updated.empty());
  CHECK(feed.skipped == 1);
}

TEST_CASE("feed: entries whose xml:base changes and changes back resolve each against its own", "[feed]") {
  // The parser keeps one resolver while the base stays the same: a change must make a new one.
  Feed feed = parse_feed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://a.example/one/\">"
      "<entry><link href=\"1\"/></entry><entry><link href=\"2\"/></entry>"
      "<entry xml:base=\"https://b.example/two/\"><link href=\"3\"/></entry>"
      "<entry><link href=\"4\"/></entry>"
      "<entry xml:base=\"/three/\"><link href=\"5\"/></entry>"
      "<entry xml:base=\"https://b.example/two/\"><link href=\"6\"/></entry></feed>",
      kFeedUrl);
  REQUIRE(feed.items.size() == 6);
  CHECK(feed.items[0].url == "https://a.example/one/1");
  CHECK(feed.items[1].url == "https://a.example/one/2");
  CHECK(feed.items[2].url == "https://b.example/two/3");
  CHECK(feed.items[3].url == "https://a.example/one/4");
  CHECK(feed.items[4].url == "https://a.example/three/5");
  CHECK(feed.items[5].url == "https://b.example/two/6");
}

TEST_CASE("feed: relative Atom hrefs without xml:base resolve against the feed URL", "[feed]") {
  Feed feed = parse_feed("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"../posts/9\"/></entry></feed>",
                         kFeedUrl);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].url == "https://news.example/posts/9");
}

// --- JSON Feed ---

TEST_CASE("feed: JSON Feed 1.1 items give url, title and dates", "[feed][json]") {
  Feed feed = parse_feed(R"({
    "version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
    "items": [
      {"id": "1", "url": "https://news.example/j/1", "title": "One", "date_published": "2024-01-02T03:04:05-01:00",
       "date_modified": "2024-01-03T00:00:00Z"},
      {"id": "2", "external_url": "https://elsewhere.example/linked", "title": "Link post"},
      {"id": "https://news.example/j/3", "content_text": "id is the only URL"},
      {"id": "4", "url": "/j/4"},
      {"id": "5", "url": "mailto:x@news.example"},
      "not an object"
    ]})",
                         kFeedUrl);
  CHECK(feed.ok());
  CHECK(feed.kind == FeedKind::Json);
  CHECK(feed.title == "JSON news");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].url == "https://news.example/j/1");
  CHECK(feed.items[0].title == "One");
  CHECK(feed.items[0].published == "2024-01-02T04:04:05Z");
  CHECK(feed.items[0].updated == "2024-01-03T00:00:00Z");
  CHECK(feed.items[1].url == "https://elsewhere.example/linked");
  CHECK(feed.items[2].url == "https://news.example/j/3");
  CHECK(feed.items[3].url == "https://news.example/j/4");
  CHECK(feed.skipped == 2);
}

TEST_CASE("feed: JSON that is no JSON Feed, or no JSON, is an error", "[feed][json]") {
  CHECK(parse_feed(R"({"name": "a package.json"})", kFeedUrl).error ==
        "not a feed: JSON without a JSON Feed version or items");
  CHECK(parse_feed(R"({"version": "https://jsonfeed.org/version/1", "items": [)", kFeedUrl).error ==
        "not a feed: invalid JSON");
  // Deep nesting is dropped while parsing, not recursed into.
  std::string deep = R"({"version": "https://jsonfeed.org/version/1", "items": [{"url": "https://news.example/d", "x": )" +
                     std::string(100000, '[') + std::string(100000, ']') + "}]}";
  Feed feed = parse_feed(deep, kFeedUrl);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].url == "https://news.example/d");
}

// --- detection, damage, encodings ---

TEST_CASE("detect_feed_kind: the bytes decide, the content type only when they cannot", "[feed]") {
  CHECK(detect_feed_kind(rss("")) == FeedKind::Rss);
  CHECK(detect_feed_kind("<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\"/>") == FeedKind::Atom);
  CHECK(detect_feed_kind("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"></rdf:RDF>") == FeedKind::Rdf);
  CHECK(detect_feed_kind("  {\"version\": \"https://jsonfeed.org/version/1\"}") == FeedKind::Json);
  CHECK(detect_feed_kind("<html><body>not a feed</body></html>", "application/rss+xml") == FeedKind::Unknown);
  CHECK(detect_feed_kind(test::gzip(rss(""))) == FeedKind::Rss);
  CHECK(detect_feed_kind("", "application/atom+xml; charset=utf-8") == FeedKind::Atom);
  CHECK(detect_feed_kind("", "text/html") == FeedKind::Unknown);
  // A document broken at its end still names its root.
  CHECK(detect_feed_kind("<rss><channel><item><title>x</titl></rss>") == FeedKind::Rss);
}

TEST_CASE("feed: gzip-compressed feeds are read", "[feed]") {
  Feed feed = parse_feed(test::gzip(rss("<item><link>https://news.example/z</link></item>")), kFeedUrl);
  CHECK(feed.ok());
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].url == "https://news.example/z");
}

TEST_CASE("feed: a broken feed keeps what libxml2 recovers, and says it was broken", "[feed]") {
  Feed feed = parse_feed("<rss><channel><item><title>Kept</title><link>https://news.example/k?a=1&b=2</link></item>"
                         "<item><title>Cut &nbsp; off</title><link>https://news.example/c</link>",
                         kFeedUrl);
  CHECK_FALSE(feed.ok());
  CHECK(feed.error.find("malformed XML at line 1") == 0);
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].url == "https://news.example/k?a=1&b=2");
  CHECK(feed.items[1].url == "https://news.example/c");
  CHECK(feed.items[1].title == "Cut &nbsp; off");
}

TEST_CASE("feed: non-feeds are refused", "[feed]") {
  CHECK(parse_feed("<html><head><title>x</title></head></html>", kFeedUrl).error == "not a feed: the root element is <html>");
  CHECK(parse_feed("", kFeedUrl).error == "empty feed");
  CHECK(parse_feed("just text", kFeedUrl).error == "not a feed: neither XML nor JSON");
  std::string huge(kMaxFeedBytes + 1, ' ');
  CHECK(parse_feed(huge, kFeedUrl).error == "larger than " + std::to_string(kMaxFeedBytes) + " bytes");
}

TEST_CASE("feed: an encoding declaration is ignored for bodies already decoded to UTF-8", "[feed]") {
  std::string body = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>" + rss("<item><title>Caf\xC3\xA9</title><link>https://news.example/c</link></item>").substr(39);
  Feed decoded = parse_feed(body, kFeedUrl, true);
  REQUIRE(decoded.items.size() == 1);
  CHECK(decoded.items[0].title == "Caf\xC3\xA9");
  Feed raw = parse_feed(body, kFeedUrl, false);
  REQUIRE(raw.items.size() == 1);
  CHECK(raw.items[0].title != "Caf\xC3\xA9");
}

TEST_CASE("feed: a title cut at its 64 KiB cap ends on a whole UTF-8 character", "[feed]") {
  // Found by fuzzing: the cut fell inside a two-byte character and left invalid UTF-8.
  const std::string title = std::string(64 * 1024 - 1, 'a') + "\xC3\xA9\xC3\xA9";
  Feed feed = parse_feed(rss("<item><title>" + title + "</title><link>https://news.example/t</link></item>"), kFeedUrl);
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == std::string(64 * 1024 - 1, 'a'));
}

TEST_CASE("feed: more than kMaxFeedItems items are cut there and flagged", "[feed]") {
  std::string items;
  for (std::size_t i = 0; i < kMaxFeedItems + 5; ++i) items += "<item><link>https://news.example/" + std::to_string(i) + "</link></item>";
  Feed feed = parse_feed(rss(items), kFeedUrl);
  CHECK(feed.truncated);
  CHECK(feed.items.size() == kMaxFeedItems);
}

// --- entity safety ---

TEST_CASE("feed: a billion-laughs DOCTYPE is not expanded", "[feed][security]") {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    doc += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(level - 1) + ";";
    doc += "\">\n";
  }
  doc += "]>\n<rss><channel><title>&lol9;</title><item><title>a &lol9; b &lol1;</title>"
         "<link>https://news.example/&lol9;</link></item></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  Feed feed = parse_feed(doc, kFeedUrl);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK_FALSE(any_item_contains(feed, "lol"));
}

TEST_CASE("feed: declared entities, even small ones, are not expanded; xml:base included", "[feed][security]") {
  Feed feed = parse_feed("<!DOCTYPE feed [<!ENTITY e \"expanded\"><!ENTITY h \"https://evil.example/\">]>"
                         "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"&h;\"><entry><title>x &e; y</title>"
                         "<link href=\"&h;p\"/></entry></feed>",
                         kFeedUrl);
  CHECK_FALSE(any_item_contains(feed, "expanded"));
  CHECK_FALSE(any_item_contains(feed, "evil"));
}

TEST_CASE("feed: external entities are never loaded", "[feed][security]") {
  char name[] = "/tmp/winnow-feed-test-XXXXXX";
  int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(name) << "WINNOW-SECRET-MARKER\n";
  for (const std::string& target : {"file://" + std::string(name), std::string("file:///etc/passwd")}) {
    Feed feed = parse_feed("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + target + "\">]>\n"
                           "<rss><channel><title>&xxe;</title><item><title>t &xxe;</title>"
                           "<link>https://news.example/x</link></item></channel></rss>",
                           kFeedUrl);
    CHECK_FALSE(any_item_contains(feed, "WINNOW-SECRET-MARKER"));
    CHECK_FALSE(any_item_contains(feed, "root:"));
    REQUIRE(feed.items.size() == 1);
    CHECK(feed.items[0].title == "t");
  }
  std::remove(name);
}

// --- dates ---

TEST_CASE("normalize_feed_date: RFC 822 and W3C dates, in UTC", "[feed][dates]") {
  CHECK(normalize_feed_date("Sat, 07 Sep 2002 00:00:01 GMT") == "2002-09-07T00:00:01Z");
  CHECK(normalize_feed_date("Sat, 07 Sep 2002 00:00:01 UT") == "2002-09-07T00:00:01Z");
  CHECK(normalize_feed_date("07 Sep 2002 10:00 +0530") == "2002-09-07T04:30:00Z");
  CHECK(normalize_feed_date("Sat, 07 Sep 2002 00:00:01 PDT") == "2002-09-07T07:00:01Z");
  CHECK(normalize_feed_date("2002-09-07T00:00:01+02:00") == "2002-09-06T22:00:01Z");
  CHECK(normalize_feed_date("2002-09-07") == "2002-09-07");
  for (const char* bad : {"", "soon", "12", "Sat, 32 Sep 2002 00:00:01 GMT", "Sat, 07 Sep 2002 25:00:00 GMT"}) {
    INFO(bad);
    CHECK(normalize_feed_date(bad).empty());
  }
}

}  // namespace winnow::fetch
