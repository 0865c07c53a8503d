// Sitemaps are streamed (xmlTextReader): a 50 MB file of tiny elements would cost gigabytes as a
// tree. Feeds given as sitemaps go to the feed parser.

#include "fetch/sitemap.h"

#include <chrono>
#include <cstdio>
#include <optional>

#include "fetch/feed.h"
#include "fetch/sitemap_internal.h"
#include "fetch/url.h"

namespace winnow::fetch {

// ---- dates -----------------------------------------------------------------------------------------

namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool digits(int count, int& value) {
    value = 0;
    for (int k = 0; k < count; ++k, ++i_) {
      if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') return false;
      value = value * 10 + (s_[i_] - '0');
    }
    return true;
  }
  int skip_digits() {
    int n = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_, ++n;
    return n;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// The zone of a W3C datetime as minutes east of UTC; false when it is malformed. None is UTC.
bool parse_zone(Cursor& c, int& offset_minutes) {
  offset_minutes = 0;
  c.eat(' ');
  if (c.eat('Z') || c.eat('z') || c.done()) return true;
  int sign = c.eat('+') ? 1 : c.eat('-') ? -1 : 0;
  int hours = 0, minutes = 0;
  if (sign == 0 || !c.digits(2, hours)) return false;
  c.eat(':');
  if (!c.digits(2, minutes) || hours > 23 || minutes > 59) return false;
  offset_minutes = sign * (hours * 60 + minutes);
  return true;
}

std::string format_utc(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  sys_days day = floor<days>(t);
  year_month_day date{day};
  hh_mm_ss<seconds> time{t - day};
  int y = static_cast<int>(date.year());
  if (y < 1 || y > 9999) return {};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return out;
}

}  // namespace

std::string normalize_w3c_datetime(std::string_view text) {
  using namespace std::chrono;
  std::string_view s = xml::trim(text);
  Cursor c(s);
  int y = 0, m = 0, d = 0;
  if (!c.digits(4, y) || y < 1) return {};
  if (c.done()) return std::string(s);
  if (!c.eat('-') || !c.digits(2, m) || m < 1 || m > 12) return {};
  if (c.done()) return std::string(s);
  if (!c.eat('-') || !c.digits(2, d)) return {};
  year_month_day date{year(y) / month(static_cast<unsigned>(m)) / day(static_cast<unsigned>(d))};
  if (!date.ok()) return {};
  if (c.done()) return std::string(s);
  if (!c.eat('T') && !c.eat('t') && !c.eat(' ')) return {};
  int hh = 0, mm = 0, ss = 0;
  if (!c.digits(2, hh) || !c.eat(':') || !c.digits(2, mm) || hh > 23 || mm > 59) return {};
  if (c.eat(':')) {
    if (!c.digits(2, ss) || ss > 60) return {};
    if ((c.eat('.') || c.eat(',')) && c.skip_digits() == 0) return {};
  }
  int offset = 0;
  if (!parse_zone(c, offset) || !c.done()) return {};
  sys_seconds t = sys_days(date) + hours(hh) + minutes(mm) + seconds(ss) - minutes(offset);
  return format_utc(t);
}

// ---- sitemaps --------------------------------------------------------------------------------------

namespace {

// Adds one <url>/<sitemap> or line; false once the file holds more than the protocol allows.
bool add_entry(Sitemap& out, std::optional<std::string> url, std::string_view lastmod) {
  if (!url) {
    ++out.skipped;
    return true;
  }
  if (out.entries.size() >= kMaxSitemapEntries) {
    out.truncated = true;
    return false;
  }
  out.entries.push_back(SitemapEntry{std::move(*url), normalize_w3c_datetime(lastmod)});
  return true;
}

Sitemap parse_text_sitemap(std::string_view text) {
  Sitemap out;
  out.kind = Sitemap::Kind::Text;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = xml::trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    // The protocol wants full URLs: a relative line is more likely junk than a page.
    if (!add_entry(out, normalize_url(line), {})) break;
  }
  if (out.entries.empty()) out.error = "not a sitemap: no http(s) URL on any line";
  return out;
}

Sitemap sitemap_from_feed(std::string_view text, std::string_view sitemap_url, bool decoded_utf8) {
  Feed feed = parse_feed(text, sitemap_url, decoded_utf8);
  Sitemap out;
  out.kind = Sitemap::Kind::Feed;
  out.skipped = feed.skipped;
  out.truncated = feed.truncated;
  out.error = std::move(feed.error);
  out.entries.reserve(feed.items.size());
  for (FeedItem& item : feed.items) {
    out.entries.push_back(SitemapEntry{std::move(item.url), item.updated.empty() ? item.published : item.updated});
  }
  return out;
}

// The streaming reader gives up on a small document broken anywhere, before it saw the root; a
// recovering parse then tells a feed (read by the feed parser, which recovers) or an HTML page.
Sitemap sitemap_without_root(std::string_view text, std::string_view sitemap_url, bool decoded_utf8, Sitemap failed) {
  xml::RootElement root = xml::root_element(text, decoded_utf8);
  if (root.name == "rss" || root.name == "RDF" || root.name == "feed") {
    return sitemap_from_feed(text, sitemap_url, decoded_utf8);
  }
  if (!root.name.empty() && root.name != "urlset" && root.name != "sitemapindex") {
    failed.error = "not a sitemap: the root element is <" + root.name + ">";
  } else if (failed.error.empty()) {
    failed.error = "not a sitemap: no root element";
  }
  return failed;
}

// One <url> or <sitemap> child being read: its <loc> and <lastmod>.
struct PendingEntry {
  enum class Field { None, Loc, Lastmod };
  Field field = Field::None;
  bool open = false;
  std::string loc, lastmod;

