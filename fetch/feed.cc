// XML feeds are read whole with libxml2's recovering parser (feeds are small, and real ones are
// often slightly broken); JSON Feeds with nlohmann-json. See sitemap_internal.h for how entities
// are kept from expanding.

#include "fetch/feed.h"

#include <curl/curl.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "fetch/sitemap.h"
#include "fetch/sitemap_internal.h"
#include "fetch/url.h"

namespace winnow::fetch {
namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kDublinCoreNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";
constexpr std::size_t kMaxTitleBytes = 64 * 1024;
constexpr std::size_t kMaxLinkBytes = 2 * kMaxUrlBytes;
constexpr std::size_t kMaxDateBytes = 256;
// JSON Feeds are a few levels deep; deeper values are dropped while parsing.
constexpr int kMaxJsonDepth = 32;

FeedKind kind_of_root(std::string_view name) {
  if (name == "rss") return FeedKind::Rss;
  if (name == "RDF") return FeedKind::Rdf;
  if (name == "feed") return FeedKind::Atom;
  return FeedKind::Unknown;
}

std::string lower_media_type(std::string_view content_type) {
  std::string type(xml::trim(content_type.substr(0, content_type.find(';'))));
  for (char& c : type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return type;
}

FeedKind kind_of_media_type(std::string_view content_type) {
  std::string type = lower_media_type(content_type);
  if (type == "application/rss+xml") return FeedKind::Rss;
  if (type == "application/atom+xml") return FeedKind::Atom;
  if (type == "application/rdf+xml") return FeedKind::Rdf;
  if (type == "application/feed+json") return FeedKind::Json;
  return FeedKind::Unknown;
}

bool add_item(Feed& feed, FeedItem item) {
  if (item.url.empty()) {
    ++feed.skipped;
    return true;
  }
  if (feed.items.size() >= kMaxFeedItems) {
    feed.truncated = true;
    return false;
  }
  feed.items.push_back(std::move(item));
  return true;
}

// ---- XML feeds -------------------------------------------------------------------------------------

// Where an item's URL may come from, best first.
struct LinkCandidates {
  std::string original;   // feedburner:origLink: the page behind FeedBurner's redirect
  std::string own;        // <link> of the item's own vocabulary (RSS text, Atom rel=alternate)
  std::string atom;       // <atom:link rel=alternate> in an RSS item
  std::string permalink;  // RSS <guid> unless isPermaLink="false"
  const xmlNode* own_node = nullptr;
  const xmlNode* atom_node = nullptr;
};

// An Atom-style <link href>: the item's page when rel is "alternate" or absent.
bool is_alternate_link(const xmlNode* link) {
  std::string rel = xml::attribute(link, "rel");
  return rel.empty() || rel == "alternate";
}

void read_link(const xmlNode* child, bool own_vocabulary, LinkCandidates& links) {
  const bool atom_style = xml::namespace_uri(child) == kAtomNs || !xml::attribute(child, "href").empty();
  if (atom_style) {
    if (!is_alternate_link(child)) return;
    std::string& target = own_vocabulary ? links.own : links.atom;
    if (!target.empty()) return;
    target = xml::attribute(child, "href");
    (own_vocabulary ? links.own_node : links.atom_node) = child;
  } else if (own_vocabulary && links.own.empty()) {
    links.own = xml::node_text(child, kMaxLinkBytes);
    links.own_node = child;
  }
}

std::string date_of(const xmlNode* node) { return normalize_feed_date(xml::node_text(node, kMaxDateBytes)); }

// Items' links resolve against their xml:base or the feed's URL, the same for most items of a
// feed: a LinkResolver is made (the base parsed) once per run of items with the same base, not
// once per item.
class ItemLinkResolver {
 public:
  std::optional<std::string> resolve(const std::string& base, std::string_view href) {
    if (!resolver_ || base != base_) {
      resolver_.emplace(base);
      base_ = base;
    }
    return resolver_->resolve(href);
  }

 private:
  std::string base_;
  std::optional<LinkResolver> resolver_;
};

FeedItem read_xml_item(const xmlNode* item, std::string_view feed_url, ItemLinkResolver& resolver) {
  FeedItem out;
  LinkCandidates links;
  const std::string_view item_ns = xml::namespace_uri(item);
  for (const xmlNode* child = item->children; child != nullptr; child = child->next) {
    std::string_view name = xml::local_name(child);
    if (name.empty()) continue;
    std::string_view ns = xml::namespace_uri(child);
    const bool own = ns == item_ns;
    if (name == "link") {
      read_link(child, own, links);
    } else if (name == "origLink" && links.original.empty()) {
      links.original = xml::node_text(child, kMaxLinkBytes);
    } else if (name == "guid" && own && links.permalink.empty() && xml::attribute(child, "isPermaLink") != "false") {
      links.permalink = xml::node_text(child, kMaxLinkBytes);
    } else if (name == "title" && own && out.title.empty()) {
      out.title = xml::collapse_whitespace(xml::node_text(child, kMaxTitleBytes));
    } else if ((name == "pubDate" || name == "published" || name == "issued") && own && out.published.empty()) {
      out.published = date_of(child);
    } else if (name == "date" && ns == kDublinCoreNs && out.published.empty()) {
      out.published = date_of(child);
    } else if ((name == "updated" || name == "modified") && (own || ns == kAtomNs || ns == kDcTermsNs) &&
               out.updated.empty()) {
      out.updated = date_of(child);
    }
  }
  const xmlNode* base_node = item;
  std::string raw;
  if (!links.original.empty()) {
    raw = links.original;
  } else if (!links.own.empty()) {
    raw = links.own;
    base_node = links.own_node;
  } else if (!links.atom.empty()) {
    raw = links.atom;
    base_node = links.atom_node;
  } else if (!links.permalink.empty()) {
    raw = links.permalink;
  } else if (const std::string about = xml::attribute(item, "about"); !about.empty()) {
    raw = about;  // RSS 1.0: rdf:about names the item's page
  }
  if (std::optional<std::string> url = resolver.resolve(xml::base_url(base_node, feed_url), xml::trim(raw))) {
    out.url = std::move(*url);
  }
  return out;
}

std::string first_title(const xmlNode* parent) {
  const std::string_view ns = xml::namespace_uri(parent);
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (xml::local_name(child) == "title" && xml::namespace_uri(child) == ns) {
      return xml::collapse_whitespace(xml::node_text(child, kMaxTitleBytes));
    }
  }
  return {};
}

// Items of RSS 2.0 sit in <channel>; those of RSS 0.90 and 1.0 beside it, under the root.
bool read_items(const xmlNode* parent, std::string_view item_name, std::string_view feed_url, Feed& feed,
                ItemLinkResolver& resolver) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    std::string_view name = xml::local_name(child);
    if (name == item_name) {
      if (!add_item(feed, read_xml_item(child, feed_url, resolver))) return false;
    } else if (name == "channel" && parent->parent != nullptr && parent->parent->type == XML_DOCUMENT_NODE) {
      if (feed.title.empty()) feed.title = first_title(child);
      if (!read_items(child, item_name, feed_url, feed, resolver)) return false;
    }
  }
  return true;
}

