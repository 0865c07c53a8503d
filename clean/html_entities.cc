#include "clean/html_entities.h"

#include <cstdint>
#include <utility>

namespace winnow::clean {
namespace {

constexpr size_t kMaxReferenceChars = 10;  // "&#x1F600;" and the longest name below fit

constexpr std::pair<std::string_view, char32_t> kNamed[] = {
    {"amp", U'&'},      {"quot", U'"'},     {"apos", U'\''},    {"lt", U'<'},
    {"gt", U'>'},       {"nbsp", U'\u00A0'}, {"ndash", U'\u2013'}, {"mdash", U'\u2014'},
    {"lsquo", U'\u2018'}, {"rsquo", U'\u2019'}, {"ldquo", U'\u201C'}, {"rdquo", U'\u201D'},
    {"hellip", U'\u2026'}, {"laquo", U'\u00AB'}, {"raquo", U'\u00BB'}, {"middot", U'\u00B7'},
    {"bull", U'\u2022'},  {"copy", U'\u00A9'}, {"reg", U'\u00AE'},  {"trade", U'\u2122'}};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// The code point of the reference `ref` (between '&' and ';'), or 0.
char32_t reference_value(std::string_view ref) {
  if (ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x' || ref[1] == 'X';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t v = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9' ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) return 0;
      v = v * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    // No controls, surrogates or values past Unicode.
    if (v < 0x20 || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) return 0;
    return v;
  }
  for (const auto& [name, c] : kNamed) {
    if (ref == name) return c;
  }
  return 0;
}

}  // namespace

std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      size_t semi = text.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i - 1 <= kMaxReferenceChars) {
        if (char32_t c = reference_value(text.substr(i + 1, semi - i - 1)); c != 0) {
          append_utf8(out, c);
          i = semi + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace winnow::clean
