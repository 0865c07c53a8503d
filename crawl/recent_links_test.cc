#include "crawl/recent_links.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace winnow::crawl {
namespace {

using store::UrlKind;

store::NewUrl given(const std::string& url, UrlKind kind, int depth) {
  return store::NewUrl{url, "https://site.example", depth, kind, {}};
}

}  // namespace

TEST_CASE("recent links: a URL never met is not known", "[recent_links]") {
  RecentLinks links;
  CHECK_FALSE(links.known("https://site.example/a", UrlKind::Page, 5));
}

TEST_CASE("recent links: out of scope is known at any depth and kind", "[recent_links]") {
  RecentLinks links;
  links.out_of_scope("https://elsewhere.example/");
  CHECK(links.known("https://elsewhere.example/", UrlKind::Page, 0));
  CHECK(links.known("https://elsewhere.example/", UrlKind::Feed, 0));
}

TEST_CASE("recent links: a URL given at a depth is known there and deeper, not shallower", "[recent_links]") {
  // The frontier keeps the shallower depth: a shallower link must still reach it.
  RecentLinks links;
  links.added({given("https://site.example/a", UrlKind::Page, 2)});
  CHECK(links.known("https://site.example/a", UrlKind::Page, 2));
  CHECK(links.known("https://site.example/a", UrlKind::Page, 3));
  CHECK_FALSE(links.known("https://site.example/a", UrlKind::Page, 1));
  links.added({given("https://site.example/a", UrlKind::Page, 1), given("https://site.example/a", UrlKind::Page, 4)});
  CHECK(links.known("https://site.example/a", UrlKind::Page, 1));
  CHECK_FALSE(links.known("https://site.example/a", UrlKind::Page, 0));
}

TEST_CASE("recent links: a page given as a page is not yet known as a feed", "[recent_links]") {
  // A page link announced as a feed becomes due as a feed: that add changes the frontier.
  RecentLinks links;
  links.added({given("https://site.example/feed.xml", UrlKind::Page, 1)});
  CHECK_FALSE(links.known("https://site.example/feed.xml", UrlKind::Feed, 1));
  links.added({given("https://site.example/feed.xml", UrlKind::Feed, 0)});
  CHECK(links.known("https://site.example/feed.xml", UrlKind::Feed, 0));
  // As a page link, a known feed stays a feed: nothing to add.
  CHECK(links.known("https://site.example/feed.xml", UrlKind::Page, 0));
  CHECK_FALSE(links.known("https://site.example/other.xml", UrlKind::Sitemap, 9));
}

TEST_CASE("recent links: bounded, what is met again stays and what is not goes", "[recent_links]") {
  RecentLinks links(4);
  auto url = [](int i) { return "https://site.example/" + std::to_string(i); };
  links.added({given(url(0), UrlKind::Page, 1)});  // the navigation: on every page
  for (int i = 1; i <= 20; ++i) {
    CHECK(links.known(url(0), UrlKind::Page, 1));
    links.added({given(url(i), UrlKind::Page, 1)});
  }
  CHECK(links.known(url(20), UrlKind::Page, 1));
  CHECK_FALSE(links.known(url(1), UrlKind::Page, 1));
  // What was known of a URL moves with it from the older generation.
  links.out_of_scope(url(100));
  links.added({given(url(21), UrlKind::Page, 1), given(url(22), UrlKind::Page, 1), given(url(23), UrlKind::Page, 1),
               given(url(24), UrlKind::Page, 1)});
  CHECK(links.known(url(100), UrlKind::Feed, 0));
}

}  // namespace winnow::crawl
