#include "clean/body_hints.h"

#include <algorithm>
#include <functional>

#include "clean/byline.h"
#include "clean/date_parse.h"
#include "clean/meta_text.h"
#include "clean/page_title.h"

namespace winnow::clean {
namespace {

using namespace metatext;

constexpr size_t kMaxDateTextChars = 200;  // visible text scanned for a date

bool mentions_author(std::string_view s) {
  if (icontains(s, "byline") || icontains(s, "writer") || icontains(s, "reporter")) return true;
  // "author", "autor" (de, es, pl, pt, cs), "auteur", "autore"; not "authority", "autorizar".
  for (std::string_view word : {"author", "autor", "auteur"}) {
    for (size_t at = ifind(s, word); at != std::string_view::npos;) {
      std::string_view rest = s.substr(at + word.size());
      if (!istarts_with(rest, "it") && !istarts_with(rest, "iz") && !istarts_with(rest, "is"))
        return true;
      size_t next = ifind(rest, word);
      at = next == std::string_view::npos ? next : at + word.size() + next;
    }
  }
  return false;
}

bool mentions_modified(std::string_view s) {
  return icontains(s, "updat") || icontains(s, "modif");
}

/// "post-date", "entry-date", "pubdate", "published", "timestamp"; not "update" or "candidate".
bool mentions_date(std::string_view s, bool time_too) {
  if (icontains(s, "publish") || icontains(s, "posted") || icontains(s, "dateline")) return true;
  bool found = false;
  for (size_t i = 0; i < s.size() && !found;) {
    size_t j = i;
    while (j < s.size() && (is_alpha(s[j]) || is_digit(s[j]))) ++j;
    std::string_view part = s.substr(i, j - i);
    // "data" (pl, pt, it), "datum" (de, nl, sv), "fecha" (es), "tarih" (tr).
    bool other_language = iequals(part, "data") || istarts_with(part, "datum") ||
                          istarts_with(part, "fecha") || istarts_with(part, "tarih");
    found = other_language || istarts_with(part, "date") || (time_too && istarts_with(part, "time")) ||
            (iends_with(part, "date") && !iends_with(part, "update") &&
             !iends_with(part, "idate") && !iends_with(part, "ndate"));
    i = j + 1;
  }
  return found;
}

enum class Named : uint8_t { kNothing, kArticleHeader, kArticleBody };

/// What a class or id names: the article's own header or meta line ("article-header",
/// "entry-meta", "post__title__author-date"; not a teaser's "story-card__meta"), the article's
/// body ("articleInner", "entry-content"), or neither. Listing pages may use such names for
/// every teaser: BodyHints::trusted copes with that.
Named scope_named(std::string_view s) {
  static constexpr std::string_view kWhat[] = {"article", "post", "entry", "story"};
  static constexpr std::string_view kHeader[] = {"header", "head",     "meta",   "info",
                                                 "byline", "author",   "date",   "time",
                                                 "title",  "dateline", "details"};
  static constexpr std::string_view kBody[] = {"inner", "content", "body", "main", "text"};
  Named found = Named::kNothing;
  for_each_token(s, ' ', [&](std::string_view token) {
    std::string squashed;
    for (char c : token) {
      if (is_alpha(c) || is_digit(c)) squashed += lower(c);
    }
    for (std::string_view what : kWhat) {
      for (size_t at = squashed.find(what);
           at != std::string::npos && found != Named::kArticleHeader;
           at = squashed.find(what, at + 1)) {
        std::string_view rest = std::string_view(squashed).substr(at + what.size());
        for (std::string_view part : kHeader) {
          if (rest.starts_with(part)) found = Named::kArticleHeader;
        }
        for (std::string_view part : kBody) {
          if (found == Named::kNothing && rest.starts_with(part)) found = Named::kArticleBody;
        }
      }
    }
  });
  return found;
}

}  // namespace

bool mentions_other_texts(std::string_view s) {
  bool found = false;
  std::string token;  // lower-cased once, then searched for each word
  for_each_token(s, ' ', [&](std::string_view t) {
    if (found) return;
    token.assign(t);
    for (char& c : token) c = lower(c);
    auto has = [&](std::string_view word) { return token.find(word) != std::string::npos; };
    bool named = has("comment") || has("discuss") || has("disqus") || has("reply") || has("replies") ||
                 has("citation") || has("reference") || has("reflist") || has("footnote") || has("bibliograph");
    // Looked for only in a named token: most tokens name nothing.
    found = named && !(has("open") || has("closed") || has("has") || has("enabled") || has("allowed") || has("count"));
  });
  return found;
}

// ---- value sets --------------------------------------------------------------------------------

void DateSet::add(const std::string& iso) {
  constexpr size_t kMaxValues = 32;
  add_unique(values_, iso, kMaxValues);
}

bool DateSet::many() const {
  size_t n = 0;
  for (const std::string& v : values_) {
    bool covered = v.size() <= 10 && std::any_of(values_.begin(), values_.end(), [&](auto& w) {
                     return w.size() > 10 && w.starts_with(v);
                   });
    n += covered ? 0 : 1;
  }
  return n >= kListingValues;
}

bool VisibleHints::many_bylines() const { return bylines.size() >= kListingValues; }
bool VisibleHints::many_plain_bylines() const { return plain_bylines.size() >= kListingValues; }
bool VisibleHints::has_date() const {
  return !time_preferred.empty() || !time_first.empty() || !published_line.empty() ||
         !date_element.empty();
}

// ---- BodyHints: setup and answers --------------------------------------------------------------

BodyHints::BodyHints(const Dom& dom) : dom_(dom), body_(dom.body()) { find_article_scope(); }

/// The article's <article>: the one holding the page's only <h1>, else the only one.
void BodyHints::find_article_scope() {
  std::vector<NodeId> articles;  // outermost, comments aside
  for (NodeId a : dom_.find_all(GUMBO_TAG_ARTICLE)) {
    if (!articles.empty() && a < dom_[articles.back()].end) continue;
    if (mentions_other_texts(dom_.attr(a, "class")) || mentions_other_texts(dom_.attr(a, "id")))
      continue;
    articles.push_back(a);
  }
  NodeId scope = articles.size() == 1 ? articles.front() : kNoNode;
  std::vector<NodeId> h1 = dom_.find_all(GUMBO_TAG_H1);
  for (NodeId a : articles) {
    if (h1.size() == 1 && h1.front() > a && h1.front() < dom_[a].end) scope = a;
  }
  if (scope != kNoNode) article_begin_ = scope, article_end_ = dom_[scope].end;
}

void BodyHints::set_title(std::string_view doc_title) {
  constexpr size_t kMinPartChars = 10;  // "Home", "News": words a menu holds too
  title_parts_.clear();
  title_keys_.clear();
  for (std::string& part : title_parts(doc_title)) {
    if (part.size() < kMinPartChars) continue;
    title_keys_.push_back(title_key(part));
    title_parts_.push_back(std::move(part));
  }
  title_part_seen_.assign(title_parts_.size(), false);
}

/// The whole body's hints, unless they hold many different values (a listing page, or teasers
/// beside the article); then the first of the article header's and the article body's that
/// holds a value and not many (teasers, too, may carry header-like names); else none.
template <typename Many, typename Has>
const VisibleHints& BodyHints::trusted(Many many, Has has) const {
  if (!many(hints_[kAnywhere])) return hints_[kAnywhere];
  for (Scope scope : {kArticleHeader, kArticleBody}) {
    if (has(hints_[scope]) && !many(hints_[scope])) return hints_[scope];
  }
  return none_;
}

const std::string& BodyHints::byline() const {
  return trusted(std::mem_fn(&VisibleHints::many_bylines),
                 [](const VisibleHints& h) { return !h.byline.empty(); })
      .byline;
}

const std::vector<std::string>& BodyHints::plain_names() const {
  return trusted(std::mem_fn(&VisibleHints::many_plain_bylines),
                 [](const VisibleHints& h) { return !h.plain_names.empty(); })
      .plain_names;
}

const VisibleHints& BodyHints::dates() const {
  return trusted([](const VisibleHints& h) { return h.dates.many(); },
                 std::mem_fn(&VisibleHints::has_date));
}

std::vector<std::string> BodyHints::title_parts_found() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < title_parts_.size(); ++i) {
    if (title_part_seen_[i]) out.push_back(title_parts_[i]);
  }
  return out;
}

