#include "clean/dom.h"

#include <algorithm>
#include <cstring>

#include "clean/meta_text.h"
#include "clean/nesting.h"

namespace winnow::clean {

Dom::Dom(std::string_view html, bool prescan) {
  if (std::optional<std::string> prepared = prepare_markup(html, {.prescan = prescan})) {
    markup_ = std::move(*prepared);
    html = markup_;
  }
  parse(html);
}

Dom::Dom(std::string&& html, bool prescan) : markup_(std::move(html)) {
  prepare_markup_in_place(markup_, {.prescan = prescan});
  parse(markup_);
}

void Dom::parse(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the error list is never read; recording it costs time and memory
  output_ = gumbo_parse_with_options(&options, html.data(), html.size());
  flatten(output_->document);
  // The tree points into the markup it was parsed from only for the names Gumbo does not know
  // (tag_name() of custom elements): without such elements the markup the Dom holds can go now,
  // so that a page's memory does not hold it beside the tree through the cleaning.
  if (!markup_.empty()) {
    bool custom_elements = false;
    for (const Node& n : nodes_) custom_elements = custom_elements || (!n.is_text && n.tag == GUMBO_TAG_UNKNOWN);
    if (!custom_elements) std::string().swap(markup_);
  }
}

Dom::~Dom() {
  if (output_) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

namespace {

// What prepare_markup's prescan may empty: any <style>, and a <script> unless its type names
// JSON-LD (read by the metadata) or holds a character reference (the prescan cannot decode it).
bool holds_unread_text(const Node& parent) {
  if (parent.tag == GUMBO_TAG_STYLE) return true;
  if (parent.tag != GUMBO_TAG_SCRIPT) return false;
  const GumboAttribute* type = gumbo_get_attribute(&parent.g->v.element.attributes, "type");
  if (type == nullptr) return true;
  std::string_view written(type->original_value.data, type->original_value.length);
  return !metatext::icontains(type->value, "ld+json") && written.find('&') == std::string_view::npos;
}

}  // namespace

// Iterative pre-order walk: pages with 100 000 nested elements must not overflow the stack.
void Dom::flatten(const GumboNode* root) {
  struct Frame {
    const GumboNode* g;
    NodeId parent;
  };
  std::vector<Frame> stack;
  auto push_children = [&stack](const GumboVector& kids, NodeId parent) {
    for (unsigned i = kids.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(kids.data[i]), parent});
    }
  };
  push_children(root->v.document.children, kNoNode);
  std::vector<NodeId> open;  // ancestors whose `end` is not yet known
  uint32_t attribute_total = 0;
  nodes_.reserve(1024);
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* g = f.g;
    bool text = g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
                g->type == GUMBO_NODE_CDATA;
    bool element = g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE;
    if (!text && !element) continue;  // comments

    NodeId id = static_cast<NodeId>(nodes_.size());
    while (!open.empty() && open.back() != f.parent) {
      nodes_[static_cast<size_t>(open.back())].end = id;
      open.pop_back();
    }
    Node n;
    n.g = g;
    n.is_text = text;
    n.tag = element ? g->v.element.tag : GUMBO_TAG_UNKNOWN;
    n.parent = f.parent;
    n.depth = f.parent == kNoNode ? 0 : nodes_[static_cast<size_t>(f.parent)].depth + 1;
    n.end = id + 1;
    if (text) {
      // Script and style text reads as empty (see holds_unread_text).
      bool unread = f.parent != kNoNode && holds_unread_text(nodes_[static_cast<size_t>(f.parent)]);
      n.size_or_first_ = unread ? 0 : static_cast<uint32_t>(std::strlen(g->v.text.text));
      n.chars_or_count_ = static_cast<uint32_t>(visible_chars(std::string_view(g->v.text.text, n.size_or_first_)));
    } else {
      // The attribute table is filled below, once its exact size is known.
      n.size_or_first_ = attribute_total;
      n.chars_or_count_ = g->v.element.attributes.length;
      attribute_total += n.chars_or_count_;
    }
    nodes_.push_back(n);
    if (element) {
      if (n.tag == GUMBO_TAG_HTML && html_ == kNoNode) html_ = id;
      if (n.tag == GUMBO_TAG_HEAD && head_ == kNoNode) head_ = id;
      if (n.tag == GUMBO_TAG_BODY && body_ == kNoNode) body_ = id;
      open.push_back(id);
      push_children(g->v.element.children, id);
    }
  }
  NodeId total = static_cast<NodeId>(nodes_.size());
  for (NodeId id : open) nodes_[static_cast<size_t>(id)].end = total;

  // Gumbo lower-cases attribute names, and callers pass lower-case names: attr() compares
  // exactly (gumbo_get_attribute compares without case, which costs more on every lookup).
  attributes_.reserve(attribute_total);
  for (const Node& n : nodes_) {
    if (n.is_text) continue;
    const GumboVector& attributes = n.g->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
      attributes_.emplace_back(static_cast<const GumboAttribute*>(attributes.data[i]));
    }
  }

  // Children appear in document order, so each node follows its parent's previous child.
  std::vector<NodeId> last_child(nodes_.size(), kNoNode);
  for (NodeId id = 0; id < total; ++id) {
    NodeId p = nodes_[static_cast<size_t>(id)].parent;
    if (p == kNoNode) continue;
    NodeId& last = last_child[static_cast<size_t>(p)];
    if (last == kNoNode) {
      nodes_[static_cast<size_t>(p)].first_child = id;
    } else {
      nodes_[static_cast<size_t>(last)].next_sibling = id;
    }
    last = id;
  }
}

