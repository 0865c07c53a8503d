#include "clean/boilerplate.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "clean/meta_text.h"
#include "clean/word_table.h"

namespace winnow::clean {

namespace {

using TagTable = std::array<bool, GUMBO_TAG_LAST + 1>;

TagTable make_table(std::initializer_list<GumboTag> tags) {
  TagTable t{};
  for (GumboTag tag : tags) t[tag] = true;
  return t;
}

// Elements whose content is never article text.
const TagTable kNeverContent = make_table({
    GUMBO_TAG_HEAD, GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_APPLET, GUMBO_TAG_SVG,
    GUMBO_TAG_CANVAS, GUMBO_TAG_INPUT, GUMBO_TAG_SELECT, GUMBO_TAG_TEXTAREA, GUMBO_TAG_BUTTON,
    GUMBO_TAG_OPTION, GUMBO_TAG_DATALIST, GUMBO_TAG_NAV, GUMBO_TAG_MENU,
    GUMBO_TAG_AUDIO, GUMBO_TAG_VIDEO, GUMBO_TAG_MAP, GUMBO_TAG_FRAMESET, GUMBO_TAG_FRAME,
    GUMBO_TAG_TITLE, GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_BASE});

// Of kNeverContent, what may hold a page's text after all: <noscript> holds the whole thread of
// forums that build it with scripts (what crawlers are served), <button> the questions of FAQ
// accordions.
const TagTable kNeverText = [] {
  TagTable t = kNeverContent;
  t[GUMBO_TAG_NOSCRIPT] = false;
  t[GUMBO_TAG_BUTTON] = false;
  return t;
}();

// Structural elements that usually hold site chrome rather than the article.
const TagTable kWeakJunkTags = make_table({GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE, GUMBO_TAG_HEADER,
                                           GUMBO_TAG_FORM});

const TagTable kBlockTags = make_table({
    GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
    GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,
    GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
    GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
    GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR,
    GUMBO_TAG_LI, GUMBO_TAG_MAIN, GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P,
    GUMBO_TAG_PRE, GUMBO_TAG_SECTION, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD,
    GUMBO_TAG_TFOOT, GUMBO_TAG_TR, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION, GUMBO_TAG_UL,
    GUMBO_TAG_BR, GUMBO_TAG_HTML, GUMBO_TAG_LEGEND, GUMBO_TAG_SUMMARY, GUMBO_TAG_LISTING,
    GUMBO_TAG_PLAINTEXT, GUMBO_TAG_XMP});


// Class/id/role words that mark boilerplate even inside content-marked elements: comment
// threads, share bars, related/ranking/recommendation blocks, ads, consent and paywall layers.
constexpr std::string_view kStrongJunkWords[] = {
    "comment", "comments", "commentlist", "disqus", "respond", "replies", "share", "shares",
    "sharing", "sharebar", "sharetools", "social", "socialmedia", "related", "relatedposts",
    "recommended", "recommendation", "recommendations", "recirculation", "recirc", "ranking",
    "rankings", "popular", "mostpopular", "mostread", "trending", "newsletter", "newsletters",
    "subscribe", "subscription", "cookie", "cookies", "consent", "gdpr", "cmp", "breadcrumb",
    "breadcrumbs", "crumbs", "advert", "advertisement", "advertising", "adverts", "ad", "ads",
    "adsbygoogle", "adslot", "adunit", "adsense", "dfp", "gpt", "sponsor", "sponsored", "sponsors",
    "promo", "promotion", "promoted", "paywall", "outbrain", "taboola", "zergnet", "rating",
    "ratings", "rate", "vote", "votes", "digg", "reactions", "signup", "modal", "popup", "overlay",
    "lightbox", "interstitial", "banner", "skiplink", "skip", "print", "jumplink", "newsticker",
    "ticker", "viewed", "livefyre", "tweet", "twitter", "instagram", "tiktok", "facebook", "pinterest",
    "whatsapp", "linkedin", "reddit", "trackback", "pingback", "doubleclick", "teaser", "teasers", "gallery", "carousel",
    "readmore", "morestories", "moreheadlines", "latest", "headlines", "slideshow"};

// Words that mark chrome unless the element is also marked as content and holds real text.
constexpr std::string_view kWeakJunkWords[] = {
    "nav", "navbar", "navigation", "menu", "submenu", "header", "masthead", "footer", "sidebar",
    "aside", "widget", "widgets", "meta", "byline", "author", "authors", "dateline", "date",
    "timestamp", "time", "caption", "captions", "credit", "credits", "figcaption", "tags", "tag",
    "tagcloud", "topics", "keywords", "pagination", "pager", "toolbar", "tools", "utility",
    "extra", "supplemental", "secondary", "rail", "login", "account", "search",
    "copyright", "legal", "disclaimer", "hidden", "complementary", "contentinfo", "community",
    "profile", "bio", "about", "photo", "photos", "media", "tips", "legends", "follow", "hero", "brand", "logo", "icon", "icons"};

constexpr std::string_view kContentWords[] = {
    "article", "articlebody", "content", "body", "entry", "main", "story", "text", "post",
    "prose", "blog", "page", "column", "permalink"};

const WordTable kHiddenClasses({
    {"hidden", 1}, {"hide", 1}, {"invisible", 1}, {"sr-only", 1}, {"visually-hidden", 1}, {"visuallyhidden", 1},
    {"screen-reader-text", 1}, {"screenreader", 1}, {"element-invisible", 1}, {"offscreen", 1}, {"d-none", 1}});

// The three lists in one table, looked up once a word.
enum JudgedWord : uint32_t { kStrongJunk = 1u << 0, kWeakJunk = 1u << 1, kContent = 1u << 2 };
const WordTable kJudgedWords = [] {
  std::vector<WordTable::Entry> entries;
  for (std::string_view w : kStrongJunkWords) entries.push_back({w, kStrongJunk});
  for (std::string_view w : kWeakJunkWords) entries.push_back({w, kWeakJunk});
  for (std::string_view w : kContentWords) entries.push_back({w, kContent});
  return WordTable(entries);
}();

const std::unordered_set<std::string_view> kJunkRoles = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar", "tablist", "alert"};

struct Words {
  bool strong = false, weak = false, content = false, hidden = false;
  const WordSet* ignored = nullptr;            // junk words that mean nothing on this page
  std::vector<std::string_view>* seen = nullptr;  // collects the junk words found
};

// Splits class/id values into lower-case words at non-alphanumerics and camelCase humps:
// "relatedArticles" and "related-articles" both yield "related".
void scan_words(std::string_view value, Words& w) {
  std::string word, token;
  auto finish_word = [&] {
    if (word.empty()) return;
    // A strong junk word is not looked at as weak junk, nor a junk word as a content word.
    if (const WordTable::Entry* e = kJudgedWords.find(word); e != nullptr) {
      if (e->bits & (kStrongJunk | kWeakJunk)) {
        if (w.seen) w.seen->push_back(e->word);
        if (!w.ignored || !w.ignored->count(e->word)) (e->bits & kStrongJunk ? w.strong : w.weak) = true;
      } else {
        w.content = true;
      }
    }
    word.clear();
  };
  auto finish_token = [&] {
    finish_word();
    if (!token.empty() && (kHiddenClasses.find(token) || (token.find("visually") != std::string::npos &&
                                                           token.find("hid") != std::string::npos))) {
      w.hidden = true;
    }
    token.clear();
  };
  char prev = 0;
  for (char c : value) {
    bool upper = c >= 'A' && c <= 'Z';
    bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == ' ' || c == '\t' || c == '\n') {
      finish_token();
    } else if (upper || lower) {
      if (upper && prev >= 'a' && prev <= 'z') finish_word();
      char l = upper ? static_cast<char>(c - 'A' + 'a') : c;
      word.push_back(l);
      token.push_back(l);
    } else {
      finish_word();
      token.push_back(c);
    }
    prev = c;
  }
  finish_token();
}

// Classes that hide an element from sight but not from screen readers.
bool is_screen_reader_text(const Dom& dom, NodeId id) {
  static const WordTable kScreenReaderClasses({{"sr-only", 1}, {"visually-hidden", 1}, {"visuallyhidden", 1},
                                                {"screen-reader-text", 1}, {"screenreader", 1},
                                                {"element-invisible", 1}, {"offscreen", 1}, {"u-visually-hidden", 1},
                                                {"a11y-hidden", 1}, {"assistive-text", 1}, {"show-for-sr", 1},
                                                {"hidden-visually", 1}});
  std::string_view cls = dom.attr(id, "class");
  if (cls.empty()) return false;
  bool found = false;
  metatext::for_each_token(cls, ' ', [&](std::string_view token) { found = found || kScreenReaderClasses.find(token) != nullptr; });
  return found;
}

bool style_hides(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (c == ' ' || c == '\t' || c == '\n') continue;
    compact.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

}  // namespace

bool is_block_tag(GumboTag tag) { return kBlockTags[tag]; }

bool is_never_text(GumboTag tag) { return kNeverText[tag]; }

bool hides_itself(const Dom& dom, NodeId id) {
  std::string_view style = dom.attr(id, "style");
  return dom.has_attr(id, "hidden") || (!style.empty() && style_hides(style));
}

PageAnalysis PageAnalysis::segment_view() const {
  PageAnalysis view;
  view.removed = never;
  view.removal.assign(removal.size(), Removal::Kept);
  view.never = never;
  view.raw_text = view.text = view.seg_text = seg_text;
  view.raw_link = view.link = view.seg_link = seg_link;
  view.prose = prose;
  view.title_headings = title_headings;
  view.body_raw_text = body_raw_text;
  return view;
}

ClassVerdict judge_class_words(const Dom& dom, NodeId id, const WordSet* ignored_words,
                               std::vector<std::string_view>* junk_words_seen) {
  Words w;
  w.ignored = ignored_words;
  w.seen = junk_words_seen;
  scan_words(dom.attr(id, "class"), w);
  // Ids that are slugs of a heading ("sharing-with-a-single-developer") describe the text, not
  // the element's role.
  std::string_view element_id = dom.attr(id, "id");
  if (std::count(element_id.begin(), element_id.end(), '-') < 3) scan_words(element_id, w);
  std::string_view role = dom.attr(id, "role");
  if (!role.empty()) {
    for (const auto& r : kJunkRoles) {
      if (metatext::iequals(role, r)) w.weak = true;
    }
  }
  if (w.hidden) return ClassVerdict::Hidden;
  if (w.strong) return ClassVerdict::StrongJunk;
  if (w.weak) return w.content ? ClassVerdict::ContentAndWeakJunk : ClassVerdict::WeakJunk;
  return w.content ? ClassVerdict::Content : ClassVerdict::Neutral;
}

bool is_script_wrapper_link(const Dom& dom, NodeId a) {
  if (!metatext::istarts_with(metatext::trim(dom.attr(a, "href")), "javascript:")) return false;
  for (NodeId id = a + 1; id < dom[a].end; ++id) {
    if (!dom[id].is_text && is_block_tag(dom[id].tag)) return true;
  }
  return false;
}

namespace {

void count_text(const Dom& dom, std::vector<int32_t>& text, std::vector<int32_t>& link,
                const std::vector<uint8_t>* removed, const TagTable& skipped = kNeverContent) {
  NodeId n = dom.size();
  text.assign(static_cast<size_t>(n) + 1, 0);
  link.assign(static_cast<size_t>(n) + 1, 0);
  NodeId skip_until = -1, link_until = -1;
  for (NodeId id = 0; id < n; ++id) {
    const Node& node = dom[id];
    int32_t t = 0, l = 0;
    if (id >= skip_until) {
      if (node.is_text) {
        t = node.visible_chars();
        if (id < link_until) l = t;
      } else if (skipped[node.tag] || (removed && (*removed)[static_cast<size_t>(id)])) {
        skip_until = node.end;
      } else if (node.tag == GUMBO_TAG_A && id >= link_until && !is_script_wrapper_link(dom, id)) {
        link_until = node.end;
      }
    }
    text[static_cast<size_t>(id) + 1] = text[static_cast<size_t>(id)] + t;
    link[static_cast<size_t>(id) + 1] = link[static_cast<size_t>(id)] + l;
  }
}

enum class Hiding : uint8_t { kShown, kAriaHidden, kHidden };

// aria-hidden only takes an element away from screen readers; a modal script puts it on the
// rest of the page, article included. `hidden` and display:none hide from everyone.
Hiding hiding(const Dom& dom, NodeId id) {
  std::string_view style = dom.attr(id, "style");
  if (dom.has_attr(id, "hidden") || (!style.empty() && style_hides(style))) return Hiding::kHidden;
  return metatext::iequals(dom.attr(id, "aria-hidden"), "true") ? Hiding::kAriaHidden : Hiding::kShown;
}

enum Protection : uint8_t { kUnprotected = 0, kWeakProtected = 1, kProtected = 2 };

// Ancestors of explicit article-body markers are never removed as junk: a comment-count class
// on <body> must not take the article with it. Ancestors of an <article> resist weak junk words
// only: "mitte_links" (German "middle left") is not a link list.
std::vector<uint8_t> mark_hint_ancestors(const Dom& dom) {
  std::vector<uint8_t> protect(static_cast<size_t>(dom.size()), kUnprotected);
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text) continue;
    uint8_t level = kUnprotected;
    if (dom[id].tag == GUMBO_TAG_MAIN || dom[id].tag == GUMBO_TAG_BODY || dom[id].tag == GUMBO_TAG_HTML ||
        metatext::iequals(dom.attr(id, "itemprop"), "articlebody")) {
      level = kProtected;
    } else if (dom[id].tag == GUMBO_TAG_ARTICLE) {
      level = kWeakProtected;
    }
    if (level == kUnprotected) continue;
    for (NodeId a = dom[id].parent; a != kNoNode && protect[static_cast<size_t>(a)] < level; a = dom[a].parent) {
      protect[static_cast<size_t>(a)] = level;
    }
    if (level == kProtected) protect[static_cast<size_t>(id)] = level;
  }
  return protect;
}

}  // namespace