/// The narrowest scope around a node.
BodyHints::Scope BodyHints::scope_of(NodeId id) const {
  Scope scope = id >= article_begin_ && id < article_end_ ? kArticleBody : kAnywhere;
  for (NodeId at = id, hops = 0; at != kNoNode && at != body_ && hops < 6;
       at = dom_[at].parent, ++hops) {
    for (const char* attr : {"class", "id"}) {
      Named named = scope_named(dom_.attr(at, attr));
      if (named == Named::kArticleHeader) return kArticleHeader;
      if (named == Named::kArticleBody) scope = kArticleBody;
    }
  }
  return scope;
}

/// Calls `f` with the body's hints and with those of the article scope the node is in.
template <typename F>
void BodyHints::for_hints(NodeId id, F&& f) {
  f(hints_[kAnywhere]);
  if (Scope scope = scope_of(id); scope != kAnywhere) f(hints_[scope]);
}

bool BodyHints::all_many(bool (VisibleHints::*many)() const) const {
  return std::all_of(hints_.begin(), hints_.end(), [&](auto& h) { return (h.*many)(); });
}

// ---- elements ----------------------------------------------------------------------------------

void BodyHints::on_element(NodeId id) {
  if (dom_[id].tag == GUMBO_TAG_TIME) return on_time(id);
  if (!small(id)) return;
  std::string_view cls = dom_.attr(id, "class"), ident = dom_.attr(id, "id");
  if (!all_many(&VisibleHints::many_bylines)) on_byline_element(id);
  if ((mentions_date(cls, false) || mentions_date(ident, false)) && !mentions_modified(cls) &&
      !mentions_modified(ident)) {
    if (std::string iso = visible_date(id); !iso.empty()) {
      for_hints(id, [&](VisibleHints& h) {
        h.dates.add(iso);
        if (h.date_element.empty()) h.date_element = iso;
      });
    }
  }
}

