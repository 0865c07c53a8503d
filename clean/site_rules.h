// Site rules applied to a parsed page: which elements hold the article (keep) and which go before
// extraction (drop), per host. Internal to clean/; the rules come from config/site_rules.h.
//
// CSS selectors are matched on the Dom (clean/css_match.h). XPath needs a libxml2 tree, so a page
// a rule with an XPath selector applies to is mirrored into one (XmlMirror); other pages never
// pay for that.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clean/dom.h"
#include "clean/selector.h"
#include "config/site_rules.h"

struct _xmlDoc;

namespace winnow::clean {

struct CompiledRule {
  std::string host;
  std::vector<Selector> keep;
  std::vector<Selector> drop;
  int line = 0;  // of the rule's [[site]], for messages
};

class CompiledSiteRules {
 public:
  /// Compiles every selector. Throws SelectorError naming the rule and the selector, e.g.
  /// "rules.toml:3: site rule for example.com: keep selector 'a:hover': unsupported CSS ...".
  explicit CompiledSiteRules(const config::SiteRules& rules);

  /// The rule for this host (exact host or the most specific parent domain), or nullptr.
  const CompiledRule* for_host(std::string_view host) const;
  bool empty() const { return rules_.empty(); }

 private:
  config::SiteRules source_;         // does the host matching
  std::vector<CompiledRule> rules_;  // parallel to source_.sites
};

struct RuleMatch {
  std::vector<NodeId> keep;  // elements, in document order, no duplicates
  std::vector<NodeId> drop;  // elements, in document order, no duplicates
};

/// Evaluates a rule on a page. Selected text nodes count as their parent element, attributes as
/// their element; other results are ignored. Throws SelectorError when an XPath fails to evaluate.
RuleMatch match_rule(const Dom& dom, const CompiledRule& rule);

/// A libxml2 copy of a Dom (elements with their attributes, and text), each node remembering its
/// NodeId, for evaluating selectors.
class XmlMirror {
 public:
  explicit XmlMirror(const Dom& dom);
  ~XmlMirror();
  XmlMirror(const XmlMirror&) = delete;
  XmlMirror& operator=(const XmlMirror&) = delete;

  /// The elements `selector` selects, mapped as in match_rule, in document order.
  std::vector<NodeId> select(const Selector& selector) const;

 private:
  _xmlDoc* doc_ = nullptr;
};

}  // namespace winnow::clean
