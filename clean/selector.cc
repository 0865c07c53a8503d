#include "clean/selector.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <new>
#include <optional>

namespace winnow::clean {

namespace {

// ---- CSS to XPath --------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// An XPath 1.0 string literal for `value`. XPath 1.0 has no escapes, but a value from this CSS
/// subset never holds both quote characters (it has no escapes either), so one quoting fits.
// Built by appending: GCC 12 warns (-Wrestrict), wrongly, on "'" + std::string(...) here.
std::string xpath_literal(std::string_view value) {
  char quote = value.find('\'') == std::string_view::npos ? '\'' : '"';
  std::string out;
  out.reserve(value.size() + 2);
  out += quote;
  out += value;
  out += quote;
  return out;
}

// Whether `name` can stand in XPath as a plain name test; others are matched with name().
bool is_plain_xml_name(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

std::string element_test(const std::string& name) {
  if (name == "*" || is_plain_xml_name(name)) return name;
  return "*[name()=" + xpath_literal(name) + "]";
}

std::string attribute_ref(const std::string& name) {
  if (is_plain_xml_name(name)) return "@" + name;
  return "@*[name()=" + xpath_literal(name) + "]";
}

std::string token_test(const std::string& attribute, std::string_view token) {
  std::string padded;
  padded.reserve(token.size() + 2);
  padded += ' ';
  padded += token;
  padded += ' ';
  return "contains(concat(' ',normalize-space(" + attribute + "),' ')," + xpath_literal(padded) + ")";
}

// Recursive descent over the supported subset; each method consumes what it names.
class CssTranslator {
 public:
  explicit CssTranslator(std::string_view css) : css_(css) {}

  CssSelectorList parse() {
    CssSelectorList list;
    skip_space();
    if (at_end()) invalid(pos_, "empty selector");
    for (;;) {
      list.push_back(complex_selector());
      if (at_end()) break;
      ++pos_;  // complex_selector stops only at the end or at ','
      skip_space();
      if (at_end()) invalid(pos_, "expected a selector after ','");
    }
    return list;
  }

 private:
  using Op = CssAttributeTest::Op;

  bool at_end() const { return pos_ >= css_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < css_.size() ? css_[pos_ + ahead] : '\0'; }

  bool skip_space() {
    size_t start = pos_;
    while (!at_end() && is_space(peek())) ++pos_;
    return pos_ > start;
  }

  // 1-based, counting characters rather than UTF-8 bytes.
  int column(size_t at) const {
    int col = 1;
    for (size_t i = 0; i < at && i < css_.size(); ++i) {
      if ((static_cast<unsigned char>(css_[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  [[noreturn]] void invalid(size_t at, const std::string& what) const {
    throw SelectorError(std::string(css_), "invalid CSS at column " + std::to_string(column(at)) + ": " + what);
  }
  [[noreturn]] void unsupported(size_t at, const std::string& what) const {
    throw SelectorError(std::string(css_), "unsupported CSS at column " + std::to_string(column(at)) + ": " + what +
                                               "; use an XPath selector for this");
  }

  // Names what stopped the parser: a feature outside the subset, or plain bad syntax.
  [[noreturn]] void unexpected(size_t at) const {
    char c = at < css_.size() ? css_[at] : '\0';
    if (c == ':') {
      size_t end = at + 1;
      if (end < css_.size() && css_[end] == ':') ++end;
      while (end < css_.size() && is_ident_char(css_[end])) ++end;
      if (end < css_.size() && css_[end] == '(') {
        size_t close = css_.find(')', end);
        end = close == std::string_view::npos ? css_.size() : close + 1;
      }
      std::string_view what = css_.substr(at, end - at);
      bool element = what.size() > 1 && what[1] == ':';
      unsupported(at, std::string(element ? "pseudo-element '" : "pseudo-class '") + std::string(what) + "'");
    }
    if (c == '|') unsupported(at, "namespace prefix ('|')");
    if (c == '\\') unsupported(at, "backslash escape");
    if (c == '\0') invalid(at, "expected a selector");
    invalid(at, std::string("unexpected '") + c + "'");
  }

  std::string identifier() {
    size_t start = pos_;
    while (!at_end() && is_ident_char(peek())) ++pos_;
    return std::string(css_.substr(start, pos_ - start));
  }

  CssComplexSelector complex_selector() {
    CssComplexSelector selector;
    selector.compounds.push_back(compound());
    for (;;) {
      bool spaced = skip_space();
      if (at_end() || peek() == ',') break;
      char combinator = ' ';
      if (peek() == '>' || peek() == '+' || peek() == '~') {
        combinator = peek();
        ++pos_;
        skip_space();
        if (at_end() || peek() == ',') invalid(pos_, std::string("expected a selector after '") + combinator + "'");
      } else if (!spaced) {
        unexpected(pos_);
      }
      selector.combinators.push_back(combinator);
      selector.compounds.push_back(compound());
    }
    return selector;
  }

  CssCompound compound() {
    CssCompound c;
    size_t start = pos_;
    if (peek() == '*') {
      ++pos_;
    } else if (!at_end() && is_ident_char(peek())) {
      if (peek() >= '0' && peek() <= '9') invalid(pos_, "a tag name cannot start with a digit");
      c.name = ascii_lower(identifier());
    }
    if (peek() == '|') unexpected(pos_);
    for (;;) {
      char c0 = peek();
      if (c0 == '#' || c0 == '.') {
        size_t at = pos_++;
        std::string name = identifier();
        if (name.empty()) {
          if (peek() == '\\') unexpected(pos_);
          invalid(at, std::string("expected a name after '") + c0 + "'");
        }
        c.tests.push_back(c0 == '#' ? CssAttributeTest{"id", Op::Equals, name} : CssAttributeTest{"class", Op::Includes, name});
      } else if (c0 == '[') {
        c.tests.push_back(attribute());
      } else {
        break;
      }
    }
    if (pos_ == start) unexpected(pos_);
    return c;
  }

  std::string quoted_value() {
    char quote = peek();
    size_t open = pos_++;
    size_t close = css_.find(quote, pos_);
    if (close == std::string_view::npos) invalid(open, "unclosed quote");
    size_t escape = css_.find('\\', pos_);
    if (escape < close) unexpected(escape);
    std::string value(css_.substr(pos_, close - pos_));
    pos_ = close + 1;
    return value;
  }

  CssAttributeTest attribute() {
    size_t open = pos_++;
    skip_space();
    if (peek() == '|' || peek() == '*') unsupported(pos_, "namespace prefix in an attribute selector");
    std::string name = ascii_lower(identifier());
    if (name.empty()) {
      if (at_end()) invalid(open, "unclosed '['");
      if (peek() == '\\') unexpected(pos_);
      invalid(pos_, "expected an attribute name");
    }
    if (peek() == '|' && peek(1) != '=') unsupported(pos_, "namespace prefix in an attribute selector");
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return {name, Op::Exists, ""};
    }
    std::string op;
    if (peek() == '=') {
      op = "=";
    } else if ((peek() == '~' || peek() == '^' || peek() == '$' || peek() == '*' || peek() == '|') && peek(1) == '=') {
      op = std::string(1, peek()) + "=";
    } else {
      if (at_end()) invalid(open, "unclosed '['");
      invalid(pos_, "expected ']' or one of = ~= ^= $= *= |=");
    }
    pos_ += op.size();
    skip_space();
    std::string value;
    if (peek() == '"' || peek() == '\'') {
      value = quoted_value();
    } else {
      value = identifier();
      if (value.empty()) {
        if (at_end()) invalid(open, "unclosed '['");
        if (peek() == '\\') unexpected(pos_);
        invalid(pos_, "expected a value after '" + op + "'");
      }
    }
    skip_space();
    if (!at_end() && is_ident_char(peek())) unsupported(pos_, "attribute selector flags");
    if (at_end()) invalid(open, "unclosed '['");
    if (peek() != ']') invalid(pos_, "expected ']'");
    ++pos_;
    return attribute_test(name, op, value);
  }

  // CSS says an empty value for the substring operators (and one with spaces for ~=) matches nothing.
  static CssAttributeTest attribute_test(const std::string& name, const std::string& op, const std::string& value) {
    if (op == "=") return {name, Op::Equals, value};
    if (op == "|=") return {name, Op::DashMatch, value};
    if (value.empty()) return {name, Op::Never, value};
    if (op == "~=") {
      for (char c : value) {
        if (is_space(c)) return {name, Op::Never, value};
      }
      return {name, Op::Includes, value};
    }
    if (op == "^=") return {name, Op::Prefix, value};
    if (op == "*=") return {name, Op::Substring, value};
    return {name, Op::Suffix, value};
  }

  std::string_view css_;
  size_t pos_ = 0;
};

// ---- the XPath translation -----------------------------------------------------------------------

std::string attribute_xpath(const CssAttributeTest& test) {
  using Op = CssAttributeTest::Op;
  std::string attr = attribute_ref(test.name);
  std::string lit = xpath_literal(test.value);
  switch (test.op) {
    case Op::Exists: return attr;
    case Op::Equals: return attr + "=" + lit;
    case Op::DashMatch:
      return "(" + attr + "=" + lit + " or starts-with(" + attr + "," + xpath_literal(test.value + "-") + "))";
    case Op::Includes: return token_test(attr, test.value);
    case Op::Prefix: return "starts-with(" + attr + "," + lit + ")";
    case Op::Substring: return "contains(" + attr + "," + lit + ")";
    // XPath 1.0 has no ends-with().
    case Op::Suffix: return "substring(" + attr + ",string-length(" + attr + ")-string-length(" + lit + ")+1)=" + lit;
    case Op::Never: break;
  }
  return "false()";
}

// These append rather than return `"/" + ...`: GCC 12 warns (-Wrestrict), wrongly, on that.
void append_predicates(std::string& out, const CssCompound& c) {
  for (const CssAttributeTest& test : c.tests) {
    out += '[';
    out += attribute_xpath(test);
    out += ']';
  }
}

void append_step(std::string& out, const CssCompound& c) {
  out += element_test(c.name);
  append_predicates(out, c);
}

void append_combined(std::string& out, char combinator, const CssCompound& c) {
  switch (combinator) {
    case '>':
      out += '/';
      break;
    case '~':
      out += "/following-sibling::";
      break;
    case '+':
      // The next element sibling, whatever it is, must then be the one described.
      out += "/following-sibling::*[1]";
      if (c.name != "*") {
        out += "[self::";
        out += element_test(c.name);
        out += ']';
      }
      append_predicates(out, c);
      return;
    default:
      out += "/descendant::";
      break;
  }
  append_step(out, c);
}

std::string xpath_of(const CssSelectorList& list) {
  std::string xpath;
  for (const CssComplexSelector& selector : list) {
    if (!xpath.empty()) xpath += " | ";
    xpath += "descendant-or-self::";
    append_step(xpath, selector.compounds.front());
    for (size_t i = 1; i < selector.compounds.size(); ++i) {
      append_combined(xpath, selector.combinators[i - 1], selector.compounds[i]);
    }
  }
  return xpath;
}

// ---- libxml2 -------------------------------------------------------------------------------------

struct CompExprFree {
  void operator()(xmlXPathCompExpr* e) const { xmlXPathFreeCompExpr(e); }
};
struct ContextFree {
  void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
};
struct ObjectFree {
  void operator()(xmlXPathObject* o) const { xmlXPathFreeObject(o); }
};
struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using CompExprPtr = std::unique_ptr<xmlXPathCompExpr, CompExprFree>;
using ContextPtr = std::unique_ptr<xmlXPathContext, ContextFree>;
using ObjectPtr = std::unique_ptr<xmlXPathObject, ObjectFree>;
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

std::string trimmed(std::string s) {
  while (!s.empty() && is_space(s.back())) s.pop_back();
  return s;
}

// libxml2 prints errors to stderr unless told otherwise. While one of these lives, this thread's
// libxml2 messages are collected here instead (libxml2 keeps its handlers per thread), and the
// previous handlers come back afterwards.
class ErrorCapture {
 public:
  ErrorCapture()
      : old_generic_(xmlGenericError),
        old_generic_context_(xmlGenericErrorContext),
        old_structured_(xmlStructuredError),
        old_structured_context_(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(this, &ErrorCapture::on_generic);
    xmlSetStructuredErrorFunc(this, &ErrorCapture::on_structured);
  }
  ~ErrorCapture() {
    xmlSetGenericErrorFunc(old_generic_context_, old_generic_);
    xmlSetStructuredErrorFunc(old_structured_context_, old_structured_);
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // Both are called from C: nothing may be thrown through libxml2's frames.
  static void on_structured(void* self, xmlErrorPtr error) noexcept {
    auto* capture = static_cast<ErrorCapture*>(self);
    if (!error || !error->message || !capture->message_.empty()) return;
    try {
      capture->message_ = trimmed(error->message);
    } catch (...) {  // out of memory: the error is still reported, without its text
    }
    if (error->domain == XML_FROM_XPATH && error->str1) capture->column_ = error->int1 + 1;
  }

  static void on_generic(void* self, const char* format, ...) noexcept {
    char buffer[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    auto* capture = static_cast<ErrorCapture*>(self);
    try {
      capture->generic_ += buffer;
    } catch (...) {
    }
  }

  /// The first error, with "at column N" when asked and libxml2 gave a position (parse errors),
  /// and libxml2's free-form detail in parentheses; empty when nothing was reported.
  std::string message(bool with_column) const {
    std::string detail = trimmed(generic_);
    if (message_.empty()) return detail;
    std::string out = message_;
    if (with_column && column_ > 0) out += " at column " + std::to_string(column_);
    if (!detail.empty()) out += " (" + detail + ")";
    return out;
  }

 private:
  xmlGenericErrorFunc old_generic_;
  void* old_generic_context_;
  xmlStructuredErrorFunc old_structured_;
  void* old_structured_context_;
  std::string message_;
  std::string generic_;
  int column_ = 0;
};

// No per-context error callback: libxml2 hands those an xmlError without its message, while
// the thread's structured handler (an ErrorCapture) gets the full one.
ContextPtr new_context(xmlDoc* doc) {
  ContextPtr context(xmlXPathNewContext(doc));
  if (!context) throw std::bad_alloc();
  if (doc) context->node = reinterpret_cast<xmlNode*>(doc);
  return context;
}

/// Compiles `xpath`; on failure returns null and sets `error`.
CompExprPtr compile_xpath(const std::string& xpath, std::string& error) {
  ensure_libxml_initialized();
  ErrorCapture capture;
  ContextPtr context = new_context(nullptr);
  CompExprPtr compiled(xmlXPathCtxtCompile(context.get(), reinterpret_cast<const xmlChar*>(xpath.c_str())));
  if (!compiled) {
    error = capture.message(true);
    if (error.empty()) error = "does not compile";
  }
  return compiled;
}

const char* result_kind(xmlXPathObjectType type) {
  switch (type) {
    case XPATH_BOOLEAN:
      return "a boolean";
    case XPATH_NUMBER:
      return "a number";
    case XPATH_STRING:
      return "a string";
    default:
      return "something other than nodes";
  }
}

/// Evaluates with the document node as context; on failure returns false and sets `error`.
bool evaluate(xmlXPathCompExpr* compiled, xmlDoc* doc, std::vector<xmlNode*>& nodes, std::string& error) {
  ErrorCapture capture;
  ContextPtr context = new_context(doc);
  ObjectPtr result(xmlXPathCompiledEval(compiled, context.get()));
  if (!result) {
    std::string message = capture.message(false);
    error = "evaluation failed" + (message.empty() ? std::string() : ": " + message);
    return false;
  }
  if (result->type != XPATH_NODESET) {
    error = std::string("yields ") + result_kind(result->type) + ", not elements";
    return false;
  }
  nodes.clear();
  if (xmlNodeSet* set = result->nodesetval) {
    xmlXPathNodeSetSort(set);
    for (int i = 0; i < set->nodeNr; ++i) {
      // Namespace nodes in a result are copies that die with it; they are no part of the page.
      if (set->nodeTab[i]->type != XML_NAMESPACE_DECL) nodes.push_back(set->nodeTab[i]);
    }
  }
  return true;
}

// A small page to try a freshly compiled XPath on, so that expressions that can never select
// nodes ("count(//p)", unknown functions) fail when the rules are loaded, not on every page.
DocPtr probe_document() {
  DocPtr doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  if (!doc) throw std::bad_alloc();
  auto add = [&doc](xmlNode* parent, const char* name) {
    xmlNode* node = xmlNewDocNode(doc.get(), nullptr, reinterpret_cast<const xmlChar*>(name), nullptr);
    if (!node) throw std::bad_alloc();
    if (parent) {
      xmlAddChild(parent, node);
    } else {
      xmlDocSetRootElement(doc.get(), node);
    }
    return node;
  };
  xmlNode* html = add(nullptr, "html");
  add(html, "head");
  xmlNode* body = add(html, "body");
  xmlNode* div = add(body, "div");
  xmlNewProp(div, reinterpret_cast<const xmlChar*>("id"), reinterpret_cast<const xmlChar*>("main"));
  xmlNewProp(div, reinterpret_cast<const xmlChar*>("class"), reinterpret_cast<const xmlChar*>("story"));
  xmlNode* p = add(div, "p");
  xmlAddChild(p, xmlNewDocText(doc.get(), reinterpret_cast<const xmlChar*>("text")));
  return doc;
}

}  // namespace

// ---- public --------------------------------------------------------------------------------------

void ensure_libxml_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

SelectorError::SelectorError(std::string selector, std::string reason)
    : std::runtime_error("selector '" + selector + "': " + reason), selector_(std::move(selector)), reason_(std::move(reason)) {}

SelectorError::SelectorError(std::string message, std::string selector, std::string reason)
    : std::runtime_error(message), selector_(std::move(selector)), reason_(std::move(reason)) {}

std::string css_to_xpath(std::string_view css) { return xpath_of(CssTranslator(css).parse()); }

// libxml2 caches the function a call resolves to inside the compiled expression on its first
// evaluation, so one compiled expression must not be evaluated by two threads at once. Each
// concurrent evaluation borrows its own copy; copies are kept for reuse, at most one per thread
// that ever evaluated at the same time.
struct Selector::Impl {
  std::string text;
  std::string xpath;
  std::optional<CssSelectorList> css;  // for CSS selectors, which are matched without the XPath
  std::mutex mutex;
  std::vector<CompExprPtr> idle;

  CompExprPtr borrow() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        CompExprPtr compiled = std::move(idle.back());
        idle.pop_back();
        return compiled;
      }
    }
    std::string error;
    CompExprPtr compiled = compile_xpath(xpath, error);
    if (!compiled) throw SelectorError(text, error);
    return compiled;
  }

  void give_back(CompExprPtr compiled) {
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(std::move(compiled));
  }
};

Selector::Selector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;
Selector::~Selector() = default;

const std::string& Selector::text() const { return impl_->text; }
const std::string& Selector::xpath() const { return impl_->xpath; }
bool Selector::is_css() const { return impl_->css.has_value(); }

std::vector<NodeId> Selector::match(const Dom& dom) const {
  if (!impl_->css) throw std::logic_error("Selector::match on the XPath selector '" + impl_->text + "'");
  return match_css(dom, *impl_->css);
}

Selector Selector::compile(std::string_view text) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  size_t first = text.find_first_not_of(" \t\r\n\f");
  if (first == std::string_view::npos) throw SelectorError(impl->text, "empty selector");
  std::string_view body = text.substr(first);
  bool xpath = body[0] == '/' || body[0] == '(' || body.substr(0, 2) == "./";
  if (xpath) {
    impl->xpath = std::string(body);
  } else {
    try {
      impl->css = CssTranslator(text).parse();
      impl->xpath = xpath_of(*impl->css);
    } catch (const SelectorError& e) {
      // "count(//p)" or "div/p" were meant as XPath: say how XPath is told apart.
      if (body.find('/') == std::string_view::npos && body.find('@') == std::string_view::npos) throw;
      throw SelectorError(e.selector(), e.reason() + " (XPath selectors start with '/', '(' or './')");
    }
  }

  std::string error;
  CompExprPtr compiled = compile_xpath(impl->xpath, error);
  if (!compiled) {
    throw SelectorError(impl->text, xpath ? "invalid XPath: " + error
                                          : "its XPath translation " + impl->xpath + " does not compile: " + error);
  }
  DocPtr probe = probe_document();
  std::vector<xmlNode*> ignored;
  if (!evaluate(compiled.get(), probe.get(), ignored, error)) {
    throw SelectorError(impl->text, error);
  }
  impl->idle.push_back(std::move(compiled));
  return Selector(std::move(impl));
}

std::vector<xmlNode*> Selector::select(xmlDoc* doc) const {
  CompExprPtr compiled = impl_->borrow();
  std::vector<xmlNode*> nodes;
  std::string error;
  bool ok = evaluate(compiled.get(), doc, nodes, error);
  impl_->give_back(std::move(compiled));
  if (!ok) throw SelectorError(impl_->text, error);
  return nodes;
}

}  // namespace winnow::clean
