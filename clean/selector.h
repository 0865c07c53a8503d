// Selectors for site rules: XPath 1.0, or a subset of CSS translated to XPath, compiled once with
// libxml2. Internal to clean/.
//
// A selector whose first non-blank character is '/' or '(', or that starts with "./", is XPath 1.0,
// evaluated with the document node as context. Anything else is CSS, limited to:
//   - type selectors ("div", matched as lower case, the DOM's case) and '*';
//   - #id, and .class (matches one whitespace-separated token of the class attribute);
//   - attribute selectors [a], [a=v], [a~=v], [a^=v], [a$=v], [a*=v], [a|=v], with the value bare
//     (letters, digits, '-', '_', non-ASCII) or quoted with ' or " (no backslash escapes);
//     attribute names are matched as lower case; as in CSS, an empty value for ^= $= *= ~= (or
//     one with spaces for ~=) matches nothing;
//   - compound selectors (div.a.b#c[x]);
//   - the combinators descendant (space), child '>', next sibling '+' and later sibling '~';
//   - selector lists "a, b".
// Everything else (pseudo-classes and pseudo-elements, namespaces, escapes, attribute flags) is
// an error "unsupported CSS at column N: ..."; use XPath for those.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clean/css_match.h"
#include "clean/dom.h"

struct _xmlDoc;
struct _xmlNode;

namespace winnow::clean {

/// A selector that does not compile or cannot be evaluated. what() names the selector.
class SelectorError : public std::runtime_error {
 public:
  /// what() is "selector 'SELECTOR': REASON".
  SelectorError(std::string selector, std::string reason);
  /// what() is `message`, which should name the selector.
  SelectorError(std::string message, std::string selector, std::string reason);
  const std::string& selector() const { return selector_; }
  /// The problem alone, without the selector.
  const std::string& reason() const { return reason_; }

 private:
  std::string selector_;
  std::string reason_;
};

/// The XPath 1.0 equivalent of a CSS selector (see the top of this file for what is supported).
/// Throws SelectorError. Exposed for tests.
std::string css_to_xpath(std::string_view css);

/// A compiled selector. Move-only (a moved-from one may only be assigned or destroyed); owns
/// its libxml2 compiled expressions.
class Selector {
 public:
  /// Compiles CSS or XPath. Throws SelectorError naming the selector when it is malformed, uses
  /// unsupported CSS, or is an XPath that does not yield nodes (e.g. "count(//p)").
  static Selector compile(std::string_view text);

  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;
  ~Selector();

  /// The selector as written.
  const std::string& text() const;
  /// The XPath the selector means (the text itself for XPath selectors). CSS selectors are
  /// matched on the Dom instead (match()), with the same result.
  const std::string& xpath() const;
  /// Whether it is CSS, which match() takes; XPath needs a libxml2 tree (select()).
  bool is_css() const;

  /// CSS selectors only: the elements selected in `dom`, in document order, in time linear in
  /// the page. Thread-safe.
  std::vector<NodeId> match(const Dom& dom) const;

  /// Nodes the XPath selects in `doc` (document node as context), in document order: elements, and
  /// whatever else the XPath yields (text, attributes; namespace nodes are left out). Safe to
  /// call from several threads at once. Throws SelectorError when evaluation fails.
  std::vector<_xmlNode*> select(_xmlDoc* doc) const;

 private:
  struct Impl;
  explicit Selector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Initialises libxml2 once per process; safe from any thread. Selector and the DOM mirror call
/// it themselves.
void ensure_libxml_initialized();

}  // namespace winnow::clean
