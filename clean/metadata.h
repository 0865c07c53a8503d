// Page metadata extraction: JSON-LD, OpenGraph/Twitter/<meta>, microdata, then visible hints.
// Internal to clean/; clean_html() fills Article::meta with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "clean/date_parse.h"  // parse_date, used by callers of this header
#include "clean/dom.h"

namespace winnow::clean {

/// What the page's JSON-LD holds besides metadata, for the cleaner.
struct LdText {
  std::string article_body;         // the article's articleBody, line breaks kept
  std::string product_description;  // the product's description
  std::vector<std::string> types;   // every @type, nested objects' too
};

/// Extracts page metadata from head and body. `url` may be empty. When `ld` is given, it receives
/// the JSON-LD texts and types (empty when the page has none).
Metadata extract_metadata(const Dom& dom, std::string_view url, LdText* ld = nullptr);

/// Removes a site-name suffix or prefix (" - Site", " | Site", " — Site", " :: Site", "Site: ")
/// from a title. With an empty `site_name`, strips only a short part behind a strong separator
/// (" | ", " :: ", " · ", " • ", " » ", " // "), never behind a plain dash.
std::string strip_title_site_name(std::string_view title, std::string_view site_name);

/// Resolves `ref` against `base` (RFC 3986). Returns `ref` unchanged when it cannot be resolved.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace winnow::clean
