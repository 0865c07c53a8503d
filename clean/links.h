// What a crawler needs from a page beside its article: every link of the whole page, the feeds it
// announces and its robots meta directives, read from the parse the cleaner already made.
// Internal to clean/ (clean_html fills Article::page_links and friends with
// CleanOptions::collect_links).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "clean/dom.h"

namespace winnow::clean {

/// A page keeps at most this many links (and as many feeds); the rest are dropped. Hrefs are
/// tried at most kMaxHrefsTried times (distinct raw values), so pages full of junk hrefs stay cheap.
inline constexpr std::size_t kMaxPageLinks = 5000;
inline constexpr std::size_t kMaxHrefsTried = 4 * kMaxPageLinks;

struct PageLinks {
  /// <a href> and <area href> of the whole page, absolute http(s), normalized (fetch::resolve_link:
  /// fragments and tracking parameters dropped), unique, in order of first appearance.
  std::vector<std::string> links;
  /// <link rel="alternate"> of RSS, Atom and JSON feed types, the same way.
  std::vector<std::string> feeds;
  /// <meta name="robots"> or <meta name="winnow">: noindex, nofollow, or none (both).
  bool noindex = false;
  bool nofollow = false;
};

/// Reads the links of `dom`, resolved against its first <base href> (itself resolved against
/// `page_url`) or `page_url`. Without a page URL only absolute links are kept.
PageLinks collect_page_links(const Dom& dom, std::string_view page_url);

/// Fills article.page_links, feed_links and robots_* from `dom`, the page being
/// article.meta.url (or its canonical URL when that is empty).
void fill_page_links(const Dom& dom, Article& article);

/// Whether a <link> with these rel and type attributes announces a feed of the page: rel holds
/// "alternate" and type is RSS, Atom or JSON Feed (or plain JSON, except WordPress' REST API
/// links to `href`, which are no feeds).
bool announces_feed(std::string_view rel, std::string_view type, std::string_view href);

}  // namespace winnow::clean