namespace {

std::string collapsed_text(const Dom& dom, NodeId id) {
  std::string out;
  bool pending = false;
  for (NodeId i = id; i < dom[id].end; ++i) {
    if (!dom[i].is_text) continue;
    for (char c : dom.text(i)) {
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
      if (space) {
        pending = !out.empty();
      } else {
        if (pending) out += ' ';
        pending = false;
        out += c;
      }
    }
    if (out.size() > 512) break;
  }
  return out;
}

// <h1>/<h2> elements whose text is the page's <title>, or its start ("Headline - Site").
std::vector<NodeId> find_title_headings(const Dom& dom) {
  std::vector<NodeId> out;
  NodeId title = dom.head() != kNoNode ? dom.find_tag(GUMBO_TAG_TITLE, dom.head()) : kNoNode;
  if (title == kNoNode) return out;
  std::string doc_title = collapsed_text(dom, title);
  constexpr size_t kMinHeadlineChars = 20;  // shorter headings ("News") match too much
  if (doc_title.size() < kMinHeadlineChars) return out;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text || (dom[id].tag != GUMBO_TAG_H1 && dom[id].tag != GUMBO_TAG_H2)) continue;
    std::string heading = collapsed_text(dom, id);
    if (heading.size() >= kMinHeadlineChars && doc_title.starts_with(heading)) out.push_back(id);
  }
  return out;
}