Feed parse_xml_feed(std::string_view text, std::string_view feed_url, bool decoded_utf8) {
  Feed feed;
  std::optional<std::string> repaired = xml::escape_stray_ampersands(text);
  if (repaired) text = *repaired;
  std::string error;
  xml::DocPtr doc = xml::read_document(text, feed_url, decoded_utf8, error);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    feed.error = error.empty() ? "not a feed: no root element" : error;
    return feed;
  }
  feed.kind = kind_of_root(xml::local_name(root));
  if (feed.kind == FeedKind::Unknown) {
    feed.error = "not a feed: the root element is <" + std::string(xml::local_name(root)) + ">";
    return feed;
  }
  feed.error = std::move(error);
  if (feed.kind == FeedKind::Atom) feed.title = first_title(root);
  ItemLinkResolver resolver;
  read_items(root, feed.kind == FeedKind::Atom ? "entry" : "item", feed_url, feed, resolver);
  return feed;
}

// ---- JSON Feed -------------------------------------------------------------------------------------

std::string string_member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

FeedItem read_json_item(const nlohmann::json& item, const LinkResolver& feed_link) {
  FeedItem out;
  out.title = xml::collapse_whitespace(string_member(item, "title"));
  out.published = normalize_feed_date(string_member(item, "date_published"));
  out.updated = normalize_feed_date(string_member(item, "date_modified"));
  // "url" is the item's page; "external_url" the page a link post points to; "id" is often a
  // URL, but only an absolute one says so.
  for (const char* key : {"url", "external_url"}) {
    if (std::optional<std::string> url = feed_link.resolve(string_member(item, key))) {
      out.url = std::move(*url);
      return out;
    }
  }
  if (std::optional<std::string> url = normalize_url(string_member(item, "id"))) out.url = std::move(*url);
  return out;
}

