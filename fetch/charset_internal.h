// Pieces of charset decoding that tests exercise one by one; not part of the fetch API.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace winnow::fetch::charset_internal {

/// An encoding we can decode: the name we report and the ICU converter that decodes it.
struct Encoding {
  const char* name;      // canonical (WHATWG) name, e.g. "windows-1252"
  const char* icu_name;  // ICU converter name
};

/// Maps a charset label ("latin1", " UTF8 ", "ks_c_5601-1987") to its encoding, per the spirit
/// of the WHATWG Encoding labels table; nullopt for labels we do not know.
std::optional<Encoding> lookup_label(std::string_view label);

/// The charset parameter of a Content-Type value, unquoted; empty when there is none.
std::string charset_from_content_type(std::string_view content_type);

/// The charset a `<meta charset>` or `<meta http-equiv="Content-Type" content=...>` in the
/// first bytes of an HTML document declares, per the HTML prescan; nullopt when none is found or
/// the label is unknown. A declared UTF-16 means UTF-8 (the bytes were parsed as ASCII).
std::optional<Encoding> prescan_meta_charset(std::string_view bytes);

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Every encoding lookup_label can return, for tests that check each one opens in ICU.
std::span<const Encoding> all_encodings();

}  // namespace winnow::fetch::charset_internal
