#include "clean/links.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean/dom.h"

namespace winnow::clean {
namespace {

using Urls = std::vector<std::string>;

const std::string kStory =
    "<p>The harbour authority said on Tuesday that the new pier would open in spring, after two years of "
    "delays caused by storms and a shortage of steel. Fishermen welcomed the news.</p>"
    "<p>Ferry operators expect the pier to cut waiting times by half during the summer season, when the "
    "island's population triples and queues stretch back to the market square.</p>";

Article clean_with_links(const std::string& html, std::string_view url = "https://site.example/news/story.html") {
  CleanOptions options;
  options.collect_links = true;
  return clean_html(html, url, options);
}

}  // namespace

TEST_CASE("links: every link of the page, resolved, unique, in page order", "[links]") {
  const std::string html =
      "<html><head><title>Pier</title></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/sport/\">Sport</a> <a href=\"#main\">Skip</a></nav>"
      "<article><h1>Pier</h1>" + kStory +
      "<p>See <a href=\"related.html?utm_source=nav\">the plan</a> and <a href=\"https://Other.Example/x#part\">this</a>."
      "</p></article>"
      "<footer><a href=\"/\">Home again</a> <a href=\"javascript:void(0)\">Top</a> <a href=\"mailto:desk@site.example\">"
      "Mail</a> <a href=\"tel:+100\">Call</a> <a>No href</a> <a href=\"\">Empty</a>"
      "<map><area href=\"/map/north\" alt=north></map> <a href=\"//cdn.example/file\">CDN</a></footer></body></html>";
  Article a = clean_with_links(html);
  CHECK(a.page_links == Urls{"https://site.example/", "https://site.example/sport/",
                             "https://site.example/news/related.html", "https://other.example/x",
                             "https://site.example/map/north", "https://cdn.example/file"});
  CHECK(a.feed_links.empty());
  CHECK_FALSE(a.robots_noindex);
  CHECK_FALSE(a.robots_nofollow);
  // The article is the same with links collected or not.
  Article plain = clean_html(html, "https://site.example/news/story.html");
  CHECK(a.text() == plain.text());
  CHECK(a.text().find("harbour authority") != std::string::npos);
  CHECK(plain.page_links.empty());
}

TEST_CASE("links: <base href> applies to every link, even those before it", "[links]") {
  Article a = clean_with_links("<html><body><a href=\"early\">E</a></body><head><base href=\"/docs/v2/\"></head>"
                               "<a href=\"page\">P</a><base href=\"https://ignored.example/\"></html>");
  CHECK(a.page_links == Urls{"https://site.example/docs/v2/early", "https://site.example/docs/v2/page"});
}

TEST_CASE("links: a base that does not resolve is ignored", "[links]") {
  Article a = clean_with_links("<head><base href=\"javascript:alert(1)\"></head><a href=\"x\">X</a>");
  CHECK(a.page_links == Urls{"https://site.example/news/x"});
}

TEST_CASE("links: a base href that is only a fragment is ignored", "[links]") {
  // As a link it would be the page itself; curl would resolve "#top" as a path, against the
  // page's folder, so it is not used at all.
  Article a = clean_with_links("<head><base href=\"#top\"></head><a href=\"?page=2\">2</a><a href=\"x\">X</a>");
  CHECK(a.page_links == Urls{"https://site.example/news/story.html?page=2", "https://site.example/news/x"});
}

TEST_CASE("links: without a page URL only absolute links are kept", "[links]") {
  Article a = clean_with_links("<a href=\"/relative\">R</a><a href=\"https://abs.example/a\">A</a>", "");
  CHECK(a.page_links == Urls{"https://abs.example/a"});
}

TEST_CASE("links: the canonical URL stands in for a missing page URL", "[links]") {
  Article a = clean_with_links("<head><link rel=canonical href=\"https://canon.example/a/b\"></head><a href=\"c\">C</a>", "");
  CHECK(a.page_links == Urls{"https://canon.example/a/c"});
}

TEST_CASE("links: announced feeds of every feed type", "[links]") {
  Article a = clean_with_links(
      "<head><link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/feed/\">"
      "<link rel=\"Alternate\" type=\"application/atom+xml; charset=utf-8\" href=\"https://site.example/atom.xml\">"
      "<link rel=\"alternate feed\" type=\"application/feed+json\" href=\"feed.json\">"
      "<link rel=\"alternate\" type=\"application/json\" href=\"/feed.json\">"
      "<link rel=\"alternate\" type=\"application/json\" href=\"https://site.example/wp-json/wp/v2/posts/12\">"
      "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"/oembed?url=x\">"
      "<link rel=\"alternate\" hreflang=\"de\" href=\"/de/story.html\">"
      "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"/not-a-feed\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/#again\">"
      "</head><body><a href=\"/feed/\">Feed</a></body>");
  CHECK(a.feed_links == Urls{"https://site.example/feed/", "https://site.example/atom.xml",
                             "https://site.example/news/feed.json", "https://site.example/feed.json"});
  CHECK(a.page_links == Urls{"https://site.example/feed/"});
}

TEST_CASE("links: robots meta directives", "[links]") {
  auto with_meta = [](const std::string& meta) { return clean_with_links("<head>" + meta + "</head><p>x</p>"); };
  Article none = with_meta("<meta name=\"robots\" content=\"index, follow\">");
  CHECK_FALSE(none.robots_noindex);
  CHECK_FALSE(none.robots_nofollow);
  Article noindex = with_meta("<meta name=\"ROBOTS\" content=\"NOINDEX, follow\">");
  CHECK(noindex.robots_noindex);
  CHECK_FALSE(noindex.robots_nofollow);
  Article nofollow = with_meta("<meta name=\"winnow\" content=\"nofollow\">");
  CHECK_FALSE(nofollow.robots_noindex);
  CHECK(nofollow.robots_nofollow);
  Article both = with_meta("<meta name=\"robots\" content=\"none\">");
  CHECK(both.robots_noindex);
  CHECK(both.robots_nofollow);
  Article combined = with_meta("<meta name=\"robots\" content=\"noindex\"><meta name=\"winnow\" content=\"nofollow\">");
  CHECK(combined.robots_noindex);
  CHECK(combined.robots_nofollow);
  Article other_bot = with_meta("<meta name=\"googlebot\" content=\"noindex, nofollow\">");
  CHECK_FALSE(other_bot.robots_noindex);
  CHECK_FALSE(other_bot.robots_nofollow);
}

TEST_CASE("links: nothing is collected unless asked", "[links]") {
  Article a = clean_html("<head><meta name=robots content=none><link rel=alternate type=application/rss+xml href=/f>"
                         "</head><a href=\"/x\">X</a>",
                         "https://site.example/");
  CHECK(a.page_links.empty());
  CHECK(a.feed_links.empty());
  CHECK_FALSE(a.robots_noindex);
  CHECK_FALSE(a.robots_nofollow);
}

TEST_CASE("links: a page keeps at most kMaxPageLinks links", "[links]") {
  std::string html = "<body>";
  for (std::size_t i = 0; i < kMaxPageLinks + 100; ++i) html += "<a href=\"/p" + std::to_string(i) + "\">p</a>";
  Article a = clean_with_links(html);
  REQUIRE(a.page_links.size() == kMaxPageLinks);
  CHECK(a.page_links.front() == "https://site.example/p0");
  CHECK(a.page_links.back() == "https://site.example/p" + std::to_string(kMaxPageLinks - 1));
}

TEST_CASE("collect_page_links: reads the tree the cleaner parsed", "[links]") {
  Dom dom("<a href=' https://a.example/x '>x</a><a href='https://a.example/x#y'>again</a>"
          "<meta name=robots content='nofollow'>");
  PageLinks links = collect_page_links(dom, "https://a.example/");
  CHECK(links.links == Urls{"https://a.example/x"});
  CHECK(links.nofollow);
  CHECK_FALSE(links.noindex);
}

TEST_CASE("announces_feed: rel must hold alternate and type a feed type", "[links]") {
  CHECK(announces_feed("alternate", "application/rss+xml", "/f"));
  CHECK(announces_feed(" ALTERNATE\t", " Application/Atom+XML ", "/f"));
  CHECK(announces_feed("alternate", "application/json", "/feed.json"));
  CHECK_FALSE(announces_feed("alternate", "application/json", "/?rest_route=/wp/v2/posts/1"));
  CHECK_FALSE(announces_feed("", "application/rss+xml", "/f"));
  CHECK_FALSE(announces_feed("alternative", "application/rss+xml", "/f"));
  CHECK_FALSE(announces_feed("alternate", "text/html", "/f"));
  CHECK_FALSE(announces_feed("alternate", "", "/f"));
}

}  // namespace winnow::clean
