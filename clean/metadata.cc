#include "clean/metadata.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "clean/body_hints.h"
#include "clean/byline.h"
#include "clean/headline.h"
#include "clean/html_entities.h"
#include "clean/jsonld.h"
#include "clean/meta_text.h"
#include "clean/page_title.h"
#include "clean/page_header.h"

namespace winnow::clean {
namespace {

using namespace metatext;

constexpr size_t kMaxTags = 20;
constexpr size_t kMaxHeadlines = 8;         // <h1>s looked at; more are a listing's
constexpr int32_t kMaxHeadlineNodes = 200;
constexpr size_t kMinTitleH2Words = 3;      // a shorter <h2> inside the title is a section name
constexpr size_t kMaxTimes = 500;           // <time>s kept for a conversation's first post

// ---- URLs --------------------------------------------------------------------------------------

using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::string url_part(CURLU* h, CURLUPart part) {
  char* out = nullptr;
  if (curl_url_get(h, part, &out, 0) != CURLUE_OK || out == nullptr) return {};
  std::string s(out);
  curl_free(out);
  return s;
}

std::string host_of(std::string_view url) {
  if (url.empty()) return {};
  CurlUrl h(curl_url(), &curl_url_cleanup);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK)
    return {};
  std::string host = url_part(h.get(), CURLUPART_HOST);
  for (char& c : host) c = lower(c);
  return host;
}

/// The site's front page: a URL whose path is empty or "/" (query and fragment aside).
bool is_front_page(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  size_t path = url.find_first_of("/?#", scheme + 3);
  return path == std::string_view::npos || url[path] != '/' || path + 1 == url.size() ||
         url[path + 1] == '?' || url[path + 1] == '#';
}

// ---- language ----------------------------------------------------------------------------------

/// "EN_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"; empty when not a plausible BCP 47 tag.
std::string normalize_language(std::string_view raw) {
  std::string tag(trim(raw.substr(0, raw.find_first_of(",; "))));
  for (char& c : tag) c = c == '_' ? '-' : c;
  std::string out;
  bool first = true, ok = !tag.empty();
  for_each_token(tag, '-', [&](std::string_view part) {
    for (char c : part) ok = ok && (is_alpha(c) || (!first && is_digit(c)));
    ok = ok && part.size() <= 8 && (!first || part.size() == 2 || part.size() == 3);
    if (!ok) return;
    if (!first) out += '-';
    for (size_t i = 0; i < part.size(); ++i) {
      char c = lower(part[i]);
      bool upper = !first && (part.size() == 2 || (part.size() == 4 && i == 0));
      out += upper && is_alpha(c) ? static_cast<char>(c - 'a' + 'A') : c;
    }
    first = false;
  });
  return ok ? out : std::string();
}

// ---- <meta> keys -------------------------------------------------------------------------------

// clang-format off
enum Slot : uint8_t {
  kOgTitle, kOgSiteName, kOgDescription, kOgImage, kOgUrl, kOgLocale, kOgType,
  kTwitterTitle, kTwitterDescription, kTwitterImage,
  kArticleAuthor, kMetaAuthor, kOtherAuthor, kMetaTitle, kMetaDescription, kApplicationName,
  kArticlePublished, kMetaPublished, kItemPublished, kArticleModified, kMetaModified,
  kItemModified, kItemHeadline, kDcTitle,
  kSingleSlots,  // slots below hold lists
  kTag = kSingleSlots, kKeywords, kCategory, kAuthorList,
};

struct MetaKey {
  std::string_view key;  // lower case; "dc:" and "dcterms:" are spelled "dc." and "dcterms."
  Slot slot;
};

constexpr MetaKey kMetaKeys[] = {
    {"og:title", kOgTitle}, {"og:site_name", kOgSiteName}, {"og:description", kOgDescription},
    {"og:image", kOgImage}, {"og:image:url", kOgImage}, {"og:image:secure_url", kOgImage},
    {"og:url", kOgUrl}, {"og:locale", kOgLocale}, {"og:type", kOgType},
    {"twitter:title", kTwitterTitle}, {"twitter:description", kTwitterDescription},
    {"twitter:image", kTwitterImage}, {"twitter:image:src", kTwitterImage},
    {"article:author", kArticleAuthor}, {"author", kMetaAuthor},
    {"dc.creator", kAuthorList}, {"dcterms.creator", kAuthorList},
    {"parsely-author", kOtherAuthor}, {"sailthru.author", kOtherAuthor}, {"byl", kOtherAuthor},
    {"citation_author", kAuthorList},
    {"dc.title", kDcTitle}, {"dcterms.title", kDcTitle}, {"parsely-title", kMetaTitle},
    {"sailthru.title", kMetaTitle}, {"citation_title", kMetaTitle},
    {"description", kMetaDescription}, {"dc.description", kMetaDescription},
    {"dcterms.description", kMetaDescription}, {"application-name", kApplicationName},
    {"article:published_time", kArticlePublished}, {"article:published", kArticlePublished},
    {"published", kMetaPublished}, {"published_time", kMetaPublished},
    {"published-date", kMetaPublished},
    {"published_at", kMetaPublished}, {"publisheddate", kMetaPublished},
    {"publish_time", kMetaPublished}, {"date-pub", kMetaPublished}, {"og:publish_date", kMetaPublished},
    {"og:publication_time", kMetaPublished}, {"cxenseparse:publishtime", kMetaPublished},
    {"shareaholic:article_published_time", kMetaPublished}, {"ms.date", kMetaPublished},
    {"datecreated", kItemPublished},
    {"date", kMetaPublished}, {"pubdate", kMetaPublished}, {"publish-date", kMetaPublished},
    {"publish_date", kMetaPublished}, {"publishdate", kMetaPublished},
    {"dc.date", kMetaPublished}, {"dc.date.issued", kMetaPublished},
    {"dc.date.created", kMetaPublished}, {"dcterms.created", kMetaPublished},
    {"dcterms.issued", kMetaPublished}, {"dcterms.date", kMetaPublished},
    {"sailthru.date", kMetaPublished}, {"parsely-pub-date", kMetaPublished},
    {"citation_date", kMetaPublished}, {"citation_publication_date", kMetaPublished},
    {"citation_online_date", kMetaPublished},
    {"article:modified_time", kArticleModified}, {"og:updated_time", kArticleModified},
    {"dcterms.modified", kMetaModified}, {"dc.date.modified", kMetaModified},
    {"modified-date", kMetaModified}, {"modified-time", kMetaModified},
    {"last-modified-date", kMetaModified}, {"lastmodifieddate", kMetaModified},
    {"updated_at", kMetaModified}, {"shareaholic:article_modified_time", kMetaModified},
    {"datepublished", kItemPublished}, {"datemodified", kItemModified},
    {"headline", kItemHeadline},
    {"article:tag", kTag}, {"keywords", kKeywords}, {"news_keywords", kKeywords},
    {"parsely-tags", kKeywords}, {"article:section", kCategory}, {"parsely-section", kCategory},
};
// clang-format on

bool is_published_slot(Slot s) {
  return s == kArticlePublished || s == kMetaPublished || s == kItemPublished;
}
bool is_date_slot(Slot s) {
  return is_published_slot(s) || s == kArticleModified || s == kMetaModified || s == kItemModified;
}

const MetaKey* find_meta_key(std::string_view raw) {
  char buf[48];
  if (raw.size() >= sizeof buf) return nullptr;
  size_t n = 0;
  for (char c : raw) buf[n++] = lower(c);
  std::string_view key(buf, n);
  for (std::string_view ns : {"dc:", "dcterms:", "dcterm:"}) {
    if (key.starts_with(ns)) buf[ns.size() - 1] = '.';
  }
  if (key.starts_with("og:article:")) key.remove_prefix(3);  // "og:article:author" and the like
  for (const MetaKey& k : kMetaKeys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

// ---- the page scan: one pass over every node ---------------------------------------------------

class PageScan {
 public:
  explicit PageScan(const Dom& dom) : hints(dom), dom_(dom) {
    if (dom.body() != kNoNode) body_ = dom.body(), body_end_ = dom[dom.body()].end;
  }

  void run() {
    for (NodeId id = 0; id < dom_.size(); ++id) {
      const Node& n = dom_[id];
      bool in_body = id > body_ && id < body_end_;
      if (n.is_text) {
        if (in_body) count_text(id);
        if (in_body && id >= other_texts_end_) hints.on_text(id);
        continue;
      }
      // The page's <h1>s are looked at wherever they are: a "reference" layout holds a
      // documentation page's own headline.
      if (in_body && n.tag == GUMBO_TAG_H1 && h1s.size() < kMaxHeadlines && n.end - id < kMaxHeadlineNodes) {
        h1s.push_back(id);
      }
      if (in_body && n.tag == GUMBO_TAG_H2 && h2s.size() < kMaxHeadlines && n.end - id < kMaxHeadlineNodes) {
        h2s.push_back(id);
      }
      if (in_body && in_other_texts(id)) continue;
      switch (n.tag) {
        case GUMBO_TAG_META:
          on_meta(id);
          break;
        case GUMBO_TAG_LINK:
          on_link(id);
          break;
        case GUMBO_TAG_SCRIPT:
          if (icontains(dom_.attr(id, "type"), "ld+json")) ld.add_script(dom_.text_content(id));
          break;
        case GUMBO_TAG_TITLE:
          if (doc_title.empty() && n.g->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
            doc_title = collapse_ws(decode_entities(dom_.text_content(id)));
            hints.set_title(doc_title);
          }
          break;
        default:
          if (in_body) on_body_element(id);
      }
    }
  }

  LdCollector ld;
  BodyHints hints;
  std::array<std::string, kSingleSlots> meta;
  std::array<bool, kSingleSlots> from_property{};
  bool authors_from_property = false;
  std::vector<std::string> tags, keywords, categories, listed_authors;
  std::string doc_title, canonical, content_language;
  std::vector<NodeId> h1s, h2s;
  std::vector<PageTime> times;  // <time datetime>s outside comment sections
  int64_t body_chars = 0;       // visible characters of the body's text so far
  std::vector<std::string> item_authors;
  std::string item_published, item_modified;

 private:
  bool small(NodeId id) const { return dom_[id].end - id <= kMaxHintNodes; }

  void count_text(NodeId id) {
    GumboTag parent = dom_[dom_[id].parent].tag;
    if (parent == GUMBO_TAG_SCRIPT || parent == GUMBO_TAG_STYLE || parent == GUMBO_TAG_NOSCRIPT ||
        parent == GUMBO_TAG_TEMPLATE) {
      return;
    }
    body_chars += non_space_bytes(dom_.text(id));
  }

  /// Marks comment and reference sections: their bylines and dates are never the article's.
  bool in_other_texts(NodeId id) {
    if (id < other_texts_end_) return true;
    if (mentions_other_texts(dom_.attr(id, "class")) || mentions_other_texts(dom_.attr(id, "id"))) {
      other_texts_end_ = dom_[id].end;
      return true;
    }
    return false;
  }

  void on_meta(NodeId id) {
    std::string_view content = trim(dom_.attr(id, "content"));
    if (content.empty()) return;
    if (iequals(dom_.attr(id, "http-equiv"), "content-language") && content_language.empty()) {
      content_language = content;
    }
    for (const char* attr : {"property", "name", "itemprop"}) {
      bool by_property = attr[0] == 'p';
      for_each_token(dom_.attr(id, attr), ' ', [&](std::string_view key) {
        if (const MetaKey* k = find_meta_key(key)) store(k->slot, content, by_property);
      });
    }
  }

  // A value given with property= (RDFa, what OpenGraph and Dublin Core specify) wins over the
  // same key given with name=, whichever comes first.
  void store(Slot slot, std::string_view value, bool by_property = false) {
    if (slot < kSingleSlots && by_property && !from_property[slot]) {
      from_property[slot] = true;
      meta[slot].clear();
    }
    if (slot == kAuthorList && by_property && !authors_from_property) {
      authors_from_property = true;
      listed_authors.clear();
    }
    if (slot == kAuthorList && !by_property && authors_from_property) return;
    switch (slot) {
      case kTag:
        return add_unique(tags, value, kMaxTags);
      case kCategory:
        return add_unique(categories, value, kMaxTags);
      case kAuthorList:
        return add_unique(listed_authors, value, kMaxTags);
      case kKeywords:
        for_each_token(value, ',', [&](std::string_view t) { add_unique(keywords, t, kMaxTags); });
        return;
      default:
        break;
    }
    std::string& s = meta[slot];
    if (!s.empty()) return;
    if (!is_date_slot(slot)) {
      s = collapse_ws(decode_entities(value));
      return;
    }
    std::string iso = parse_date(value);
    if (!iso.empty() && !(is_published_slot(slot) && is_future_date(iso))) s = std::move(iso);
  }

  void on_link(NodeId id) {
    if (!canonical.empty()) return;
    bool is_canonical = false;
    for_each_token(dom_.attr(id, "rel"), ' ', [&](std::string_view rel) {
      is_canonical = is_canonical || iequals(rel, "canonical");
    });
    if (is_canonical) canonical = trim(dom_.attr(id, "href"));
  }

  void on_body_element(NodeId id) {
    GumboTag tag = dom_[id].tag;
    if (tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE) return;
    if (std::string_view itemprop = dom_.attr(id, "itemprop"); !itemprop.empty()) {
      on_itemprop(id, itemprop);
    }
    if (tag == GUMBO_TAG_TIME && times.size() < kMaxTimes) {
      if (std::string iso = parse_date(dom_.attr(id, "datetime")); !iso.empty()) {
        times.push_back({std::move(iso), body_chars, id});
      }
    }
    hints.on_element(id);
  }

  void on_itemprop(NodeId id, std::string_view itemprop) {
    auto value = [&](NodeId at) {
      for (const char* attr : {"content", "datetime"}) {
        if (dom_.has_attr(at, attr)) return std::string(dom_.attr(at, attr));
      }
      return small(at) ? dom_.text_content(at) : std::string();
    };
    for_each_token(itemprop, ' ', [&](std::string_view key) {
      if (iequals(key, "author") && item_authors.size() < 5) {
        NodeId name = dom_.has_attr(id, "itemscope") ? find_itemprop(id, "name") : id;
        if (name != kNoNode) add_unique(item_authors, value(name), 5);
      } else if (iequals(key, "datePublished") && item_published.empty()) {
        item_published = parse_date(value(id));
        if (is_future_date(item_published)) item_published.clear();
      } else if (iequals(key, "dateModified") && item_modified.empty()) {
        item_modified = parse_date(value(id));
      } else if (iequals(key, "headline") && meta[kItemHeadline].empty()) {
        meta[kItemHeadline] = collapse_ws(value(id));
      }
    });
  }

  NodeId find_itemprop(NodeId scope, std::string_view key) const {
    NodeId stop = std::min(dom_[scope].end, scope + 1 + kMaxHintNodes);
    for (NodeId i = scope + 1; i < stop; ++i) {
      if (!dom_[i].is_text && iequals(trim(dom_.attr(i, "itemprop")), key)) return i;
    }
    return kNoNode;
  }

  const Dom& dom_;
  NodeId body_ = kNoNode, body_end_ = kNoNode;
  NodeId other_texts_end_ = 0;  // nodes before this id lie in a comment or reference section
};

// ---- choosing among the sources ----------------------------------------------------------------

/// JSON-LD headline, unless the name differs and is the one the page's own title starts with.
std::string pick_ld_title(const LdInfo& ld, std::string_view doc_title) {
  if (ld.headline.empty() || (!ld.name.empty() && !istarts_with(doc_title, ld.headline) &&
                              istarts_with(doc_title, ld.name))) {
    return ld.name;
  }
  return ld.headline;
}

std::string first_of(std::initializer_list<const std::string*> values) {
  for (const std::string* v : values) {
    if (!v->empty()) return *v;
  }
  return {};
}

/// The page's <h1>s with their visible text, leaving out hidden ones and the site's logo or name.
std::vector<std::pair<NodeId, std::string>> visible_h1s(const Dom& dom, const PageScan& scan,
                                                        std::string_view site_name,
                                                        const std::vector<std::string>& hosts) {
  std::vector<std::pair<NodeId, std::string>> out;
  for (NodeId h1 : scan.h1s) {
    if (hidden_in_page(dom, h1) || in_site_logo(dom, h1)) continue;
    std::string text = heading_text(dom, h1);
    if (!text.empty() && !is_site_name(text, site_name, hosts)) out.emplace_back(h1, std::move(text));
  }
  return out;
}

/// The title before its site name is stripped: the page's visible headline when it is the
/// title (see headline_is_title), else JSON-LD, Dublin Core, OpenGraph, Twitter and other
/// <meta> titles, else the headline matched against <title>. `headline_id` receives the
/// headline's <h1> (kNoNode when the page shows none).
std::string pick_title(const Dom& dom, const PageScan& scan, const LdInfo& ld, std::string_view site_name,
                       const std::vector<std::string>& hosts, bool front_page, NodeId& headline_id) {
  const auto& m = scan.meta;
  std::string ld_title = pick_ld_title(ld, scan.doc_title);
  std::string meta_title = first_of(
      {&ld_title, &m[kDcTitle], &m[kOgTitle], &m[kTwitterTitle], &m[kMetaTitle], &m[kItemHeadline]});
  std::vector<std::string> h1s;
  std::vector<NodeId> h1_ids;
  for (auto& [id, text] : visible_h1s(dom, scan, site_name, hosts)) {
    h1_ids.push_back(id);
    h1s.push_back(std::move(text));
  }
  std::string headline = pick_headline(h1s, meta_title, scan.doc_title);
  for (size_t i = 0; i < h1s.size() && !headline.empty(); ++i) {
    if (h1s[i] == headline) {
      headline_id = h1_ids[i];
      break;
    }
  }
  bool is_article = ld.is_article || iequals(m[kOgType], "article");
  std::string bare_meta_title = strip_title_site_name(meta_title, site_name);
  if (headline_is_title(headline, meta_title, scan.doc_title, bare_meta_title, is_article)) return headline;
  // Away from the front page, a metadata title that only names the site or its home page
  // ("Acme", "Home Page") says nothing about this page; its headline does.
  if (!headline.empty() && !meta_title.empty() && !front_page &&
      (is_site_name(bare_meta_title, site_name, hosts) || is_site_name(meta_title, site_name, hosts) ||
       iequals(bare_meta_title, "home") || iequals(bare_meta_title, "home page")) &&
      headline_is_title(headline, {}, {}, {}, false)) {
    return headline;
  }
  if (!meta_title.empty()) return meta_title;
  return title_from_document(scan.doc_title, h1s, scan.hints.title_parts_found(), site_name);
}

/// The authors: JSON-LD persons, <meta> and microdata authors, the page's visible byline, the
/// byline beside the headline (`beside_headline`), a thread's first poster (`first_poster`),
/// then JSON-LD organizations. An author that is the site's own name (`site_name`, the host)
/// counts only when no source names anyone else: "author: Acme" on Acme's pages is a default.
/// On a thread, the microdata authors are every poster's: the first is the thread's.
std::string join_authors(const PageScan& scan, const LdInfo& ld, const std::vector<std::string>& beside_headline,
                         const std::string& first_poster, std::string_view site_name,
                         const std::vector<std::string>& hosts) {
  std::vector<std::string> names, site_names;
  auto take = [&](const std::vector<std::string>& raw) {
    for (const std::string& r : raw) {
      std::string name = clean_person(r);
      if (name.empty() || !parse_date(name).empty()) continue;
      add_unique(is_site_name(name, site_name, hosts) ? site_names : names, name, kMaxTags);
    }
    return !names.empty();
  };
  const auto& m = scan.meta;
  bool thread = !first_poster.empty();
  std::vector<std::string> item_authors = scan.item_authors;
  if (thread && item_authors.size() > 1) item_authors.resize(1);
  // Dublin Core and citation author lists before name=author, which sometimes names the site.
  bool found = take(ld.persons) || take({m[kArticleAuthor]}) || take(scan.listed_authors) ||
               take({m[kMetaAuthor]}) || take({m[kOtherAuthor]}) || take(item_authors) ||
               take({scan.hints.byline()}) || take(scan.hints.plain_names()) || take(beside_headline) ||
               take({first_poster}) || take(ld.organizations);
  if (!found) names = std::move(site_names);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "; " : "") + names[i];
  return out;
}

std::string pick_date(const Dom& dom, const PageScan& scan, const LdInfo& ld, const Metadata& meta,
                      NodeId headline_id) {
  std::string ld_date = parse_date(ld.date);
  if (is_future_date(ld_date)) ld_date.clear();
  std::string url_date = url_path_date(meta.url);
  if (url_date.empty()) url_date = url_path_date(meta.canonical_url);
  if (is_future_date(url_date)) url_date.clear();
  const auto& m = scan.meta;
  const VisibleHints& seen = scan.hints.dates();
  std::string found = first_of({&ld_date, &m[kArticlePublished], &m[kMetaPublished], &m[kItemPublished],
                                &scan.item_published, &seen.time_preferred, &seen.time_first,
                                &seen.published_line, &seen.date_element});
  if (!found.empty()) return found;
  // What only the layout says: the first post of a thread, a date line beside the headline.
  if (std::string first_post = conversation_date(scan.times); !first_post.empty()) return first_post;
  // A URL minted with its date says when the page was published; a date line that disagrees is
  // a later update or a misread numeric date ("03/10/2023", day or month first).
  if (std::string beside = headline_date(dom, headline_id); !beside.empty()) {
    return url_date.empty() ? beside : url_date;
  }
  return url_date;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string r(trim(ref));
  if (base.empty() || r.empty()) return r;
  CurlUrl h(curl_url(), &curl_url_cleanup);
  if (!h || curl_url_set(h.get(), CURLUPART_URL, std::string(base).c_str(), 0) != CURLUE_OK ||
      curl_url_set(h.get(), CURLUPART_URL, r.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
    return r;
  }
  std::string out = url_part(h.get(), CURLUPART_URL);
  return out.empty() ? r : out;
}

Metadata extract_metadata(const Dom& dom, std::string_view url, LdText* ld_text) {
  PageScan scan(dom);
  scan.run();
  LdInfo ld = scan.ld.info();
  if (ld_text != nullptr) {
    ld_text->article_body = std::move(ld.article_body);
    ld_text->product_description = std::move(ld.product_description);
    ld_text->types = std::move(ld.types);
  }
  const auto& m = scan.meta;
  Metadata meta;
  meta.url = std::string(trim(url));

  std::string canonical = first_of({&scan.canonical, &m[kOgUrl], &ld.url});
  meta.canonical_url = resolve_url(meta.url, canonical);
  meta.hostname = host_of(meta.url.empty() ? meta.canonical_url : meta.url);
  std::string base = meta.url.empty() ? meta.canonical_url : meta.url;

  for (const std::string* site :
       {&std::as_const(ld.site_name), &m[kOgSiteName], &m[kApplicationName]}) {
    if (meta.site_name.empty() && !looks_like_url(*site)) meta.site_name = *site;
  }
  // Nothing names the site: its logo does (a title's " - Acme" suffix is then known as the site).
  // The logo may show another name than the title's suffix ("Acme Furniture" and "| AF"), so
  // the suffix is still judged by its shape when the logo's name is not in the title.
  bool site_from_logo = meta.site_name.empty();
  if (site_from_logo) meta.site_name = logo_site_name(dom);
  std::vector<std::string> hosts{meta.hostname, host_of(meta.canonical_url)};
  bool front_page = is_front_page(meta.url.empty() ? meta.canonical_url : meta.url);
  NodeId headline_id = kNoNode;
  std::string title = collapse_ws(pick_title(dom, scan, ld, meta.site_name, hosts, front_page, headline_id));
  meta.title = strip_title(title, site_from_logo ? std::string_view() : meta.site_name, hosts);
  if (site_from_logo && !meta.site_name.empty()) {
    if (std::string s = strip_title_site_name(title, meta.site_name); s != title) meta.title = std::move(s);
  }
  // "Home - Acme", "Acme | Shop" on the site's front page: a one-word label left after the site
  // name went is the page's role; the page is the site itself.
  if (meta.title != title && word_count(meta.title) == 1 && front_page) {
    if (std::string site = strip_title_site_name(title, meta.title); site != title) meta.title = std::move(site);
  }

  // Pages without a headline <h1> (forum software, some blogs) show their title in an <h2>: its
  // date line is the page's too.
  for (size_t i = 0; i < scan.h2s.size() && headline_id == kNoNode; ++i) {
    std::string h2 = heading_text(dom, scan.h2s[i]);
    if (word_count(h2) >= kMinTitleH2Words && icontains(meta.title, h2)) headline_id = scan.h2s[i];
  }
  const PageTime* thread = conversation_start(scan.times);
  meta.author = join_authors(scan, ld, headline_byline(dom, headline_id),
                             thread == nullptr ? std::string() : first_post_author(dom, thread->node),
                             meta.site_name, hosts);
  meta.date = pick_date(dom, scan, ld, meta, headline_id);
  std::string ld_modified = parse_date(ld.date_modified);
  // A visible "Updated" time counts only after the published date it updates.
  std::string seen_modified = scan.hints.first_modified();
  if (meta.date.empty() || seen_modified.substr(0, 10) < meta.date.substr(0, 10)) seen_modified.clear();
  meta.date_modified = first_of({&ld_modified, &m[kArticleModified], &m[kMetaModified],
                                 &m[kItemModified], &scan.item_modified, &seen_modified});

  std::string lang =
      dom.html() == kNoNode ? std::string() : std::string(dom.attr(dom.html(), "lang"));
  if (lang.empty() && dom.html() != kNoNode) lang = dom.attr(dom.html(), "xml:lang");
  meta.language = normalize_language(lang);
  if (meta.language.empty()) meta.language = normalize_language(scan.content_language);
  if (meta.language.empty()) meta.language = normalize_language(m[kOgLocale]);

  meta.description = first_of(
      {&m[kOgDescription], &m[kMetaDescription], &m[kTwitterDescription], &ld.description});
  std::string image = first_of({&m[kOgImage], &m[kTwitterImage], &ld.image});
  meta.image = resolve_url(base, image);

  for (const auto* list : {&scan.tags, &scan.keywords, &ld.tags}) {
    for (const std::string& t : *list) add_unique(meta.tags, t, kMaxTags);
  }
  for (const auto* list : {&scan.categories, &ld.categories}) {
    for (const std::string& c : *list) add_unique(meta.categories, c, kMaxTags);
  }
  return meta;
}

}  // namespace winnow::clean
