// libxml2 reading, bounded gunzip and '&' repair for the sitemap and feed parsers.

#include "fetch/sitemap_internal.h"

#include <libxml/parser.h>
#include <zlib.h>

#include <cctype>
#include <climits>
#include <mutex>
#include <vector>

#include "fetch/url.h"

namespace winnow::fetch {

namespace xml {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string too_large(std::size_t max_bytes, bool gunzipped) {
  return "larger than " + std::to_string(max_bytes) + " bytes" + (gunzipped ? " after gunzip" : "");
}

// Inflates every gzip member of `body` into `out`, refusing to grow past `max_bytes`: a gzip bomb
// costs at most the cap plus one chunk. Returns an error message, empty on success.
std::string gunzip(std::string_view body, std::size_t max_bytes, std::string& out) {
  if (body.size() > UINT_MAX) return too_large(UINT_MAX, false);
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "cannot initialise zlib";
  struct End {
    z_stream* s;
    ~End() { inflateEnd(s); }
  } end{&stream};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  std::vector<Bytef> chunk(64 * 1024);
  for (;;) {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    int status = inflate(&stream, Z_NO_FLUSH);
    std::size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_bytes) return too_large(max_bytes, true);
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (status == Z_STREAM_END) {
      // Another member may follow; zero padding or other trailing bytes are ignored.
      if (!is_gzip(std::string_view(reinterpret_cast<const char*>(stream.next_in), stream.avail_in))) return {};
      inflateReset(&stream);
      continue;
    }
    if (status == Z_MEM_ERROR) return "out of memory while gunzipping";
    if (status != Z_OK && status != Z_BUF_ERROR) {
      return std::string("corrupt gzip data (") + (stream.msg ? stream.msg : "bad stream") + ")";
    }
    if (stream.avail_in == 0 && stream.avail_out != 0) return "truncated gzip data";
  }
}

bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

bool is_name_char(unsigned char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Whether `s` (starting at '&') is a character reference, or a reference to an entity the
// document can know: any name when it has a DOCTYPE, else only XML's five.
bool starts_reference(std::string_view s, bool has_doctype) {
  std::size_t i = 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    bool hex = i < s.size() && s[i] == 'x';
    if (hex) ++i;
    std::size_t digits = i;
    while (i < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) != 0
                                : (s[i] >= '0' && s[i] <= '9'))) {
      ++i;
    }
    return i > digits && i < s.size() && s[i] == ';';
  }
  if (i >= s.size() || !is_name_start(static_cast<unsigned char>(s[i]))) return false;
  while (i < s.size() && is_name_char(static_cast<unsigned char>(s[i]))) ++i;
  if (i >= s.size() || s[i] != ';') return false;
  if (has_doctype) return true;
  std::string_view name = s.substr(1, i - 1);
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

void on_reader_error(void* context, xmlErrorPtr error) noexcept {
  auto* message = static_cast<std::string*>(context);
  if (error == nullptr || error->message == nullptr || !message->empty()) return;
  try {
    std::string text = error->message;
    while (!text.empty() && is_space(text.back())) text.pop_back();
    *message = "malformed XML at line " + std::to_string(error->line) + ": " + text;
  } catch (...) {  // out of memory: nothing may be thrown through libxml2's frames
  }
}

bool is_text_node(const xmlNode* node) {
  return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

void append_capped(std::string& out, const xmlChar* text, std::size_t max_bytes) {
  if (text == nullptr || out.size() >= max_bytes) return;
  std::string_view piece(reinterpret_cast<const char*>(text));
  std::size_t take = std::min(piece.size(), max_bytes - out.size());
  if (take < piece.size()) {
    while (take > 0 && (static_cast<unsigned char>(piece[take]) & 0xC0) == 0x80) --take;
  }
  out.append(piece.substr(0, take));
}

}  // namespace

Unpacked unpack_body(std::string_view body, std::size_t max_bytes) {
  Unpacked out;
  if (!is_gzip(body)) {
    if (body.size() > max_bytes) {
      out.error = too_large(max_bytes, false);
    } else {
      out.text = body;
    }
    return out;
  }
  out.error = gunzip(body, max_bytes, out.inflated);
  if (out.error.empty()) {
    out.text = out.inflated;
  } else {
    out.inflated.clear();
  }
  return out;
}