std::string_view Dom::first_class(NodeId id) const {
  std::string_view c = attr(id, "class");
  size_t start = c.find_first_not_of(" \t\n\r\f");
  if (start == std::string_view::npos) return {};
  c.remove_prefix(start);
  return c.substr(0, c.find_first_of(" \t\n\r\f"));
}

std::string_view Dom::component_class(NodeId id) const {
  std::string_view c = attr(id, "class");
  std::string_view first;
  while (!c.empty()) {
    size_t start = c.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    c.remove_prefix(start);
    std::string_view word = c.substr(0, c.find_first_of(" \t\n\r\f"));
    c.remove_prefix(word.size());
    if (first.empty()) first = word;
    if (word.find_first_of("0123456789") == std::string_view::npos) return word;
  }
  return first;
}

bool Dom::has_attr(NodeId id, std::string_view name) const {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const Attribute& a : attributes(id)) {
    std::string_view written = a.name();
    if (written.size() == name.size() &&
        std::equal(name.begin(), name.end(), written.begin(), [&](char x, char y) { return lower(x) == lower(y); })) {
      return true;
    }
  }
  return false;
}

std::string Dom::tag_name(NodeId id) const {
  const Node& n = (*this)[id];
  if (n.is_text) return {};
  if (n.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n.tag);
  GumboStringPiece piece = n.g->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);  // strips "<" and attributes
  std::string name(piece.data, piece.length);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

std::string Dom::text_content(NodeId id) const {
  std::string out;
  const Node& n = (*this)[id];
  for (NodeId i = id; i < n.end; ++i) {
    if (nodes_[static_cast<size_t>(i)].is_text) out += text(i);
  }
  return out;
}

NodeId Dom::find_tag(GumboTag tag, NodeId from) const {
  NodeId stop = from < size() ? (*this)[from].end : size();
  for (NodeId i = from; i < stop; ++i) {
    if (nodes_[static_cast<size_t>(i)].tag == tag && !nodes_[static_cast<size_t>(i)].is_text) return i;
  }
  return kNoNode;
}

std::vector<NodeId> Dom::find_all(GumboTag tag) const {
  std::vector<NodeId> out;
  for (NodeId i = 0; i < size(); ++i) {
    if (nodes_[static_cast<size_t>(i)].tag == tag && !nodes_[static_cast<size_t>(i)].is_text) out.push_back(i);
  }
  return out;
}

int32_t visible_chars(std::string_view text) {
  // Branch-free arithmetic on each byte, which the compiler vectorizes: text mixes letters and
  // spaces too irregularly for branches to be predicted.
  int32_t n = 0;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    unsigned char continuation = static_cast<unsigned char>(c - 0x80) < 0x40;  // 0x80-0xBF
    // ' ', and of \t \n \v \f \r (9 to 13) all but \v
    unsigned char space = (c == ' ') | (static_cast<unsigned char>(c - '\t') < 5 && c != '\v');
    n += 1 - (continuation | space);
  }
  return n;
}

}  // namespace winnow::clean