void BodyHints::on_byline_element(NodeId id) {
  bool rel_author = false;
  for_each_token(dom_.attr(id, "rel"), ' ',
                 [&](std::string_view rel) { rel_author = rel_author || iequals(rel, "author"); });
  if (!rel_author && !mentions_author(dom_.attr(id, "class")) &&
      !mentions_author(dom_.attr(id, "id"))) {
    return;
  }
  std::string name = byline_text(id);
  if (name.empty()) return;
  for_hints(id, [&](VisibleHints& h) {
    add_unique(h.bylines, name, kListingValues);
    if (h.byline.empty()) h.byline = name;
  });
}

/// The name inside a byline box: its author link or name element when it has one, so that a
/// job title or a date beside the name stays out ("Ben Silverman" not "Ben Silverman Editor").
std::string BodyHints::byline_text(NodeId id) const {
  constexpr size_t kMaxBylineWords = 10;  // more is a sentence, not a list of names
  for (NodeId i = id + 1; i < dom_[id].end; ++i) {
    if (dom_[i].is_text) continue;
    std::string_view cls = dom_.attr(i, "class");
    bool named = icontains(cls, "name") || icontains(dom_.attr(i, "itemprop"), "name") ||
                 icontains(dom_.attr(i, "rel"), "author") ||
                 (dom_[i].tag == GUMBO_TAG_A && icontains(dom_.attr(i, "href"), "author"));
    for_each_token(cls, ' ', [&](std::string_view t) { named = named || iequals(t, "fn"); });
    if (!named) continue;
    std::string name = clean_person(dom_.text_content(i));
    if (!name.empty() && word_count(name) <= kMaxBylineWords) return name;
  }
  std::string name = clean_person(dom_.text_content(id));
  return word_count(name) <= kMaxBylineWords ? name : std::string();
}

std::string BodyHints::visible_date(NodeId id) const {
  std::string text = dom_.text_content(id);
  if (text.size() > kMaxDateTextChars) text.resize(kMaxDateTextChars);
  std::string iso = parse_date(text);
  return is_future_date(iso) ? std::string() : iso;
}

/// <time>: the first one, and the first inside something that says publish/date/time.
void BodyHints::on_time(NodeId id) {
  std::string iso = parse_date(dom_.attr(id, "datetime"));
  if (iso.empty() && small(id)) iso = visible_date(id);
  if (iso.empty() || is_future_date(iso)) return;
  bool preferred = dom_.has_attr(id, "pubdate");
  bool modified = false;
  for (NodeId at = id, hops = 0; at != kNoNode && at != body_ && hops < 4;
       at = dom_[at].parent, ++hops) {
    for (const char* attr : {"class", "id"}) {
      std::string_view v = dom_.attr(at, attr);
      modified = modified || mentions_modified(v);
      preferred = preferred || icontains(v, "publish") || mentions_date(v, true);
    }
  }
  bool published = preferred && (!modified || icontains(dom_.attr(id, "class"), "publish"));
  for_hints(id, [&](VisibleHints& h) {
    // An "Updated" time is not a rival published date: it must not make the dates ambiguous.
    if (modified && !published) {
      if (h.time_modified.empty()) h.time_modified = iso;
      return;
    }
    h.dates.add(iso);
    if (!h.time_preferred.empty()) return;
    if (published) {
      h.time_preferred = iso;
    } else if (h.time_first.empty() && !modified) {
      h.time_first = iso;
    }
  });
}