std::optional<std::string> escape_stray_ampersands(std::string_view xml) {
  if (xml.find('&') == std::string_view::npos) return std::nullopt;
  // Inserting single bytes would corrupt UTF-16 and UTF-32 text.
  if (xml.substr(0, 4).find('\0') != std::string_view::npos) return std::nullopt;
  if (xml.starts_with("\xFF\xFE") || xml.starts_with("\xFE\xFF")) return std::nullopt;
  const bool has_doctype = xml.find("<!DOCTYPE") != std::string_view::npos;
  std::string out;
  std::size_t copied = 0;
  std::size_t i = 0;
  while ((i = xml.find_first_of("<&", i)) != std::string_view::npos) {
    std::string_view rest = xml.substr(i);
    if (rest.front() == '<') {
      std::string_view close;
      if (rest.starts_with("<!--")) close = "-->";
      else if (rest.starts_with("<![CDATA[")) close = "]]>";
      else if (rest.starts_with("<?")) close = "?>";
      if (close.empty()) {
        ++i;
        continue;
      }
      std::size_t end = xml.find(close, i + 2);
      if (end == std::string_view::npos) break;
      i = end + close.size();
      continue;
    }
    if (!starts_reference(rest, has_doctype)) {
      if (out.empty()) out.reserve(xml.size() + 256);
      out.append(xml.substr(copied, i - copied));
      out += "&amp;";
      copied = i + 1;
    }
    ++i;
  }
  if (copied == 0) return std::nullopt;
  out.append(xml.substr(copied));
  return out;
}

int safe_parse_options(bool decoded_utf8) {
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  if (decoded_utf8) options |= XML_PARSE_IGNORE_ENC;
  return options;
}

void ensure_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

DocPtr read_document(std::string_view xml, std::string_view url, bool decoded_utf8, std::string& error) {
  ensure_libxml();
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) {
    error = too_large(INT_MAX, false);
    return nullptr;
  }
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> context(xmlNewParserCtxt(), &xmlFreeParserCtxt);
  if (!context) {
    error = "out of memory";
    return nullptr;
  }
  std::string doc_url(url);
  DocPtr doc(xmlCtxtReadMemory(context.get(), xml.data(), static_cast<int>(xml.size()),
                               doc_url.empty() ? nullptr : doc_url.c_str(), nullptr,
                               safe_parse_options(decoded_utf8) | XML_PARSE_RECOVER));
  if (!doc || !context->wellFormed) {
    std::string message;
    on_reader_error(&message, &context->lastError);
    error = message.empty() ? "malformed XML" : message;
  }
  return doc;
}

ReaderPtr open_reader(std::string_view xml, std::string_view url, bool decoded_utf8, std::string& error) {
  ensure_libxml();
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) {
    error = too_large(INT_MAX, false);
    return nullptr;
  }
  std::string doc_url(url);
  ReaderPtr reader(xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()),
                                      doc_url.empty() ? nullptr : doc_url.c_str(), nullptr,
                                      safe_parse_options(decoded_utf8)));
  if (!reader) {
    error = "out of memory";
    return nullptr;
  }
  xmlTextReaderSetStructuredErrorHandler(reader.get(), &on_reader_error, &error);
  return reader;
}

RootElement root_element(std::string_view xml, bool decoded_utf8) {
  // A recovering parse of the start: a streaming reader gives up on small documents that are
  // broken anywhere, and only the root's name is wanted.
  constexpr std::size_t kPrefixBytes = 64 * 1024;
  RootElement root;
  std::string error;
  DocPtr doc = read_document(xml.substr(0, kPrefixBytes), {}, decoded_utf8, error);
  const xmlNode* node = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (node == nullptr) {
    root.error = error.empty() ? "no root element" : error;
    return root;
  }
  root.name = local_name(node);
  root.ns = namespace_uri(node);
  return root;
}

std::string node_text(const xmlNode* node, std::size_t max_bytes) {
  std::string out;
  const xmlNode* current = node->children;
  while (current != nullptr && out.size() < max_bytes) {
    if (is_text_node(current)) append_capped(out, current->content, max_bytes);
    // Entity references are not entered: their content is what must never be expanded.
    if (current->type == XML_ELEMENT_NODE && current->children != nullptr) {
      current = current->children;
      continue;
    }
    while (current != node && current->next == nullptr) current = current->parent;
    if (current == node) break;
    current = current->next;
  }
  return out;
}

std::string attribute(const xmlNode* node, const char* name, const char* ns) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (!xmlStrEqual(a->name, reinterpret_cast<const xmlChar*>(name))) continue;
    if (ns != nullptr && (a->ns == nullptr || !xmlStrEqual(a->ns->href, reinterpret_cast<const xmlChar*>(ns)))) continue;
    std::string value;
    for (const xmlNode* child = a->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE) append_capped(value, child->content, 2 * kMaxUrlBytes);
    }
    return value;
  }
  return {};
}

std::string_view local_name(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return reinterpret_cast<const char*>(node->name);
}

std::string_view namespace_uri(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->ns == nullptr || node->ns->href == nullptr) return {};
  return reinterpret_cast<const char*>(node->ns->href);
}

std::string base_url(const xmlNode* node, std::string_view doc_url) {
  std::vector<std::string> bases;  // innermost first
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    std::string value = attribute(n, "base", reinterpret_cast<const char*>(XML_XML_NAMESPACE));
    if (!value.empty()) bases.push_back(std::move(value));
  }
  std::string base(doc_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (std::optional<std::string> resolved = resolve_link(base, {}, *it)) base = std::move(*resolved);
  }
  return base;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) {
    s.remove_prefix(3);
  } else if (s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF")) {
    s.remove_prefix(2);
  }
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  for (char c : text) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

}  // namespace xml

}  // namespace winnow::fetch
