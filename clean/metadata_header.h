// The page's metadata written above its text: `winnow clean --with-metadata` and the Python
// module's with_metadata=True. Fields and names are those of the JSON output (store::to_json);
// empty ones are left out, never invented, and page_type is always there.
#pragma once

#include <string>
#include <string_view>

#include "clean/cleaner.h"

namespace winnow::clean {

/// A header for text output: one "key: value" a line, then a blank line. Values are on one
/// line (line breaks and other control characters become spaces); tags and categories are
/// joined with ", ". `source` (the input's path) is written when the page has no URL.
std::string text_metadata_header(const Article& article, std::string_view source = {});

/// A YAML front-matter block for Markdown output: "---", one "key: value" a line, "---", then
/// a blank line. Every string is a double-quoted YAML scalar (yaml_quoted), tags and
/// categories flow sequences of them, so no title can break out of its value.
std::string markdown_front_matter(const Article& article, std::string_view source = {});

/// `text` as a YAML double-quoted scalar: '"' and '\' escaped, control characters (C0, DEL,
/// C1), U+2028, U+2029 and U+FEFF written as \n, \t, \xNN or \uNNNN escapes; an invalid UTF-8
/// byte becomes \uFFFD. The result is valid in YAML 1.1 and 1.2.
std::string yaml_quoted(std::string_view text);

}  // namespace winnow::clean