Feed parse_json_feed(std::string_view text, std::string_view feed_url) {
  using nlohmann::json;
  Feed feed;
  json::parser_callback_t shallow = [](int depth, json::parse_event_t, json&) { return depth <= kMaxJsonDepth; };
  json doc = json::parse(text.begin(), text.end(), shallow, false);
  if (doc.is_discarded()) {
    feed.error = "not a feed: invalid JSON";
    return feed;
  }
  const std::string version = doc.is_object() ? string_member(doc, "version") : std::string();
  auto items = doc.is_object() ? doc.find("items") : doc.end();
  if (version.find("jsonfeed.org/version/") == std::string::npos && (items == doc.end() || !items->is_array())) {
    feed.error = "not a feed: JSON without a JSON Feed version or items";
    return feed;
  }
  feed.kind = FeedKind::Json;
  feed.title = xml::collapse_whitespace(string_member(doc, "title"));
  if (items == doc.end() || !items->is_array()) return feed;
  const LinkResolver resolver(feed_url);  // the feed's URL parsed once for all its items
  for (const json& item : *items) {
    if (!item.is_object()) {
      ++feed.skipped;
      continue;
    }
    if (!add_item(feed, read_json_item(item, resolver))) break;
  }
  return feed;
}

}  // namespace

const char* to_string(FeedKind kind) {
  switch (kind) {
    case FeedKind::Unknown: return "unknown";
    case FeedKind::Rss: return "rss";
    case FeedKind::Rdf: return "rdf";
    case FeedKind::Atom: return "atom";
    case FeedKind::Json: return "json";
  }
  return "unknown";
}

FeedKind detect_feed_kind(std::string_view body, std::string_view content_type) {
  xml::Unpacked unpacked = xml::unpack_body(body, kMaxFeedBytes);
  std::string_view start = xml::skip_bom_and_space(unpacked.text);
  if (start.empty()) return kind_of_media_type(content_type);
  if (start.front() == '{') return FeedKind::Json;
  if (start.front() != '<') return FeedKind::Unknown;
  std::optional<std::string> repaired = xml::escape_stray_ampersands(unpacked.text.substr(0, 64 * 1024));
  return kind_of_root(xml::root_element(repaired ? std::string_view(*repaired) : unpacked.text, false).name);
}

Feed parse_feed(std::string_view body, std::string_view feed_url, bool decoded_utf8) {
  xml::Unpacked unpacked = xml::unpack_body(body, kMaxFeedBytes);
  Feed feed;
  if (!unpacked.error.empty()) {
    feed.error = std::move(unpacked.error);
    return feed;
  }
  std::string_view start = xml::skip_bom_and_space(unpacked.text);
  if (start.empty()) {
    feed.error = "empty feed";
    return feed;
  }
  if (start.front() == '{') return parse_json_feed(start, feed_url);
  if (start.front() != '<') {
    feed.error = "not a feed: neither XML nor JSON";
    return feed;
  }
  return parse_xml_feed(unpacked.text, feed_url, decoded_utf8);
}

std::string normalize_feed_date(std::string_view text) {
  std::string_view s = xml::trim(text);
  if (s.empty() || s.size() > kMaxDateBytes) return {};
  if (std::string w3c = normalize_w3c_datetime(s); !w3c.empty()) return w3c;
  // RSS dates are RFC 822: curl reads those (HTTP dates are the same form), zone names included.
  std::time_t t = curl_getdate(std::string(s).c_str(), nullptr);
  if (t == -1) return {};
  std::tm utc{};
  if (gmtime_r(&t, &utc) == nullptr) return {};
  char out[32];
  if (std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc) != 20) return {};
  return out;
}

}  // namespace winnow::fetch
