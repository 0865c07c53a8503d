#include "clean/site_rules.h"

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/xpath.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>

namespace winnow::clean {

namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

void* encode_id(NodeId id) { return reinterpret_cast<void*>(static_cast<intptr_t>(id) + 1); }
NodeId decode_id(void* data) { return static_cast<NodeId>(reinterpret_cast<intptr_t>(data) - 1); }

const xmlChar* xml_chars(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

// Links by hand rather than with xmlAddChild, which merges adjacent text nodes (the Dom has them
// where a comment was) and so would lose their ids.
void append_child(xmlNode* parent, xmlNode* child) {
  child->parent = parent;
  if (parent->last) {
    parent->last->next = child;
    child->prev = parent->last;
  } else {
    parent->children = child;
  }
  parent->last = child;
}

std::vector<NodeId> sorted_unique(std::vector<NodeId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string rule_location(const config::SiteRules& rules, const config::SiteRule& rule) {
  std::string out = rules.source_name;
  if (rule.line > 0) out += (out.empty() ? "line " : ":") + std::to_string(rule.line);
  if (!out.empty()) out += ": ";
  return out + "site rule for " + rule.host;
}

std::vector<Selector> compile_all(const config::SiteRules& rules, const config::SiteRule& rule,
                                  const std::vector<std::string>& texts, const char* kind) {
  std::vector<Selector> out;
  out.reserve(texts.size());
  for (const std::string& text : texts) {
    try {
      out.push_back(Selector::compile(text));
    } catch (const SelectorError& e) {
      throw SelectorError(rule_location(rules, rule) + ": " + kind + " selector '" + text + "': " + e.reason(), text,
                          e.reason());
    }
  }
  return out;
}

}  // namespace

XmlMirror::XmlMirror(const Dom& dom) {
  ensure_libxml_initialized();
  std::unique_ptr<xmlDoc, DocFree> doc(xmlNewDoc(xml_chars("1.0")));
  if (!doc) throw std::bad_alloc();
  doc->dict = xmlDictCreate();  // element and attribute names are few and repeat: store each once
  if (!doc->dict) throw std::bad_alloc();

  // Document order means every parent is built before its children: one pass, no recursion.
  std::vector<xmlNode*> mirror(static_cast<size_t>(dom.size()), nullptr);
  for (NodeId id = 0; id < dom.size(); ++id) {
    const Node& n = dom[id];
    xmlNode* node;
    if (n.is_text) {
      std::string_view text = dom.text(id);
      node = xmlNewDocTextLen(doc.get(), reinterpret_cast<const xmlChar*>(text.data()), static_cast<int>(text.size()));
    } else if (n.tag != GUMBO_TAG_UNKNOWN) {
      node = xmlNewDocNode(doc.get(), nullptr, xml_chars(gumbo_normalized_tagname(n.tag)), nullptr);
    } else {
      node = xmlNewDocNode(doc.get(), nullptr, xml_chars(dom.tag_name(id).c_str()), nullptr);
    }
    if (!node) throw std::bad_alloc();
    node->_private = encode_id(id);
    xmlNode* parent = n.parent == kNoNode ? reinterpret_cast<xmlNode*>(doc.get()) : mirror[static_cast<size_t>(n.parent)];
    append_child(parent, node);
    mirror[static_cast<size_t>(id)] = node;
    if (n.is_text) continue;
    const GumboVector& attributes = n.g->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
      const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
      // xmlNewProp, unlike xmlNewDocProp, takes the value as it is: Gumbo already decoded entities.
      xmlNewProp(node, xml_chars(attribute->name), xml_chars(attribute->value));
    }
  }
  // Stores each element's document position in it, which libxml2 uses to sort node sets fast.
  xmlXPathOrderDocElems(doc.get());
  doc_ = doc.release();
}

XmlMirror::~XmlMirror() { xmlFreeDoc(doc_); }

std::vector<NodeId> XmlMirror::select(const Selector& selector) const {
  std::vector<NodeId> ids;
  for (xmlNode* node : selector.select(doc_)) {
    xmlNode* element = nullptr;
    switch (node->type) {
      case XML_ELEMENT_NODE:
        element = node;
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
      case XML_ATTRIBUTE_NODE:
        element = node->parent;
        break;
      default:  // the document node: nothing of the page to keep or drop
        break;
    }
    if (element && element->type == XML_ELEMENT_NODE && element->_private) ids.push_back(decode_id(element->_private));
  }
  return sorted_unique(std::move(ids));
}

CompiledSiteRules::CompiledSiteRules(const config::SiteRules& rules) : source_(rules) {
  rules_.reserve(source_.sites.size());
  for (const config::SiteRule& rule : source_.sites) {
    CompiledRule compiled;
    compiled.host = rule.host;
    compiled.line = rule.line;
    compiled.keep = compile_all(source_, rule, rule.keep, "keep");
    compiled.drop = compile_all(source_, rule, rule.drop, "drop");
    rules_.push_back(std::move(compiled));
  }
}

const CompiledRule* CompiledSiteRules::for_host(std::string_view host) const {
  const config::SiteRule* rule = source_.for_host(host);
  if (!rule) return nullptr;
  return &rules_[static_cast<size_t>(rule - source_.sites.data())];
}

RuleMatch match_rule(const Dom& dom, const CompiledRule& rule) {
  RuleMatch match;
  if (rule.keep.empty() && rule.drop.empty()) return match;
  // CSS is matched on the Dom; the libxml2 copy is built for XPath selectors only.
  std::optional<XmlMirror> mirror;
  auto select = [&](const Selector& selector, std::vector<NodeId>& into) {
    if (!selector.is_css() && !mirror) mirror.emplace(dom);
    std::vector<NodeId> ids = selector.is_css() ? selector.match(dom) : mirror->select(selector);
    into.insert(into.end(), ids.begin(), ids.end());
  };
  for (const Selector& selector : rule.keep) select(selector, match.keep);
  for (const Selector& selector : rule.drop) select(selector, match.drop);
  match.keep = sorted_unique(std::move(match.keep));
  match.drop = sorted_unique(std::move(match.drop));
  return match;
}

}  // namespace winnow::clean
