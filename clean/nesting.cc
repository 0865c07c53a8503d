#include "clean/nesting.h"

#include <algorithm>
#include <cstring>

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
      size_t after = k;
      while (after < n && is_tag_space(html[after])) ++after;
      if (after < n && html[after] == '=') {
        size_t v = after + 1;
        while (v < n && is_tag_space(html[v])) ++v;
        if (v < n && (html[v] == '"' || html[v] == '\'')) {
          size_t close = html.find(html[v], v + 1);
          k = close == std::string_view::npos ? n : close + 1;
        } else {  // unquoted, up to a space or '>' (empty when '>' comes first: it ends the tag)
          k = v;
          while (k < n && !is_tag_space(html[k]) && html[k] != '>') ++k;
        }
      }
      if (tag.attributes == keep) tag.kept_end = k;
      j = k;
    }
  }
  tag.end = n;
}

// Where the raw text of <script>/<style>/... ends: at its own end tag.
size_t skip_raw_text(std::string_view html, size_t from, const std::string& name) {
  std::string close = "</" + name;
  for (size_t i = from; i + close.size() <= html.size(); ++i) {
    if (html[i] == '<' && html[i + 1] == '/' &&
        lower_name(html.substr(i, close.size())) == close) {
      return i;
    }
  }
  return html.size();
}

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

// Copies the markup with the changes the limits call for; the copy starts at the first change.
class Bounder {
 public:
  Bounder(std::string_view html, const MarkupLimits& limits) : html_(html), limits_(limits) {}

  std::optional<std::string> run() {
    size_t i = 0;
    while (i < html_.size()) {
      const char* lt = static_cast<const char*>(std::memchr(html_.data() + i, '<', html_.size() - i));
      if (!lt) break;
      i = static_cast<size_t>(lt - html_.data());
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
      if (!nest(i, tag) && tag.attributes > keep) {
        // The space keeps an unquoted last value from taking the '/' as its own.
        replace(tag.kept_end, tag.end, !tag.complete ? "" : tag.self_closing ? " />" : ">");
      }
      if (!tag.closing && tag.name == "html") html_attributes_ += std::min(keep, tag.attributes);
      if (!tag.closing && tag.name == "body") body_attributes_ += std::min(keep, tag.attributes);
      i = tag.end;
      if (!tag.closing && !tag.self_closing && is_raw_text(tag.name)) i = skip_raw_text(html_, i, tag.name);
    }
    if (out_) out_->append(html_.substr(copied_));
    return std::move(out_);
  }

 private:
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

  void replace(size_t from, size_t to, std::string_view with) {
    if (!out_) {
      out_.emplace();
      out_->reserve(html_.size());
    }
    out_->append(html_.substr(copied_, from - copied_));
    out_->append(with);
    copied_ = to;
  }

  std::string_view html_;
  const MarkupLimits& limits_;
  std::optional<std::string> out_;
  size_t copied_ = 0;  // html_ before this is in out_ (or unchanged, while there is no out_)
  int depth_ = 0, excess_ = 0;
  int html_attributes_ = 0, body_attributes_ = 0;  // kept so far in all <html> and <body> tags
};

}  // namespace

std::optional<std::string> bound_markup(std::string_view html, const MarkupLimits& limits) {
  return Bounder(html, limits).run();
}

}  // namespace winnow::clean