  void start() {
    open = true;
    loc.clear();
    lastmod.clear();
  }
  void append(const xmlChar* value) {
    if (value == nullptr) return;
    std::string& target = field == Field::Loc ? loc : lastmod;
    std::string_view piece(reinterpret_cast<const char*>(value));
    const std::size_t cap = 2 * kMaxUrlBytes;  // longer text is no URL and no date
    if (target.size() < cap) target.append(piece.substr(0, cap - target.size()));
  }
};

Sitemap parse_xml_sitemap(std::string_view text, std::string_view sitemap_url, bool decoded_utf8) {
  Sitemap out;
  std::string error;
  xml::ReaderPtr reader = xml::open_reader(text, sitemap_url, decoded_utf8, error);
  if (!reader) {
    out.error = error;
    return out;
  }
  xmlTextReader* r = reader.get();
  const LinkResolver resolver(sitemap_url);  // the sitemap's URL parsed once for all its entries
  std::string_view record;
  PendingEntry entry;
  int status = 0;
  while ((status = xmlTextReaderRead(r)) == 1) {
    const int type = xmlTextReaderNodeType(r);
    const int depth = xmlTextReaderDepth(r);
    if (type == XML_READER_TYPE_ELEMENT) {
      const xmlChar* raw_name = xmlTextReaderConstLocalName(r);
      std::string_view name = raw_name ? reinterpret_cast<const char*>(raw_name) : "";
      const bool empty = xmlTextReaderIsEmptyElement(r) == 1;
      if (depth == 0) {
        if (name == "urlset") {
          out.kind = Sitemap::Kind::UrlSet;
          record = "url";
        } else if (name == "sitemapindex") {
          out.kind = Sitemap::Kind::Index;
          record = "sitemap";
        } else if (name == "rss" || name == "RDF" || name == "feed") {
          reader.reset();
          return sitemap_from_feed(text, sitemap_url, decoded_utf8);
        } else {
          out.error = "not a sitemap: the root element is <" + std::string(name) + ">";
          return out;
        }
      } else if (depth == 1 && name == record) {
        entry.start();
        entry.open = !empty;
        if (empty) ++out.skipped;
      } else if (depth == 2 && entry.open && !empty) {
        entry.field = name == "loc"       ? PendingEntry::Field::Loc
                      : name == "lastmod" ? PendingEntry::Field::Lastmod
                                          : PendingEntry::Field::None;
      }
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
      // Entity references (XML_READER_TYPE_ENTITY_REFERENCE) are never read.
      if (depth == 3 && entry.open && entry.field != PendingEntry::Field::None) {
        entry.append(xmlTextReaderConstValue(r));
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (depth == 2) {
        entry.field = PendingEntry::Field::None;
      } else if (depth == 1 && entry.open) {
        entry.open = false;
        std::optional<std::string> url = resolver.resolve(entry.loc);
        if (!add_entry(out, std::move(url), entry.lastmod)) break;
      }
    }
  }
  if (status == -1) out.error = error.empty() ? "malformed XML" : error;
  if (out.kind == Sitemap::Kind::Unknown) return sitemap_without_root(text, sitemap_url, decoded_utf8, std::move(out));
  return out;
}

}  // namespace

Sitemap parse_sitemap(std::string_view body, std::string_view sitemap_url, bool decoded_utf8) {
  xml::Unpacked unpacked = xml::unpack_body(body, kMaxSitemapBytes);
  if (!unpacked.error.empty()) {
    Sitemap out;
    out.error = std::move(unpacked.error);
    return out;
  }
  std::string_view start = xml::skip_bom_and_space(unpacked.text);
  if (start.empty()) {
    Sitemap out;
    out.error = "empty sitemap";
    return out;
  }
  if (start.front() != '<') return parse_text_sitemap(start);
  std::optional<std::string> repaired = xml::escape_stray_ampersands(unpacked.text);
  return parse_xml_sitemap(repaired ? std::string_view(*repaired) : unpacked.text, sitemap_url, decoded_utf8);
}

const char* to_string(Sitemap::Kind kind) {
  switch (kind) {
    case Sitemap::Kind::Unknown: return "unknown";
    case Sitemap::Kind::UrlSet: return "urlset";
    case Sitemap::Kind::Index: return "sitemapindex";
    case Sitemap::Kind::Text: return "text";
    case Sitemap::Kind::Feed: return "feed";
  }
  return "unknown";
}

}  // namespace winnow::fetch