// ---- text --------------------------------------------------------------------------------------

void BodyHints::on_text(NodeId id) {
  GumboTag parent = dom_[dom_[id].parent].tag;
  if (parent == GUMBO_TAG_SCRIPT || parent == GUMBO_TAG_STYLE || parent == GUMBO_TAG_NOSCRIPT ||
      parent == GUMBO_TAG_TEXTAREA || parent == GUMBO_TAG_TEMPLATE) {
    return;
  }
  std::string_view text = trim(dom_.text(id));
  if (text.empty()) return;
  if (!title_keys_.empty()) match_title_part(id, text);
  if (by_word_length(text) != 0) on_plain_byline(id, text);
  on_published_line(id, text);
}

void BodyHints::match_title_part(NodeId id, std::string_view text) {
  std::string key;
  for (size_t i = 0; i < title_keys_.size(); ++i) {
    if (title_part_seen_[i] || title_keys_[i].front() != lower(text.front())) continue;
    if (key.empty()) key = title_key(text);
    if (!title_keys_[i].starts_with(key)) continue;
    for (NodeId at = dom_[id].parent, hops = 0; at != kNoNode && at != body_ && hops < 3;
         at = dom_[at].parent, ++hops) {
      if (!small(at)) break;
      std::string whole = title_key(dom_.text_content(at));
      if (whole == title_keys_[i]) {
        title_part_seen_[i] = !in_control(at);
        break;
      }
      if (!title_keys_[i].starts_with(whole)) break;
    }
  }
}

/// Inside a link or form control: a menu entry naming the section is not the headline.
bool BodyHints::in_control(NodeId id) const {
  for (NodeId at = id; at != kNoNode && at != body_; at = dom_[at].parent) {
    GumboTag t = dom_[at].tag;
    if (t == GUMBO_TAG_A || t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_OPTION ||
        t == GUMBO_TAG_SELECT || t == GUMBO_TAG_LABEL) {
      return true;
    }
  }
  return false;
}

/// "By Harold Ames, Staff Writer" as a short element of its own, or as a line between <br>s.
void BodyHints::on_plain_byline(NodeId id, std::string_view text) {
  if (all_many(&VisibleHints::many_plain_bylines)) return;
  NodeId parent = dom_[id].parent;
  std::string line;
  if (parent != body_ && small(parent)) {
    line = dom_.text_content(parent);
  } else {
    auto breaks = [&](NodeId n) { return n == kNoNode || dom_[n].tag == GUMBO_TAG_BR; };
    NodeId prev = kNoNode;
    for (NodeId c = dom_[parent].first_child; c != kNoNode && c != id; c = dom_[c].next_sibling)
      prev = c;
    if (!breaks(prev) || !breaks(dom_[id].next_sibling)) return;
    line = text;
  }
  std::vector<std::string> names = plain_byline_names(line);
  if (names.empty()) return;
  std::string joined;
  for (const std::string& n : names) joined += (joined.empty() ? "" : "; ") + n;
  for_hints(id, [&](VisibleHints& h) {
    add_unique(h.plain_bylines, joined, kListingValues);
    if (h.plain_names.empty()) h.plain_names = names;
  });
}

/// Visible "Published Sep. 29, 2017" or "Posted: ..." lines.
void BodyHints::on_published_line(NodeId id, std::string_view text) {
  if (text.size() < 5 || text.size() > kMaxDateTextChars) return;
  static constexpr std::string_view kLeads[] = {
      "published",    "posted",     "publicado", "publié", "veröffentlicht", "pubblicato",
      "gepubliceerd", "erschienen", "date:",     "datum:", "fecha:"};
  bool lead = false;
  for (std::string_view k : kLeads) lead = lead || istarts_with(text, k);
  if (!lead) return;
  std::string iso = parse_date(text);
  NodeId up = dom_[id].parent;
  for (int hops = 0; iso.empty() && up != kNoNode && up != body_ && hops < 2; ++hops) {
    if (small(up)) iso = visible_date(up);
    up = dom_[up].parent;
  }
  if (iso.empty() || is_future_date(iso)) return;
  for_hints(id, [&](VisibleHints& h) {
    h.dates.add(iso);
    if (h.published_line.empty()) h.published_line = iso;
  });
}

}  // namespace winnow::clean
