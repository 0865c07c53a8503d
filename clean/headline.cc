#include "clean/headline.h"

#include <algorithm>
#include <initializer_list>

#include "clean/boilerplate.h"
#include "clean/date_parse.h"
#include "clean/html_entities.h"
#include "clean/meta_text.h"
#include "clean/page_title.h"

namespace winnow::clean {
namespace {

using namespace metatext;

constexpr size_t kMaxLogoWords = 6;
constexpr size_t kMaxLogoChars = 60;
constexpr size_t kMaxEditLinkWords = 4;
constexpr size_t kMaxHeadlineWords = 40;
constexpr size_t kMaxHeadlineChars = 300;
constexpr int kLogoLevels = 4;
constexpr size_t kMinInsideWords = 2;

/// Lower-case words of a class or id value, split at non-alphanumerics and camelCase humps
/// ("siteLogo" and "site-logo" both give "site", "logo").
std::vector<std::string> class_words(std::string_view value) {
  std::vector<std::string> out;
  std::string word;
  char prev = 0;
  for (char c : value) {
    bool upper = c >= 'A' && c <= 'Z';
    if (!upper && !(c >= 'a' && c <= 'z') && !is_digit(c)) {
      if (!word.empty()) out.push_back(std::move(word)), word.clear();
    } else {
      if (upper && prev >= 'a' && prev <= 'z' && !word.empty()) out.push_back(std::move(word)), word.clear();
      word += lower(c);
    }
    prev = c;
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

bool has_word(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  for (const std::string& w : words) {
    for (std::string_view a : any) {
      if (w == a) return true;
    }
  }
  return false;
}

/// "site-title", "siteName", "site_branding": "site" followed by a naming word.
bool has_site_pair(const std::vector<std::string>& words) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "site" && (words[i + 1] == "title" || words[i + 1] == "name" ||
                               words[i + 1] == "branding" || words[i + 1] == "logo")) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> element_words(const Dom& dom, NodeId id) {
  std::vector<std::string> words = class_words(dom.attr(id, "class"));
  for (std::string& w : class_words(dom.attr(id, "id"))) words.push_back(std::move(w));
  return words;
}

bool names_logo(const std::vector<std::string>& words) {
  return has_word(words, {"logo", "brand", "branding", "sitename", "sitetitle", "masthead"}) ||
         has_site_pair(words);
}

bool style_hides(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n') compact += lower(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool hidden_element(const Dom& dom, NodeId id) {
  if (dom.has_attr(id, "hidden") || iequals(dom.attr(id, "aria-hidden"), "true")) return true;
  std::string_view style = dom.attr(id, "style");
  return (!style.empty() && style_hides(style)) || judge_class_words(dom, id) == ClassVerdict::Hidden;
}

bool never_text(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_BUTTON ||
         tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_IMG;
}

/// A link to somewhere on the same page whose text is a symbol ("¶", "#", "§", "🔗"): the
/// anchor a documentation generator puts after each heading.
bool is_anchor_symbol_link(const Dom& dom, NodeId a) {
  if (!dom.attr(a, "href").starts_with("#")) return false;
  std::string text = dom.text_content(a);
  return std::none_of(text.begin(), text.end(), [](char c) { return is_alpha(c) || is_digit(c); });
}

/// Section-edit controls by their class ("mw-editsection", "edit-section", "editlink").
bool is_edit_control(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "editsection" || words[i] == "editlink" ||
        (words[i] == "edit" && i + 1 < words.size() &&
         (words[i + 1] == "section" || words[i + 1] == "link"))) {
      return true;
    }
  }
  return false;
}

/// Drops a bracketed group of link text at the end of a heading ("Early life [edit]", "History
/// [edit | edit source]"): a wiki's section-edit links, whatever their language.
void drop_trailing_link_brackets(std::string& text, std::vector<bool>& in_link) {
  std::string_view t = trim(text);
  if (!t.ends_with("]")) return;
  size_t close = static_cast<size_t>(t.data() - text.data()) + t.size() - 1;
  size_t open = text.rfind('[', close);
  if (open == std::string::npos || open == 0) return;
  bool any_link = false, all_link = true;
  std::string inner;
  for (size_t i = open + 1; i < close; ++i) {
    char c = text[i];
    if (c == ' ' || c == '|' || c == '\n' || c == '\t') {
      inner += ' ';
      continue;
    }
    any_link = any_link || in_link[i];
    all_link = all_link && in_link[i];
    inner += c;
  }
  // The brackets are plain text around the links: "[edit]" as one link is a cited reference.
  if (!any_link || !all_link || in_link[open] || in_link[close] ||
      word_count(collapse_ws(inner)) > kMaxEditLinkWords) {
    return;
  }
  text.resize(open);
  in_link.resize(open);
}

/// An <a href> to the site's home page: "/", "./", or an absolute URL with an empty path.
bool links_home(std::string_view href) {
  href = trim(href);
  if (href == "/" || href == "./" || href == "~/") return true;
  size_t scheme = href.find("://");
  if (scheme == std::string_view::npos) return false;
  size_t path = href.find('/', scheme + 3);
  return path == std::string_view::npos || path + 1 == href.size();
}

/// A logo's name from its text or alt: "Acme logo" -> "Acme"; empty when only generic words
/// ("Home", "Logo", "Menu") or too long to be a name.
std::string logo_name(std::string_view raw) {
  std::string s = collapse_ws(raw);
  for (std::string_view affix : {" logo", "logo of ", "logo ", " home", " homepage", " - home"}) {
    if (iends_with(s, affix) && s.size() > affix.size()) s.resize(s.size() - affix.size());
    if (affix.ends_with(" ") && istarts_with(s, affix) && s.size() > affix.size())
      s.erase(0, affix.size());
  }
  s = std::string(trim(s));
  // "default-logo", "site_logo_white": a file name in the alt text, not the site's name.
  if (icontains(s, "logo") || icontains(s, "_")) return {};
  if (s.empty() || s.size() > kMaxLogoChars || word_count(s) > kMaxLogoWords || looks_like_url(s)) {
    return {};
  }
  bool has_letter = false;
  for (char c : s) has_letter = has_letter || is_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
  if (!has_letter) return {};
  for (std::string_view generic : {"home", "homepage", "logo", "menu", "site logo", "main menu",
                                   "toggle navigation", "go to homepage", "back to home", "brand"}) {
    if (iequals(s, generic)) return {};
  }
  return s;
}

/// Without soft hyphens, zero-width spaces and BOMs: "Assis\u00ADtance" reads "Assistance".
std::string drop_invisible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) == "\u00AD") {
      ++i;
    } else if (s.substr(i, 3) == "\u200B" || s.substr(i, 3) == "\uFEFF") {
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string heading_text(const Dom& dom, NodeId heading) {
  std::string text;
  std::vector<bool> in_link;  // per byte of `text`: whether it came from link text
  std::vector<NodeId> block_ends;
  NodeId skip_until = heading + 1, link_until = heading + 1;
  auto add = [&](std::string_view s, bool link) {
    text += s;
    in_link.resize(text.size(), link);
  };
  for (NodeId id = heading + 1; id < dom[heading].end; ++id) {
    while (!block_ends.empty() && id >= block_ends.back()) {
      add(" ", false);
      block_ends.pop_back();
    }
    if (id < skip_until) continue;
    const Node& n = dom[id];
    if (n.is_text) {
      add(dom.text(id), id < link_until);
      continue;
    }
    if (never_text(n.tag) || hidden_element(dom, id) || is_edit_control(element_words(dom, id)) ||
        (n.tag == GUMBO_TAG_A && is_anchor_symbol_link(dom, id))) {
      skip_until = n.end;
      continue;
    }
    if (n.tag == GUMBO_TAG_A && id >= link_until) link_until = n.end;
    if (n.tag == GUMBO_TAG_BR || is_block_tag(n.tag)) {
      add(" ", false);
      block_ends.push_back(n.end);
    }
  }
  drop_trailing_link_brackets(text, in_link);
  return collapse_ws(drop_invisible(decode_entities(text)));
}

bool hidden_in_page(const Dom& dom, NodeId id) {
  // A wrapper around most of the page that says "hide" is revealed by a script ("root hide").
  NodeId body = dom.body();
  int32_t page_nodes = body == kNoNode ? dom.size() : dom[body].end - body;
  for (NodeId at = id; at != kNoNode && at != body; at = dom[at].parent) {
    if (!dom[at].is_text && 2 * (dom[at].end - at) < page_nodes && hidden_element(dom, at)) return true;
  }
  return false;
}

bool in_site_logo(const Dom& dom, NodeId id) {
  // The logo's own element and its near wrappers; a "brand" word further up names a page
  // section ("brand-story"), not the logo.
  int levels = 0;
  for (NodeId at = id; at != kNoNode && at != dom.body() && levels < kLogoLevels; at = dom[at].parent, ++levels) {
    if (dom[at].is_text) continue;
    if (names_logo(element_words(dom, at))) return true;
    if (dom[at].tag == GUMBO_TAG_A && links_home(dom.attr(at, "href"))) return true;
  }
  // A heading that is all one link to the home page.
  for (NodeId at = id + 1; at < dom[id].end; ++at) {
    if (dom[at].is_text || dom[at].tag != GUMBO_TAG_A) continue;
    return links_home(dom.attr(at, "href")) &&
           collapse_ws(dom.text_content(at)) == collapse_ws(dom.text_content(id));
  }
  return false;
}

std::string logo_site_name(const Dom& dom) {
  NodeId body = dom.body();
  if (body == kNoNode) return {};
  NodeId header_end = kNoNode;  // inside <header> or role=banner
  for (NodeId id = body + 1; id < dom[body].end; ++id) {
    const Node& n = dom[id];
    if (n.is_text) continue;
    bool in_header = header_end != kNoNode && id < header_end;
    if (!in_header && (n.tag == GUMBO_TAG_HEADER || iequals(dom.attr(id, "role"), "banner"))) {
      header_end = n.end;
      in_header = true;
    }
    // Past the page header: the first headline or the main content.
    if (!in_header && (n.tag == GUMBO_TAG_H1 || n.tag == GUMBO_TAG_MAIN || n.tag == GUMBO_TAG_ARTICLE)) {
      return {};
    }
    if (never_text(n.tag) && n.tag != GUMBO_TAG_IMG) {
      id = n.end - 1;
      continue;
    }
    if (!names_logo(element_words(dom, id)) || hidden_element(dom, id)) continue;
    if (std::string name = logo_name(heading_text(dom, id)); !name.empty()) return name;
    NodeId img = dom.find_tag(GUMBO_TAG_IMG, id);
    if (img != kNoNode) {
      if (std::string name = logo_name(dom.attr(img, "alt")); !name.empty()) return name;
    }
    if (n.tag == GUMBO_TAG_A || n.tag == GUMBO_TAG_IMG) {
      if (std::string name = logo_name(dom.attr(id, n.tag == GUMBO_TAG_IMG ? "alt" : "title")); !name.empty()) {
        return name;
      }
    }
    id = n.end - 1;  // one logo element: nothing inside it is another
  }
  return {};
}

namespace {

bool is_piece(TitlePiece p, std::initializer_list<TitlePiece> any) {
  return std::find(any.begin(), any.end(), p) != any.end();
}

/// An <h1> that is the last part of the title and not its first: the site's or the section's
/// name in the page header ("Headline - The Go Blog" with an <h1> "The Go Blog").
bool is_title_tail(std::string_view h1, std::string_view meta_title, std::string_view doc_title) {
  bool tail = false;
  for (std::string_view title : {meta_title, doc_title}) {
    TitlePiece p = title_piece(title, h1);
    if (is_piece(p, {TitlePiece::kWhole, TitlePiece::kFirst})) return false;
    tail = tail || p == TitlePiece::kLast;
  }
  return tail;
}

}  // namespace

std::string pick_headline(const std::vector<std::string>& h1_texts, std::string_view meta_title,
                          std::string_view doc_title) {
  std::vector<const std::string*> distinct;
  for (const std::string& h : h1_texts) {
    if (h.empty() || is_title_tail(h, meta_title, doc_title)) continue;
    bool seen = false;
    for (const std::string* d : distinct) seen = seen || iequals(*d, h);
    if (!seen) distinct.push_back(&h);
  }
  if (distinct.size() == 1) return *distinct.front();
  // Of several, the one that is the whole metadata title, else the one it starts with; then the
  // same with <title>.
  for (std::string_view title : {meta_title, doc_title}) {
    for (TitlePiece wanted : {TitlePiece::kWhole, TitlePiece::kFirst}) {
      const std::string* match = nullptr;
      size_t matches = 0;
      for (const std::string* d : distinct) {
        if (title_piece(title, *d) == wanted) match = d, ++matches;
      }
      if (matches == 1) return *match;
      if (matches > 1) return {};
    }
  }
  return {};
}

bool headline_is_title(std::string_view headline, std::string_view meta_title,
                       std::string_view doc_title, std::string_view bare_meta_title, bool is_article) {
  // A heading that ends with a colon introduces something else ("A message from our founder:").
  if (headline.empty() || headline.size() > kMaxHeadlineChars || word_count(headline) > kMaxHeadlineWords ||
      headline.ends_with(":")) {
    return false;
  }
  if (meta_title.empty() && doc_title.empty()) return true;
  for (std::string_view title : {meta_title, doc_title}) {
    TitlePiece p = title_piece(title, headline);
    if (is_piece(p, {TitlePiece::kWhole, TitlePiece::kFirst, TitlePiece::kInner})) return true;
    // "Human Resources Services | HR" holds "Human Resources"; one word found inside a title
    // ("Reviews" in "Reviews of our classes") is a label, not its headline.
    if (p == TitlePiece::kInside && word_count(headline) >= kMinInsideWords) return true;
  }
  // The metadata title inside the headline, after something: the <h1> adds a date or a section
  // label ("Blog: Headline", "Dec 18 2025 Headline"). A headline that starts with the metadata
  // title goes on with a subtitle.
  if (!bare_meta_title.empty() && bare_meta_title.size() < headline.size()) {
    size_t at = ifind(headline, bare_meta_title);
    std::string_view before = at == std::string_view::npos ? std::string_view() : trim(headline.substr(0, at));
    if (!before.empty() && (before.ends_with(":") || before.ends_with("|") || !parse_date(before).empty())) {
      return false;
    }
  }
  return is_article;
}

}  // namespace winnow::clean
