// What the sitemap and feed parsers share: bounded gunzip, the repair of raw '&' in XML, and
// libxml2 reading that never loads anything and never expands an entity. Internal to fetch/.
//
// Entity safety: documents are read with XML_PARSE_NONET and without XML_PARSE_NOENT,
// XML_PARSE_DTDLOAD or XML_PARSE_HUGE, so libxml2 neither substitutes entities nor loads external
// ones, and its amplification check halts documents whose entities nest exponentially. Text and
// attribute values are then taken from text nodes only: an entity reference node (all that a
// declared entity leaves in the tree) contributes nothing. libxml2's own xmlNodeGetContent,
// xmlGetProp and xmlNodeGetBase would expand those references, so they are not used.
#pragma once

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace winnow::fetch::xml {

/// The body as text: `body` itself, or its gunzipped bytes when it starts with the gzip magic.
/// Past `max_bytes` (after gunzip) or on corrupt gzip data, `error` says why and the text is
/// empty.
struct Unpacked {
  std::string inflated;   // holds the bytes when they were gunzipped
  std::string_view text;  // the bytes to parse
  std::string error;
};
Unpacked unpack_body(std::string_view body, std::size_t max_bytes);

/// `xml` with every '&' that starts no reference written as "&amp;" (and, in documents without
/// a DOCTYPE, references to entities XML does not predefine, such as "&nbsp;" or "&copy=2" in a
/// query string). nullopt when nothing needed escaping. Comments, CDATA sections and processing
/// instructions are left alone; UTF-16 documents too.
std::optional<std::string> escape_stray_ampersands(std::string_view xml);

/// libxml2 options for everything read from the network.
int safe_parse_options(bool decoded_utf8);

/// Initializes libxml2 once per process (its global state is not thread-safe to set up).
void ensure_libxml();

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

/// A whole document, recovered as far as libxml2 can when it is not well-formed. `error` holds
/// libxml2's first complaint (empty when the document is well-formed); the document is null
/// only when nothing could be read.
DocPtr read_document(std::string_view xml, std::string_view url, bool decoded_utf8, std::string& error);

struct ReaderFree {
  void operator()(xmlTextReader* reader) const { xmlFreeTextReader(reader); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderFree>;

/// A streaming reader over `xml` (which must outlive it); libxml2's first error goes to `error`,
/// which must outlive the reader too.
ReaderPtr open_reader(std::string_view xml, std::string_view url, bool decoded_utf8, std::string& error);

/// The root element's local name and namespace URI, read with a streaming reader; empty name
/// (and `error` set) when there is none.
struct RootElement {
  std::string name, ns, error;
};
RootElement root_element(std::string_view xml, bool decoded_utf8);

/// Descendant text of `node` (text and CDATA nodes only), at most `max_bytes`.
std::string node_text(const xmlNode* node, std::size_t max_bytes);
/// Value of the attribute with this local name (any namespace unless `ns` is given), from its
/// text nodes only; empty when absent.
std::string attribute(const xmlNode* node, const char* name, const char* ns = nullptr);
/// Local name of an element, "" for others.
std::string_view local_name(const xmlNode* node);
/// Namespace URI of an element, "" when it has none.
std::string_view namespace_uri(const xmlNode* node);
/// The URL relative references in `node` resolve against: `doc_url` with the xml:base
/// attributes of `node` and its ancestors applied from the outermost in.
std::string base_url(const xmlNode* node, std::string_view doc_url);

/// ASCII whitespace trimmed from both ends.
std::string_view trim(std::string_view text);
/// `text` without a leading byte-order mark and whitespace.
std::string_view skip_bom_and_space(std::string_view text);
/// ASCII whitespace trimmed from both ends; inner runs of whitespace become one space.
std::string collapse_whitespace(std::string_view text);

}  // namespace winnow::fetch::xml