// Page builders put one word on every block ("bf-widget", "elementor-widget"): a junk word
// carried by several separate elements that together hold most of the page's text names the
// site's framework, not a role, and judges nothing on this page. `verdicts` gets each element's
// judge_class_words with no word ignored (nullopt for the elements it skips), which is its
// verdict when the page has no framework words.
WordSet find_framework_words(const Dom& dom, const PageAnalysis& pa, double most_text,
                             std::vector<std::optional<ClassVerdict>>& verdicts) {
  verdicts.assign(static_cast<size_t>(dom.size()), std::nullopt);
  // Counted on the innermost elements with the word: they are disjoint, so their texts add up,
  // and a single wrapper around everything ("has-sidebar" on <body>) stays one element.
  struct Use {
    NodeId pending = kNoNode;  // last element with the word, innermost unless one follows inside
    int elements = 0;
    int32_t text = 0;
  };
  std::unordered_map<std::string_view, Use> uses;
  auto settle = [&](Use& use) {
    int32_t text = pa.raw_text_of(dom, use.pending);
    if (text > 0) ++use.elements;
    use.text += text;
  };
  std::vector<std::string_view> words;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (dom[id].is_text || !dom[id].g) continue;
    if (kNeverContent[dom[id].tag]) {
      id = dom[id].end - 1;
      continue;
    }
    words.clear();
    verdicts[static_cast<size_t>(id)] = judge_class_words(dom, id, nullptr, &words);
    for (std::string_view word : words) {
      Use& use = uses[word];
      if (use.pending == id) continue;  // the same word twice on one element
      if (use.pending != kNoNode && id >= dom[use.pending].end) settle(use);
      use.pending = id;
    }
  }
  WordSet out;
  for (auto& [word, use] : uses) {
    if (use.pending != kNoNode) settle(use);
    if (use.elements >= 3 && use.text > most_text) out.insert(word);
  }
  return out;
}

}  // namespace

