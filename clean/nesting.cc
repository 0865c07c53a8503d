#include "clean/nesting.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace winnow::clean {

namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The tokenizer's whitespace (a CR is one too: it becomes a line feed before tokenizing).
bool is_tag_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

std::string lower_name(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool in_list(std::string_view name, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Void elements and elements whose end tag is optional never add reliable depth.
bool counts_for_depth(std::string_view name) {
  return !in_list(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                         "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
                         "th", "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
                         "html", "head", "body", "image", "keygen", "basefont", "bgsound", "frame"});
}

bool is_raw_text(std::string_view name) {
  return in_list(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"});
}

struct Tag {
  size_t end = 0;  // one past '>', or the end of the input when the tag is cut off by it
  std::string name;
  bool closing = false;
  bool self_closing = false;
  bool complete = false;  // ended by '>' (the tokenizer drops a tag cut off by the end of input)
  int attributes = 0;
  size_t kept_end = 0;  // where the last attribute to keep ends (the name's end when none is kept)
  // The first `type` attribute's value as written (the tokenizer keeps the first of duplicates).
  std::string_view type;
  bool has_type = false;
};

// Reads the name of the tag starting at html[i] == '<' as the HTML tokenizer does (HTML Standard
// 13.2.5.6-8); returns where the name ends, or 0 for text that only looks like a tag.
size_t read_tag_name(std::string_view html, size_t i, Tag& tag) {
  const size_t n = html.size();
  size_t j = i + 1;
  tag.closing = j < n && html[j] == '/';
  if (tag.closing) ++j;
  if (j >= n || !is_ascii_alpha(html[j])) return 0;
  size_t name_start = j;
  while (j < n && !is_tag_space(html[j]) && html[j] != '/' && html[j] != '>') ++j;
  tag.name = lower_name(html.substr(name_start, j - name_start));
  return j;
}

// Reads the rest of the tag from `j`, the end of its name, as the tokenizer does (13.2.5.32-42:
// before/after attribute name, attribute values quoted or not, self-closing start tag), noting
// where the first `keep` attributes end.
void read_attributes(std::string_view html, size_t j, int keep, Tag& tag) {
  const size_t n = html.size();
  tag.kept_end = j;
  while (j < n) {
    char c = html[j];
    if (is_tag_space(c)) {
      ++j;
    } else if (c == '>') {
      tag.complete = true;
      tag.end = j + 1;
      return;
    } else if (c == '/') {  // self-closing only right before '>'; elsewhere ignored
      if (j + 1 < n && html[j + 1] == '>') {
        tag.self_closing = tag.complete = true;
        tag.end = j + 2;
        return;
      }
      ++j;
    } else {
      // An attribute. Its name runs to a space, '/', '>' or '=' (a first '=' is part of it).
      ++tag.attributes;
      size_t k = j + 1;
      while (k < n && !is_tag_space(html[k]) && html[k] != '/' && html[k] != '>' && html[k] != '=') ++k;
      bool is_type = !tag.has_type && k - j == 4 && lower_name(html.substr(j, 4)) == "type";
      size_t after = k;
      while (after < n && is_tag_space(html[after])) ++after;
      if (after < n && html[after] == '=') {
        size_t v = after + 1;
        while (v < n && is_tag_space(html[v])) ++v;
        size_t value = v, value_end;
        if (v < n && (html[v] == '"' || html[v] == '\'')) {
          size_t close = html.find(html[v], v + 1);
          k = close == std::string_view::npos ? n : close + 1;
          value = v + 1;
          value_end = close == std::string_view::npos ? n : close;
        } else {  // unquoted, up to a space or '>' (empty when '>' comes first: it ends the tag)
          k = v;
          while (k < n && !is_tag_space(html[k]) && html[k] != '>') ++k;
          value_end = k;
        }
        if (is_type) tag.type = html.substr(value, value_end - value);
      }
      if (is_type) tag.has_type = true;
      if (tag.attributes == keep) tag.kept_end = k;
      j = k;
    }
  }
  tag.end = n;
}

// Whether an end tag of `name` (lower case) starts at html[i]: "</", the name in any case, then
// a character that ends a tag name. The tokenizer ends raw text only at such an "appropriate end
// tag" (13.2.5.11 and the like): "</scripts>" or "</script" at the end of input do not end it.
bool is_end_tag_at(std::string_view html, size_t i, std::string_view name) {
  if (i + 2 + name.size() >= html.size() || html[i] != '<' || html[i + 1] != '/') return false;
  for (size_t k = 0; k < name.size(); ++k) {
    char c = html[i + 2 + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[k]) return false;
  }
  char after = html[i + 2 + name.size()];
  return is_tag_space(after) || after == '/' || after == '>';
}

// Whether the ASCII letters at html[i...] spell `word` (lower case) and are followed by a
// character that ends a tag name; `end` is set past the letters either way.
bool letters_spell(std::string_view html, size_t i, std::string_view word, size_t& end) {
  size_t k = i;
  std::string_view::size_type matched = 0;
  bool same = true;
  while (k < html.size() && is_ascii_alpha(html[k])) {
    char c = html[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (matched < word.size() && c == word[matched]) {
      ++matched;
    } else {
      same = false;
    }
    ++k;
  }
  end = k;
  return same && matched == word.size() && k < html.size() &&
         (is_tag_space(html[k]) || html[k] == '/' || html[k] == '>');
}

}  // namespace

size_t raw_text_end(std::string_view html, size_t from, std::string_view name) {
  if (name == "plaintext") return html.size();  // nothing ends it
  for (size_t i = from; i < html.size();) {
    const char* lt = static_cast<const char*>(std::memchr(html.data() + i, '<', html.size() - i));
    if (!lt) break;
    i = static_cast<size_t>(lt - html.data());
    if (is_end_tag_at(html, i, name)) return i;
    ++i;
  }
  return html.size();
}

// The script data states (13.2.5.4, 15-31): "<!--" escapes the text, and inside an escaped part
// a "<script" starts a double-escaped part in which "</script>" does not end the script (old
// pages wrap document.write("<script>...</script>") that way).
size_t script_text_end(std::string_view html, size_t from) {
  enum class State { kData, kEscaped, kEscapedDash, kEscapedDashDash, kDouble, kDoubleDash, kDoubleDashDash };
  State state = State::kData;
  const size_t n = html.size();
  size_t i = from;
  while (i < n) {
    char c = html[i];
    switch (state) {
      case State::kData: {
        const char* lt = static_cast<const char*>(std::memchr(html.data() + i, '<', n - i));
        if (!lt) return n;
        i = static_cast<size_t>(lt - html.data());
        if (is_end_tag_at(html, i, "script")) return i;
        if (html.compare(i, 4, "<!--") == 0) {
          // The escape start states: "<!--" puts the tokenizer in "escaped dash dash", where a
          // '>' at once ("<!-->") returns to plain script data.
          state = State::kEscapedDashDash;
          i += 4;
        } else {
          ++i;
        }
        continue;
      }
      case State::kEscaped:
      case State::kEscapedDash:
      case State::kEscapedDashDash:
        if (c == '-') {
          state = state == State::kEscaped ? State::kEscapedDash : State::kEscapedDashDash;
          ++i;
        } else if (c == '<') {
          if (is_end_tag_at(html, i, "script")) return i;
          size_t end = i + 1;
          if (i + 1 < n && is_ascii_alpha(html[i + 1]) && letters_spell(html, i + 1, "script", end)) {
            state = State::kDouble;
            i = end + 1;  // the character after the name is consumed by the double escape start state
          } else {
            state = State::kEscaped;
            i = i + 1 < n && html[i + 1] == '/' ? i + 2 : i + 1;
          }
        } else if (c == '>' && state == State::kEscapedDashDash) {
          state = State::kData;
          ++i;
        } else {
          state = State::kEscaped;
          ++i;
        }
        continue;
      case State::kDouble:
      case State::kDoubleDash:
      case State::kDoubleDashDash:
        if (c == '-') {
          state = state == State::kDouble ? State::kDoubleDash : State::kDoubleDashDash;
          ++i;
        } else if (c == '<') {
          size_t end = i + 2;
          if (i + 1 < n && html[i + 1] == '/' && letters_spell(html, i + 2, "script", end)) {
            state = State::kEscaped;
            i = end + 1;
          } else {
            state = State::kDouble;
            ++i;
          }
        } else if (c == '>' && state == State::kDoubleDashDash) {
          state = State::kData;
          ++i;
        } else {
          state = State::kDouble;
          ++i;
        }
        continue;
    }
  }
  return n;
}

namespace {

// Where markup that is not a tag, at html[i] == '<', ends: a comment ("<!-->" and "<!--->" are
// empty ones), or a bogus comment up to '>' ("<!DOCTYPE ...>", "<?xml ...?>", "</ 3>"). Returns
// `i` for anything else.
size_t skip_comment(std::string_view html, size_t i) {
  if (html.compare(i, 4, "<!--") == 0) {
    for (std::string_view empty : {"<!-->", "<!--->"}) {
      if (html.compare(i, empty.size(), empty) == 0) return i + empty.size();
    }
    size_t end = html.find("--", i + 4);
    while (end != std::string_view::npos) {
      if (html.compare(end, 3, "-->") == 0) return end + 3;
      if (html.compare(end, 4, "--!>") == 0) return end + 4;
      end = html.find("--", end + 1);
    }
    return html.size();
  }
  bool bogus = i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?' ||
                                       (html[i + 1] == '/' && i + 2 < html.size() && !is_ascii_alpha(html[i + 2])));
  if (!bogus) return i;
  size_t end = html.find('>', i + 2);
  return end == std::string_view::npos ? html.size() : end + 1;
}

bool contains_ignoring_case(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (lower_name(text.substr(i, word.size())) == word) return true;
  }
  return false;
}

// Elements inside <svg> or <math> whose content the tree builder reads as HTML (13.2.6.5: HTML
// and MathML text integration points).
bool is_integration_point(std::string_view name) {
  return in_list(name, {"foreignobject", "desc", "title", "annotation-xml", "mi", "mo", "mn", "ms", "mtext"});
}

// A range of the markup and what replaces it, never longer than the range (so that the changes
// can be made in place, each moving bytes only towards the front).
struct Edit {
  size_t from, to;
  std::string_view with;
};

// Finds the changes the options call for, in document order and not overlapping. They are made
// once the whole page is read: the pass reads the markup as it was written.
class Bounder {
 public:
  Bounder(std::string_view html, const MarkupOptions& options) : html_(html), limits_(options) {}

  std::vector<Edit> run() {
    size_t i = 0;
    while (i < html_.size()) {
      const char* lt = static_cast<const char*>(std::memchr(html_.data() + i, '<', html_.size() - i));
      if (!lt) break;
      i = static_cast<size_t>(lt - html_.data());
      if (html_.compare(i, 4, "<!--") == 0) {
        size_t after = skip_comment(html_, i);
        empty_comment(i, after);
        i = after;
        continue;
      }
      if (possibly_foreign() && html_.compare(i, 9, "<![CDATA[") == 0) check_cdata(i);
      if (size_t after = skip_comment(html_, i); after != i) {
        i = after;
        continue;
      }
      Tag tag;
      size_t name_end = read_tag_name(html_, i, tag);
      if (name_end == 0) {
        ++i;
        continue;
      }
      int keep = attributes_to_keep(tag);
      read_attributes(html_, name_end, keep, tag);
      if (nest(i, tag)) {
        // A removed <script> or </select> tag changes how the rest is tokenized and built.
        out_of_step_ = true;
      } else if (tag.attributes > keep) {
        // The space keeps an unquoted last value from taking the '/' as its own.
        replace(tag.kept_end, tag.end, !tag.complete ? "" : tag.self_closing ? " />" : ">");
      }
      if (!tag.closing && tag.name == "html") html_attributes_ += std::min(keep, tag.attributes);
      if (!tag.closing && tag.name == "body") body_attributes_ += std::min(keep, tag.attributes);
      i = tag.end;
      track_context(tag);
      if (tag.closing) continue;
      if (is_raw_text(tag.name)) {
        i = raw_text(tag);
      } else if (possibly_foreign() && !tag.self_closing && is_integration_point(tag.name)) {
        // HTML inside <svg> or <math> can leave the nesting this pass counts behind ("</svg>"
        // in a <foreignObject>'s <div> is ignored); plain text up to its own end tag cannot.
        size_t next = next_lt(i);
        if (!is_end_tag_at(html_, next, tag.name)) foreign_unsure_ = true;
      }
    }
    return std::move(edits_);
  }

 private:
  size_t next_lt(size_t from) const {
    const char* lt = static_cast<const char*>(std::memchr(html_.data() + from, '<', html_.size() - from));
    return lt ? static_cast<size_t>(lt - html_.data()) : html_.size();
  }

  // Inside <svg> or <math> (or maybe, once that could not be followed), the tree builder reads
  // <script>, <style>, <title>... as elements holding markup, and "<![CDATA[" as text to "]]>".
  bool possibly_foreign() const { return foreign_depth_ > 0 || foreign_unsure_; }

  // The tree builder also ignores a <style>, <title>, <xmp>... start tag in a <select> or a
  // frameset page, so that what follows is markup.
  bool tree_builder_decides() const { return possibly_foreign() || select_open_ || frameset_; }

  bool may_empty() const { return limits_.prescan && !out_of_step_ && !tree_builder_decides(); }

  void track_context(const Tag& tag) {
    if (tag.name == "svg" || tag.name == "math") {
      // A self-closing <svg/> is a foreign element, popped at once: it holds nothing.
      if (!tag.closing && !tag.self_closing) ++foreign_depth_;
      if (tag.closing && foreign_depth_ > 0) --foreign_depth_;
    } else if (tag.name == "select") {
      select_open_ = !tag.closing;
    } else if (tag.name == "frameset" && !tag.closing) {
      frameset_ = true;
    }
  }

  // The text of a raw-text or RCDATA element (or what may be markup, where the tree builder
  // decides); returns where the scan goes on.
  size_t raw_text(const Tag& tag) {
    const size_t body = tag.end;
    if (tree_builder_decides()) {
      // Read as text or as markup, the same tokens come out when the text holds no '<' before
      // its end tag; otherwise this pass cannot know where things end from here on.
      size_t next = next_lt(body);
      if (tag.name == "plaintext" || !is_end_tag_at(html_, next, tag.name)) out_of_step_ = true;
      return tag.name == "script" ? script_text_end(html_, body) : raw_text_end(html_, body, tag.name);
    }
    if (tag.name == "script") {
      size_t end = script_text_end(html_, body);
      // JSON-LD is read by the cleaner; a type written with character references is left alone,
      // as only the parser can decode it.
      bool data = tag.has_type && (contains_ignoring_case(tag.type, "ld+json") || tag.type.find('&') != std::string_view::npos);
      if (!data && may_empty()) empty_text(body, end);
      return end;
    }
    size_t end = raw_text_end(html_, body, tag.name);
    if (tag.name == "style" && may_empty()) empty_text(body, end);
    return end;
  }

  // A text that held something other than whitespace keeps one character, so that it still
  // makes one text node; Dom::text() reads script and style text as empty either way.
  void empty_text(size_t from, size_t to) {
    if (to - from <= 1) return;
    size_t k = from;
    while (k < to && is_tag_space(html_[k])) ++k;
    if (k == to) return;
    replace(from, to, "x");
  }

  // A comment "<!--...-->" or "<!--...--!>" becomes "<!---->"; the Dom holds no comments. One cut
  // off by the end of the input is left alone.
  void empty_comment(size_t at, size_t after) {
    if (!limits_.prescan || out_of_step_ || after < at + 7) return;
    size_t body_end;
    if (html_.compare(after - 3, 3, "-->") == 0) {
      body_end = after - 3;
    } else if (html_.compare(after - 4, 4, "--!>") == 0) {
      body_end = after - 4;
    } else {
      return;  // cut off by the end of the page
    }
    if (body_end > at + 4) replace(at + 4, body_end, "");
  }

  // In foreign content "<![CDATA[" starts text that ends at "]]>"; elsewhere it is a bogus
  // comment that ends at the first '>'. Only when both are the same '>' can the scan go on
  // knowing where it is.
  void check_cdata(size_t at) {
    size_t close = html_.find("]]>", at + 9);
    size_t gt = html_.find('>', at + 9);
    if (close == std::string_view::npos || gt != close + 2) out_of_step_ = true;
  }

  // <html> and <body> keep fewer once earlier tags of theirs have used the allowance; end tags'
  // attributes are ignored by the parser, but tokenized all the same.
  int attributes_to_keep(const Tag& tag) const {
    if (!tag.closing && tag.name == "html") return std::max(0, limits_.max_attributes - html_attributes_);
    if (!tag.closing && tag.name == "body") return std::max(0, limits_.max_attributes - body_attributes_);
    return limits_.max_attributes;
  }

  // Tracks the depth; returns true when the tag is beyond the limit and so removed.
  bool nest(size_t at, const Tag& tag) {
    if (!counts_for_depth(tag.name)) return false;
    if (tag.closing) {
      if (excess_ > 0) {
        --excess_;
        replace(at, tag.end, "");
        return true;
      }
      if (depth_ > 0) --depth_;
    } else if (!tag.self_closing) {
      if (depth_ >= limits_.max_depth) {
        ++excess_;
        replace(at, tag.end, "");
        return true;
      }
      ++depth_;
    }
    return false;
  }

  void replace(size_t from, size_t to, std::string_view with) { edits_.push_back({from, to, with}); }

  std::string_view html_;
  const MarkupOptions& limits_;
  std::vector<Edit> edits_;
  int depth_ = 0, excess_ = 0;
  int html_attributes_ = 0, body_attributes_ = 0;  // kept so far in all <html> and <body> tags
  int foreign_depth_ = 0;       // <svg> and <math> start tags not yet ended
  bool foreign_unsure_ = false;  // HTML inside foreign content: the depth may be wrong from here
  bool select_open_ = false;
  bool frameset_ = false;
  bool out_of_step_ = false;  // this pass may read the rest differently from the tokenizer
};

}  // namespace

std::optional<std::string> prepare_markup(std::string_view html, const MarkupOptions& options) {
  const std::vector<Edit> edits = Bounder(html, options).run();
  if (edits.empty()) return std::nullopt;
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;
  for (const Edit& e : edits) {
    out.append(html.substr(copied, e.from - copied)).append(e.with);
    copied = e.to;
  }
  out.append(html.substr(copied));
  return out;
}

bool prepare_markup_in_place(std::string& html, const MarkupOptions& options) {
  const std::vector<Edit> edits = Bounder(html, options).run();
  if (edits.empty()) return false;
  for (const Edit& e : edits) {
    if (e.with.size() > e.to - e.from) {  // none does; were one to, the copy stays correct
      html = *prepare_markup(html, options);
      return true;
    }
  }
  char* data = html.data();
  size_t written = 0, copied = 0;
  for (const Edit& e : edits) {
    std::memmove(data + written, data + copied, e.from - copied);
    written += e.from - copied;
    std::memcpy(data + written, e.with.data(), e.with.size());
    written += e.with.size();
    copied = e.to;
  }
  std::memmove(data + written, data + copied, html.size() - copied);
  html.resize(written + html.size() - copied);
  return true;
}

}  // namespace winnow::clean
