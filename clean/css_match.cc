#include "clean/css_match.h"

#include <cstring>
#include <string_view>

namespace winnow::clean {

namespace {

// XPath's whitespace, which the translation's normalize-space() splits words on.
bool is_xpath_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool has_word(std::string_view text, std::string_view word) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_xpath_space(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !is_xpath_space(text[i])) ++i;
    if (i > start && text.substr(start, i - start) == word) return true;
  }
  return false;
}

const GumboAttribute* find_attribute(const Node& n, const std::string& name) {
  const GumboVector& attributes = n.g->v.element.attributes;
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attributes.data[i]);
    if (name == a->name) return a;
  }
  return nullptr;
}

bool passes(const Node& n, const CssAttributeTest& test) {
  using Op = CssAttributeTest::Op;
  if (test.op == Op::Never) return false;
  const GumboAttribute* attribute = find_attribute(n, test.name);
  if (!attribute) return false;
  std::string_view value = attribute->value;
  const std::string& v = test.value;
  switch (test.op) {
    case Op::Exists: return true;
    case Op::Equals: return value == v;
    case Op::Includes: return has_word(value, v);
    case Op::DashMatch: return value == v || (value.size() > v.size() && value.starts_with(v) && value[v.size()] == '-');
    case Op::Prefix: return value.starts_with(v);
    case Op::Suffix: return value.ends_with(v);
    case Op::Substring: return value.find(v) != std::string_view::npos;
    case Op::Never: return false;
  }
  return false;
}

// The element's name as the XPath mirror has it (clean/site_rules.cc): Gumbo's for the elements
// it knows, the lower-cased tag for the others.
bool has_name(const Dom& dom, NodeId id, const std::string& name) {
  if (name == "*") return true;
  const Node& n = dom[id];
  if (n.tag != GUMBO_TAG_UNKNOWN) return name == gumbo_normalized_tagname(n.tag);
  return dom.tag_name(id) == name;
}

bool matches(const Dom& dom, NodeId id, const CssCompound& compound) {
  if (!has_name(dom, id, compound.name)) return false;
  for (const CssAttributeTest& test : compound.tests) {
    if (!passes(dom[id], test)) return false;
  }
  return true;
}

// Marks the elements related by `combinator` to a marked one in `left`: one pass in document
// order, where a parent comes before its children and a sibling before the later ones. The
// top-level nodes are siblings too (children of the document node).
std::vector<char> related(const Dom& dom, const std::vector<char>& left, char combinator) {
  const size_t size = static_cast<size_t>(dom.size());
  std::vector<char> out(size, 0);
  // Per parent (index parent + 1, 0 for the top level): its last element child seen so far, and
  // whether one seen so far is marked.
  std::vector<NodeId> last_child;
  std::vector<char> marked_child;
  if (combinator == '+') last_child.assign(size + 1, kNoNode);
  if (combinator == '~') marked_child.assign(size + 1, 0);
  for (NodeId id = 0; id < dom.size(); ++id) {
    const Node& n = dom[id];
    if (n.is_text) continue;
    size_t self = static_cast<size_t>(id);
    size_t parent = static_cast<size_t>(n.parent);
    switch (combinator) {
      case ' ':  // out[] doubles as "has a marked ancestor"
        out[self] = n.parent != kNoNode && (left[parent] || out[parent]);
        break;
      case '>':
        out[self] = n.parent != kNoNode && left[parent];
        break;
      case '+': {
        NodeId& previous = last_child[static_cast<size_t>(n.parent + 1)];
        out[self] = previous != kNoNode && left[static_cast<size_t>(previous)];
        previous = id;
        break;
      }
      default: {  // '~'
        char& seen = marked_child[static_cast<size_t>(n.parent + 1)];
        out[self] = seen;
        seen = seen || left[self];
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::vector<NodeId> match_css(const Dom& dom, const CssSelectorList& selectors) {
  const size_t size = static_cast<size_t>(dom.size());
  std::vector<char> any(size, 0);
  for (const CssComplexSelector& selector : selectors) {
    std::vector<char> marked(size, 0);
    for (NodeId id = 0; id < dom.size(); ++id) {
      marked[static_cast<size_t>(id)] = !dom[id].is_text && matches(dom, id, selector.compounds.front());
    }
    for (size_t i = 1; i < selector.compounds.size(); ++i) {
      std::vector<char> next = related(dom, marked, selector.combinators[i - 1]);
      for (NodeId id = 0; id < dom.size(); ++id) {
        char& mark = next[static_cast<size_t>(id)];
        mark = mark && matches(dom, id, selector.compounds[i]);
      }
      marked = std::move(next);
    }
    for (size_t id = 0; id < size; ++id) any[id] = any[id] || marked[id];
  }
  std::vector<NodeId> out;
  for (NodeId id = 0; id < dom.size(); ++id) {
    if (any[static_cast<size_t>(id)]) out.push_back(id);
  }
  return out;
}

}  // namespace winnow::clean