PageAnalysis analyze_page(const Dom& dom, const ExtractTuning& tuning, const CleanOptions& options,
                          std::span<const NodeId> dropped, std::span<const NodeId> kept) {
  PageAnalysis pa;
  count_text(dom, pa.raw_text, pa.raw_link, nullptr);
  NodeId body = dom.body() != kNoNode ? dom.body() : 0;
  pa.body_raw_text = dom.size() > 0 ? pa.raw_text_of(dom, body) : 0;
  const double big = tuning.protected_text_share * pa.body_raw_text;
  std::vector<uint8_t> protect = mark_hint_ancestors(dom);
  // What a site rule keeps stays, and so do the elements around it.
  for (NodeId id : kept) {
    for (NodeId a = id; a != kNoNode; a = dom[a].parent) protect[static_cast<size_t>(a)] = kProtected;
  }

  // Paragraphs of real prose (long, few links) per subtree: chrome rarely has several.
  std::vector<int32_t>& prose = pa.prose;
  prose.assign(static_cast<size_t>(dom.size()) + 1, 0);
  for (NodeId id = 0; id < dom.size(); ++id) {
    bool long_p = dom[id].tag == GUMBO_TAG_P && !dom[id].is_text &&
                  pa.raw_text_of(dom, id) - pa.raw_link_of(dom, id) >= tuning.prose_paragraph_chars;
    prose[static_cast<size_t>(id) + 1] = prose[static_cast<size_t>(id)] + (long_p ? 1 : 0);
  }
  auto prose_in = [&](NodeId id) { return pa.prose_of(dom, id); };
  // Text inside MathML per subtree. Formula renderers wrap <math> in elements whose class names
  // are toolkit words ("MathJax CtxtMenu"), not roles: a wrapper of a formula is content.
  std::vector<int32_t> math(static_cast<size_t>(dom.size()) + 1, 0);
  NodeId math_until = -1;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (!dom[id].is_text && dom[id].tag == GUMBO_TAG_MATH && id >= math_until) math_until = dom[id].end;
    int32_t t = dom[id].is_text && id < math_until ? dom[id].visible_chars() : 0;
    math[static_cast<size_t>(id) + 1] = math[static_cast<size_t>(id)] + t;
  }
  auto is_formula = [&](NodeId id) {
    int32_t m = math[static_cast<size_t>(dom[id].end)] - math[static_cast<size_t>(id)];
    return m > 0 && 2 * m >= pa.raw_text_of(dom, id);
  };
  // The headings that repeat the page's <title> (its headline): an element holding one and
  // several prose paragraphs is the article, whatever its class says (sites open stories in
  // a "modal" over a home page).
  pa.title_headings = find_title_headings(dom);
  auto holds_title_heading = [&](NodeId id) {
    for (NodeId h : pa.title_headings) {
      if (h > id && h < dom[id].end) return true;
    }
    return false;
  };
  // A big element marked as junk is a page wrapper only if it holds the page's headline; a
  // comment thread four times longer than the story does not.
  std::vector<NodeId> h1s = dom.find_all(GUMBO_TAG_H1);
  auto holds_headline = [&](NodeId id) {
    if (h1s.empty()) return true;
    for (NodeId h : h1s) {
      if (h > id && h < dom[id].end) return true;
    }
    return false;
  };

  std::vector<std::optional<ClassVerdict>> verdicts_ignoring_nothing;
  WordSet framework_words = find_framework_words(dom, pa, big, verdicts_ignoring_nothing);
  // With --keep-captions, galleries and credits are wanted: their words judge nothing either.
  if (options.keep_captions) {
    for (std::string_view w : {"caption", "captions", "credit", "credits", "figcaption", "gallery", "carousel",
                               "slideshow", "photo", "photos", "media", "lightbox"}) {
      framework_words.insert(w);
    }
  }

  pa.removed.assign(static_cast<size_t>(dom.size()), 0);
  pa.removal.assign(static_cast<size_t>(dom.size()), Removal::Kept);
  pa.never.assign(static_cast<size_t>(dom.size()), 0);
  for (NodeId id : dropped) {
    pa.removed[static_cast<size_t>(id)] = 1;
    pa.removal[static_cast<size_t>(id)] = Removal::SiteRule;
  }
  // What is never text, whatever the page: the block classifier never sees it. Text for screen
  // readers only ("Colección: " before a visible heading) is not on the page; nor is an inline
  // element hidden inside a visible block (`<span aria-hidden="true">`, `<b hidden>`), which would
  // otherwise join its paragraph's text. (Hidden blocks are seen, and judged, as hidden.)
  auto hidden_inline = [&](NodeId id) {
    return !kBlockTags[dom[id].tag] && (hides_itself(dom, id) || dom.attr(id, "aria-hidden") == "true");
  };
  for (NodeId id = 0; id < dom.size();) {
    const Node& node = dom[id];
    if (!node.is_text && (kNeverText[node.tag] || pa.removal[static_cast<size_t>(id)] == Removal::SiteRule ||
                          is_screen_reader_text(dom, id) || hidden_inline(id))) {
      pa.never[static_cast<size_t>(id)] = 1;
      id = node.end;
    } else {
      ++id;
    }
  }
  for (NodeId id = 0; id < dom.size();) {
    const Node& node = dom[id];
    if (node.is_text) {
      ++id;
      continue;
    }
    if (pa.removed[static_cast<size_t>(id)]) {
      id = node.end;
      continue;
    }
    Removal why = kNeverContent[node.tag] ? Removal::NeverContent : Removal::Kept;
    auto remove = [&](Removal reason) {
      if (why == Removal::Kept) why = reason;
    };
    uint8_t protection = protect[static_cast<size_t>(id)];
    if (why == Removal::Kept && protection != kProtected) {
      int32_t raw = pa.raw_text_of(dom, id);
      bool holds_page = raw > big && pa.body_raw_text > 0;
      bool holds_most = raw > tuning.wrapper_text_share * pa.body_raw_text && pa.body_raw_text > 0 && holds_headline(id);
      bool is_story = holds_title_heading(id) && (prose_in(id) >= tuning.prose_paragraphs_kept ||
                                                  raw - pa.raw_link_of(dom, id) >= 2 * tuning.min_article_chars);
      Hiding hidden = hiding(dom, id);
      if (hidden == Hiding::kHidden && !holds_page) remove(Removal::Hidden);
      if (hidden == Hiding::kAriaHidden && !holds_page && !is_story) remove(Removal::AriaHidden);
      ClassVerdict v = ClassVerdict::Neutral;
      if (!is_formula(id)) {
        // Judged already, in find_framework_words, when no word is ignored.
        const std::optional<ClassVerdict>& judged = verdicts_ignoring_nothing[static_cast<size_t>(id)];
        v = framework_words.empty() && judged ? *judged : judge_class_words(dom, id, &framework_words);
      }
      if (v == ClassVerdict::Hidden && !holds_page) remove(Removal::Hidden);
      if (v == ClassVerdict::StrongJunk && !holds_most && !is_story) {
        bool comments_kept = options.keep_comments && (dom.attr(id, "class").find("comment") != std::string_view::npos ||
                                                       dom.attr(id, "id").find("comment") != std::string_view::npos);
        if (!comments_kept) remove(Removal::StrongJunk);
      }
      if (protection == kWeakProtected || prose_in(id) >= tuning.prose_paragraphs_kept) holds_page = true;
      if (v == ClassVerdict::WeakJunk && !holds_page) remove(Removal::WeakJunk);
      if (v == ClassVerdict::ContentAndWeakJunk && raw < tuning.content_word_min_chars) remove(Removal::ContentTooShort);
      if (v == ClassVerdict::Content && raw < tuning.content_word_min_chars && kWeakJunkTags[node.tag]) remove(Removal::WeakTag);
      if (v == ClassVerdict::Neutral && kWeakJunkTags[node.tag] && !holds_page) remove(Removal::WeakTag);
      if (!options.keep_captions && (node.tag == GUMBO_TAG_FIGCAPTION)) remove(Removal::Caption);
    }
    if (why != Removal::Kept) {
      pa.removed[static_cast<size_t>(id)] = 1;
      pa.removal[static_cast<size_t>(id)] = why;
      id = node.end;
    } else {
      ++id;
    }
  }
  count_text(dom, pa.text, pa.link, &pa.removed);
  count_text(dom, pa.seg_text, pa.seg_link, &pa.never, kNeverText);
  return pa;
}

}  // namespace winnow::clean
