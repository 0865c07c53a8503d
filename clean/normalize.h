// Text normalization (DESIGN.md): NFC, whitespace collapsed, invisible characters dropped.
#pragma once

#include <string>
#include <string_view>

namespace winnow::clean {

/// Appends `raw` to `out`, collapsing whitespace runs (including U+00A0 and other Unicode
/// spaces) to one space and dropping zero-width and soft-hyphen characters. `pending_space`
/// carries a collapsed space across calls, so a block can be assembled from many text nodes;
/// a space is only written once a non-space character follows, and never at the start of `out`.
void append_collapsed(std::string& out, std::string_view raw, bool& pending_space);

/// Collapses whitespace in `raw` and trims it (append_collapsed on an empty string).
std::string collapse_whitespace(std::string_view raw);

/// Returns `text` in Unicode NFC. Valid UTF-8 in, valid UTF-8 out; ASCII returns at once.
std::string to_nfc(std::string text);

/// Number of words: runs of letters/digits separated by anything else, except that each CJK
/// ideograph, kana or Hangul syllable block run counts per character for ideographs and kana.
std::size_t count_words(std::string_view text);

/// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes yield U+FFFD and advance 1.
char32_t next_code_point(std::string_view s, std::size_t& i);

}  // namespace winnow::clean
