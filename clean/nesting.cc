#include "clean/nesting.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace winnow::clean {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

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
  size_t end = 0;  // one past '>'
  std::string name;
  bool closing = false;
  bool self_closing = false;
};

// Parses the tag starting at html[i] == '<'; returns false for text that only looks like one.
bool read_tag(std::string_view html, size_t i, Tag& tag) {
  size_t j = i + 1;
  tag.closing = j < html.size() && html[j] == '/';
  if (tag.closing) ++j;
  size_t name_start = j;
  while (j < html.size() && is_name_char(html[j])) ++j;
  if (j == name_start) return false;
  tag.name = lower_name(html.substr(name_start, j - name_start));
  char quote = 0;
  for (; j < html.size(); ++j) {
    char c = html[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      tag.self_closing = j > 0 && html[j - 1] == '/';
      tag.end = j + 1;
      return true;
    }
  }
  tag.end = html.size();
  return true;
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

// Walks the markup; when `out` is given, copies it without the tags beyond the limit.
// Returns the deepest nesting seen.
int walk(std::string_view html, int max_depth, std::string* out) {
  int depth = 0, deepest = 0, excess = 0;
  size_t copied = 0;
  auto drop = [&](size_t from, size_t to) {
    if (!out) return;
    out->append(html.substr(copied, from - copied));
    copied = to;
  };
  size_t i = 0;
  while (i < html.size()) {
    const char* lt = static_cast<const char*>(std::memchr(html.data() + i, '<', html.size() - i));
    if (!lt) break;
    i = static_cast<size_t>(lt - html.data());
    if (html.compare(i, 4, "<!--") == 0) {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    Tag tag;
    if (!read_tag(html, i, tag)) {
      ++i;
      continue;
    }
    bool counted = counts_for_depth(tag.name);
    if (tag.closing) {
      if (counted && excess > 0) {
        --excess;
        drop(i, tag.end);
      } else if (counted && depth > 0) {
        --depth;
      }
    } else if (!tag.self_closing && counted) {
      if (depth >= max_depth) {
        ++excess;
        drop(i, tag.end);
      } else {
        ++depth;
      }
      deepest = std::max(deepest, depth + excess);
    }
    i = tag.end;
    if (!tag.closing && !tag.self_closing && is_raw_text(tag.name)) i = skip_raw_text(html, i, tag.name);
  }
  if (out) out->append(html.substr(copied));
  return deepest;
}

}  // namespace

std::optional<std::string> flatten_deep_nesting(std::string_view html, int max_depth) {
  if (walk(html, max_depth, nullptr) <= max_depth) return std::nullopt;
  std::string out;
  out.reserve(html.size());
  walk(html, max_depth, &out);
  return out;
}

}  // namespace winnow::clean
