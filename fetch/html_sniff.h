// Telling HTML from what is not, by its bytes: `winnow clean` refuses a binary, an archive or a
// plain text file instead of calling it an article (an ELF binary came out as 17 919 words).
// A URL's media type is judged by is_html_type (fetch/fetcher.h); this looks at the body.
#pragma once

#include <string>
#include <string_view>

namespace winnow::fetch {

/// What the bytes are when they are no page: "ELF executable", "PDF document", "PNG image",
/// "zip archive" ... by their magic number (gzip is unpacked before: a gzip inside it is "gzip
/// data"), "binary data (NUL bytes)" when the first 8 KiB hold a NUL byte (as git and grep tell
/// binaries; UTF-16 text, which has a NUL beside each ASCII character, is exempt), else "".
std::string binary_kind(std::string_view bytes);

/// True when the text holds at least one HTML or XML tag: "<name" followed by a space, '>' or
/// '/', "</name", "<!" (a doctype or a comment) or "<?". "a < b" and "x<3" are no tags.
bool has_markup(std::string_view text);

/// Why the input is not a page to clean, as not_html_message writes it for a media type ("not
/// HTML (ELF executable)", "not HTML (text without markup)"), or "" when it is one. `bytes` is
/// the input as read (gzip unpacked), `utf8` the same decoded. Empty or blank input passes: it
/// is an empty page, not another kind of file.
std::string not_html_reason(std::string_view bytes, std::string_view utf8);

}  // namespace winnow::fetch
