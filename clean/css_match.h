// The CSS selectors of site rules (the subset clean/selector.h describes), matched on the Dom
// directly. Internal to clean/.
//
// libxml2 evaluates their XPath translation in time quadratic in a page's siblings ("h2 ~ .promo"
// walks every later sibling of every <h2>, then merges the node sets with a scan for duplicates:
// 2 minutes on a page of 20 000 pairs). Here a complex selector is matched left to right, one
// pass over the page per compound: the elements matching "A B" are those matching B that have an
// ancestor among A's matches, a flag carried down in document order; "A > B", "A + B" and "A ~ B"
// look at the parent, the previous element sibling, and a flag carried along the siblings. The
// XPath translation stays what `Selector::xpath()` shows, and selects the same elements.
#pragma once

#include <string>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {

/// One condition on an attribute; #id and .class are `id` Equals and `class` Includes.
struct CssAttributeTest {
  enum class Op {
    Exists,     // [a]
    Equals,     // [a=v]
    Includes,   // [a~=v]: one of the words (separated by XPath's whitespace: space, tab, CR, LF)
    DashMatch,  // [a|=v]: v, or starts with "v-"
    Prefix,     // [a^=v]
    Suffix,     // [a$=v]
    Substring,  // [a*=v]
    Never,      // what CSS says matches nothing: [a^=""], [a~="two words"]...
  };
  std::string name;  // lower case
  Op op = Op::Exists;
  std::string value;
};

struct CssCompound {
  std::string name = "*";  // lower case, or "*"
  std::vector<CssAttributeTest> tests;
};

/// Compounds joined by combinators: combinators[i] (' ', '>', '+' or '~') joins compounds[i]
/// and compounds[i + 1].
struct CssComplexSelector {
  std::vector<CssCompound> compounds;
  std::vector<char> combinators;
};

/// A selector list ("a, b").
using CssSelectorList = std::vector<CssComplexSelector>;

/// The elements any of the selectors matches, in document order, without duplicates. Linear in
/// the page (times the number of compounds).
std::vector<NodeId> match_css(const Dom& dom, const CssSelectorList& selectors);

}  // namespace winnow::clean
