#include "clean/links.h"

#include <optional>
#include <unordered_set>

#include "clean/meta_text.h"
#include "fetch/url.h"

namespace winnow::clean {
namespace {

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Calls `f` with each token of a space- or comma-separated attribute value (rel, robots content).
template <typename F>
void for_each_token(std::string_view value, F f) {
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (is_html_space(value[i]) || value[i] == ',')) ++i;
    std::size_t start = i;
    while (i < value.size() && !is_html_space(value[i]) && value[i] != ',') ++i;
    if (i > start) f(value.substr(start, i - start));
  }
}

std::string_view media_type(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && is_html_space(type.front())) type.remove_prefix(1);
  while (!type.empty() && is_html_space(type.back())) type.remove_suffix(1);
  return type;
}

// WordPress announces its REST API view of every post as rel=alternate type=application/json.
bool is_wordpress_api_link(std::string_view href) {
  return href.find("/wp-json/") != std::string_view::npos || href.find("rest_route=") != std::string_view::npos;
}

void read_robots_meta(const Dom& dom, NodeId id, PageLinks& out) {
  std::string_view name = metatext::trim(dom.attr(id, "name"));
  if (!metatext::iequals(name, "robots") && !metatext::iequals(name, "winnow")) return;
  for_each_token(dom.attr(id, "content"), [&out](std::string_view token) {
    if (metatext::iequals(token, "noindex") || metatext::iequals(token, "none")) out.noindex = true;
    if (metatext::iequals(token, "nofollow") || metatext::iequals(token, "none")) out.nofollow = true;
  });
}

// Resolves raw hrefs into `out`: unique, in order, at most kMaxPageLinks, trying each distinct
// raw value once and at most kMaxHrefsTried values.
void resolve_all(const std::vector<std::string_view>& hrefs, const fetch::LinkResolver& resolver,
                 std::vector<std::string>& out) {
  std::unordered_set<std::string_view> tried;
  std::unordered_set<std::string> kept;
  for (std::string_view href : hrefs) {
    if (out.size() >= kMaxPageLinks || tried.size() >= kMaxHrefsTried) break;
    if (!tried.insert(href).second) continue;
    std::optional<std::string> url = resolver.resolve(href);
    if (url && kept.insert(*url).second) out.push_back(std::move(*url));
  }
}

}  // namespace

bool announces_feed(std::string_view rel, std::string_view type, std::string_view href) {
  bool alternate = false;
  for_each_token(rel, [&alternate](std::string_view token) { alternate |= metatext::iequals(token, "alternate"); });
  if (!alternate) return false;
  std::string_view media = media_type(type);
  if (metatext::iequals(media, "application/json")) return !is_wordpress_api_link(href);
  return metatext::iequals(media, "application/rss+xml") || metatext::iequals(media, "application/atom+xml") ||
         metatext::iequals(media, "application/feed+json");
}

PageLinks collect_page_links(const Dom& dom, std::string_view page_url) {
  PageLinks out;
  std::vector<std::string_view> hrefs, feeds;  // raw, pointing into Gumbo's tree
  std::optional<std::string_view> base_href;
  for (NodeId id = 0; id < dom.size(); ++id) {
    const Node& n = dom[id];
    if (n.is_text) continue;
    switch (n.tag) {
      case GUMBO_TAG_A:
      case GUMBO_TAG_AREA:
        if (dom.has_attr(id, "href")) hrefs.push_back(dom.attr(id, "href"));
        break;
      case GUMBO_TAG_LINK:
        if (announces_feed(dom.attr(id, "rel"), dom.attr(id, "type"), dom.attr(id, "href"))) {
          feeds.push_back(dom.attr(id, "href"));
        }
        break;
      case GUMBO_TAG_BASE:
        // Browsers use the first <base> with an href, wherever it stands.
        if (!base_href && dom.has_attr(id, "href")) base_href = dom.attr(id, "href");
        break;
      case GUMBO_TAG_META:
        read_robots_meta(dom, id, out);
        break;
      default:
        break;
    }
  }
  // The base parsed and normalized once for the page, not once a link. The <base href> counts
  // when it resolves as a link of the page would: one that is only a fragment is not used.
  fetch::LinkResolver resolver(page_url);
  if (base_href) {
    if (std::optional<std::string> base = resolver.resolve(*base_href)) resolver = fetch::LinkResolver(*base);
  }
  resolve_all(hrefs, resolver, out.links);
  resolve_all(feeds, resolver, out.feeds);
  return out;
}

void fill_page_links(const Dom& dom, Article& article) {
  const std::string& page = article.meta.url.empty() ? article.meta.canonical_url : article.meta.url;
  PageLinks links = collect_page_links(dom, page);
  article.page_links = std::move(links.links);
  article.feed_links = std::move(links.feeds);
  article.robots_noindex = links.noindex;
  article.robots_nofollow = links.nofollow;
}

}  // namespace winnow::clean
