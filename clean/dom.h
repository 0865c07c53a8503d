// A flat, index-addressed view of Gumbo's parse tree. Internal to clean/.
//
// Gumbo's tree is immutable and pointer-linked; the cleaner needs per-node scratch data and
// cheap "removed" marks. Numbering nodes in document order gives both: every per-node table is a
// plain vector indexed by node id, and a subtree is the id range [id, end(id)).
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::clean {

using NodeId = int32_t;
inline constexpr NodeId kNoNode = -1;

struct Node {
  const GumboNode* g = nullptr;
  GumboTag tag : 16 = GUMBO_TAG_UNKNOWN;  // GUMBO_TAG_UNKNOWN for text nodes
  bool is_text = false;                   // text, whitespace or CDATA
  NodeId parent = kNoNode;
  NodeId first_child = kNoNode;
  NodeId next_sibling = kNoNode;
  NodeId end = 0;   // one past the last descendant: the subtree is [id, end)
  int32_t depth = 0;

  /// Characters of a text node's text that are not whitespace, counted once (the cleaner asks
  /// often); 0 for an element.
  int32_t visible_chars() const { return is_text ? static_cast<int32_t>(chars_or_count_) : 0; }

 private:
  friend class Dom;
  // Text nodes have no attributes, so the two share their place (a page holds some 10^5 nodes):
  // a text node's text length (Gumbo keeps only a C string) and visible characters; an
  // element's first attribute in Dom's attribute table and its attribute count.
  uint32_t size_or_first_ = 0;
  uint32_t chars_or_count_ = 0;
};
static_assert(sizeof(void*) != 8 || sizeof(Node) == 40, "a Node is 40 bytes on 64-bit machines");

/// One attribute of an element, as Gumbo gives it: the name lower case for HTML elements, the
/// value with entities decoded.
class Attribute {
 public:
  Attribute() = default;
  explicit Attribute(const GumboAttribute* a)
      : gumbo_(a), name_size_(static_cast<uint32_t>(std::strlen(a->name))),
        value_size_(static_cast<uint32_t>(std::strlen(a->value))) {}
  std::string_view name() const { return {gumbo_->name, name_size_}; }
  std::string_view value() const { return {gumbo_->value, value_size_}; }
  /// Compares the length before the bytes: most attributes of an element fail on it.
  bool named(std::string_view name) const {
    return name_size_ == name.size() && std::memcmp(gumbo_->name, name.data(), name.size()) == 0;
  }

 private:
  const GumboAttribute* gumbo_ = nullptr;
  uint32_t name_size_ = 0;
  uint32_t value_size_ = 0;
};

/// Characters of `text` that are not whitespace (UTF-8 continuation bytes not counted).
int32_t visible_chars(std::string_view text);

class Dom {
 public:
  /// Parses UTF-8 HTML. Never fails: Gumbo recovers from any input. With `prescan`, what the
  /// cleaner never reads is emptied before Gumbo tokenizes it (clean/nesting.h); the tree has
  /// the same shape and text() the same values either way.
  explicit Dom(std::string_view html, bool prescan = true);
  /// The same, taking the markup: the prescan edits it in place, and it is freed once the tree
  /// is built (unless a custom element's name points into it), so that the page is not held
  /// twice, nor through the cleaning.
  explicit Dom(std::string&& html, bool prescan = true);
  explicit Dom(const char* html, bool prescan = true) : Dom(std::string_view(html), prescan) {}
  ~Dom();
  Dom(const Dom&) = delete;
  Dom& operator=(const Dom&) = delete;

  NodeId size() const { return static_cast<NodeId>(nodes_.size()); }
  const Node& operator[](NodeId id) const { return nodes_[static_cast<size_t>(id)]; }

  NodeId html() const { return html_; }
  NodeId head() const { return head_; }  // kNoNode when absent
  NodeId body() const { return body_; }  // kNoNode when absent

  bool is_element(NodeId id) const { return !nodes_[static_cast<size_t>(id)].is_text; }
  /// Text of a text node (raw, entities already decoded by Gumbo); empty for elements, and for
  /// the text of <style> and of <script> other than JSON-LD, which the prescan empties (the
  /// cleaner reads the same with it and without it).
  std::string_view text(NodeId id) const {
    const Node& n = (*this)[id];
    return n.is_text ? std::string_view(n.g->v.text.text, n.size_or_first_) : std::string_view();
  }
  /// Attribute value, or empty when absent (or for a text node). `name` is lower case and
  /// compared exactly.
  std::string_view attr(NodeId id, std::string_view name) const {
    const Attribute* a = find_attribute(id, name);
    return a != nullptr ? a->value() : std::string_view();
  }
  /// Whether the element has the attribute, its name compared without ASCII case (as Gumbo's
  /// gumbo_get_attribute does).
  bool has_attr(NodeId id, std::string_view name) const;
  /// The element's attributes in source order (Gumbo keeps the first of duplicates); none for a
  /// text node.
  std::span<const Attribute> attributes(NodeId id) const {
    const Node& n = (*this)[id];
    if (n.is_text) return {};
    return {attributes_.data() + n.size_or_first_, n.chars_or_count_};
  }
  /// The first word of the class attribute: the component an element is ("story-card" of
  /// "story-card story-card--lead"), its other words being variants or states. Empty when none.
  std::string_view first_class(NodeId id) const;
  /// The first class word without a digit: the component, where the first word names the
  /// instance ("post" of WordPress' "post-1234 post type-post"). When every word has a digit, the
  /// first word; empty when there is no class.
  std::string_view component_class(NodeId id) const;
  /// Lower-case tag name, including custom elements ("amp-img") that Gumbo calls UNKNOWN.
  std::string tag_name(NodeId id) const;
  /// Concatenated text of all descendant text nodes, whitespace untouched.
  std::string text_content(NodeId id) const;

  /// First element in document order with this tag inside [from, end(from)), or kNoNode.
  NodeId find_tag(GumboTag tag, NodeId from = 0) const;
  /// All elements with this tag, in document order.
  std::vector<NodeId> find_all(GumboTag tag) const;

 private:
  void parse(std::string_view html);
  void flatten(const GumboNode* root);
  const Attribute* find_attribute(NodeId id, std::string_view name) const {
    for (const Attribute& a : attributes(id)) {
      // Inlined at each call, a literal name's length is a constant: most attributes fail on it.
      if (a.named(name)) return &a;
    }
    return nullptr;
  }

  std::string markup_;  // the markup Gumbo parsed, when the Dom holds it (prepared or taken)
  GumboOutput* output_ = nullptr;
  std::vector<Node> nodes_;
  std::vector<Attribute> attributes_;  // every element's, in document order, sized exactly
  NodeId html_ = kNoNode, head_ = kNoNode, body_ = kNoNode;
};

}  // namespace winnow::clean
