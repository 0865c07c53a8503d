// Web feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom 1.0 (and 0.3) and JSON Feed 1.0/1.1, read
// into the URLs, titles and dates of their items for the crawler.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::fetch {

/// Feeds are small; a larger body is refused (it is parsed whole, unlike sitemaps).
inline constexpr std::size_t kMaxFeedBytes = 10 * 1024 * 1024;
inline constexpr std::size_t kMaxFeedItems = 50'000;

enum class FeedKind { Unknown, Rss, Rdf, Atom, Json };
const char* to_string(FeedKind kind);

struct FeedItem {
  std::string url;        // absolute http(s), normalized (fetch::normalize_url)
  std::string title;      // whitespace collapsed; may be empty
  std::string published;  // normalize_feed_date form; empty when absent or invalid
  std::string updated;
};

struct Feed {
  FeedKind kind = FeedKind::Unknown;
  std::string title;             // of the feed itself
  std::vector<FeedItem> items;   // in feed order; items without an http(s) URL are skipped
  std::size_t skipped = 0;       // items dropped for want of a usable URL
  bool truncated = false;        // more than kMaxFeedItems: the rest was dropped
  /// Why the body could not be read whole: not a feed, too large, corrupt gzip, malformed XML or
  /// JSON (items then hold what libxml2 recovered). Empty on success.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// What kind of feed `body` is, from its bytes: a JSON object is a JSON Feed, an XML document is
/// told by its root element (<rss>, <rdf:RDF>, <feed>). `content_type` (the response's
/// Content-Type) decides only when the bytes do not: an empty or gzip-compressed body.
FeedKind detect_feed_kind(std::string_view body, std::string_view content_type = {});

/// Parses a feed body (gzip-compressed or not; the magic bytes decide). Item links resolve
/// against `feed_url` and, in XML feeds, xml:base. `decoded_utf8`: the body was already decoded
/// to UTF-8 (FetchResult::body), so an encoding the XML declaration names is ignored. XML is read
/// without network access and without expanding entities. Never throws on bad input.
Feed parse_feed(std::string_view body, std::string_view feed_url, bool decoded_utf8 = false);

/// A feed date (W3C/RFC 3339 as in Atom and JSON Feed, or RFC 822 as in RSS' pubDate, zone
/// names included) in normalize_w3c_datetime's form. "" when it is not a date.
std::string normalize_feed_date(std::string_view text);

}  // namespace winnow::fetch
