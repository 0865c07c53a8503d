// Sitemaps (sitemaps.org protocol): <urlset> and <sitemapindex> XML, gzip-compressed or not,
// plain-text sitemaps (one URL a line), and RSS/Atom feeds that sites give as sitemaps. The
// crawler's source of URLs beside page links and feeds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::fetch {

/// sitemaps.org: a sitemap file holds at most 50 000 URLs and 50 MB uncompressed. Past the
/// first, entries are dropped (Sitemap::truncated); past the second, the file is refused.
inline constexpr std::size_t kMaxSitemapEntries = 50'000;
inline constexpr std::size_t kMaxSitemapBytes = 50 * 1024 * 1024;

struct SitemapEntry {
  std::string url;      // absolute http(s), normalized (fetch::normalize_url)
  std::string lastmod;  // normalize_w3c_datetime form; empty when absent or invalid
};

struct Sitemap {
  enum class Kind {
    Unknown,  // nothing could be read
    UrlSet,   // <urlset>: entries are pages
    Index,    // <sitemapindex>: entries are sitemaps
    Text,     // one URL a line: entries are pages
    Feed,     // an RSS or Atom feed: entries are its items, lastmod their updated or published date
  };
  Kind kind = Kind::Unknown;
  std::vector<SitemapEntry> entries;  // in file order
  std::size_t skipped = 0;  // <loc>s or lines that were not http(s) URLs or did not parse
  bool truncated = false;   // the file held more than kMaxSitemapEntries: the rest was dropped
  /// Why the body could not be read, or not to its end: not a sitemap, too large, corrupt gzip,
  /// malformed XML (entries then hold what came before the damage). Empty on success.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Parses a sitemap body. `body` is the response as received, gzip-compressed or not (the magic
/// bytes decide); `sitemap_url` is its final URL, against which relative <loc>s resolve.
/// `decoded_utf8`: the body was already decoded to UTF-8 (FetchResult::body), so an encoding the
/// XML declaration names is ignored. XML is read without network access and without expanding
/// entities. Never throws on bad input.
Sitemap parse_sitemap(std::string_view body, std::string_view sitemap_url, bool decoded_utf8 = false);

/// A W3C datetime (YYYY, YYYY-MM, YYYY-MM-DD, or a date with hh:mm, hh:mm:ss or hh:mm:ss.s and a
/// zone: Z or +hh:mm) in a form that compares as a string: date-only forms are kept as they are,
/// times become UTC "YYYY-MM-DDTHH:MM:SSZ" (fractions dropped). Also taken: 't' or a space for
/// 'T', zones without the colon, and times without a zone (read as UTC). "" when invalid.
std::string normalize_w3c_datetime(std::string_view text);

const char* to_string(Sitemap::Kind kind);

}  // namespace winnow::fetch
