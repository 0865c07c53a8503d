#include "clean/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>

namespace winnow::clean {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(i + static_cast<std::size_t>(k));
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

namespace {

bool is_collapsible_space(char32_t cp) {
  switch (cp) {
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// ZWNJ and ZWJ (U+200C/D) stay: Persian, Urdu, Indic scripts and emoji sequences need them.
bool is_invisible(char32_t cp) {
  return cp == 0x00AD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x200E ||
         cp == 0x200F;
}

}  // namespace

void append_collapsed(std::string& out, std::string_view raw, bool& pending_space) {
  std::size_t i = 0;
  while (i < raw.size()) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c < 0x80) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        pending_space = true;
      } else if (c >= 0x20 && c != 0x7F) {
        if (pending_space && !out.empty() && out.back() != ' ') out.push_back(' ');
        pending_space = false;
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::size_t start = i;
    char32_t cp = next_code_point(raw, i);
    if (is_collapsible_space(cp)) {
      pending_space = true;
    } else if (!is_invisible(cp) && !(cp >= 0x80 && cp < 0xA0)) {
      if (pending_space && !out.empty() && out.back() != ' ') out.push_back(' ');
      pending_space = false;
      if (cp == 0xFFFD && i - start == 1) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(raw.data() + start, i - start);
      }
    }
  }
}

std::string collapse_whitespace(std::string_view raw) {
  std::string out;
  bool pending = false;
  append_collapsed(out, raw, pending);
  return out;
}

std::string to_nfc(std::string text) {
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  if (nfc->quickCheck(u, status) == UNORM_YES && U_SUCCESS(status)) return text;
  status = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfc->normalize(u, status);
  if (U_FAILURE(status)) return text;
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

namespace {

// Scripts written without spaces between words: each character is counted as a word.
bool is_counted_per_character(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||   // hiragana, katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x2FFFF) ||  // CJK extensions B-F
         (cp >= 0x0E00 && cp <= 0x0E7F);     // Thai
}

// What an ASCII character does to a word: what ICU's u_isalnum answers for it (no ASCII
// character is a combining mark), in a table, because most text is ASCII and ICU's lookup costs
// a call per character. As bits, for arithmetic without branches: letters and spaces alternate
// too irregularly for branches to be predicted.
constexpr uint8_t kInWord = 1;  // a letter or a digit
constexpr uint8_t kJoins = 2;   // an apostrophe or a hyphen, which words go on across

constexpr std::array<uint8_t, 128> ascii_roles() {
  std::array<uint8_t, 128> roles{};
  for (int c = 0; c < 128; ++c) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    roles[static_cast<size_t>(c)] = alnum ? kInWord : (c == '\'' || c == '-') ? kJoins : 0;
  }
  return roles;
}
constexpr std::array<uint8_t, 128> kAsciiRoles = ascii_roles();

}  // namespace

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  unsigned in_word = 0;  // 0 or 1
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      unsigned role = kAsciiRoles[c];
      unsigned in = role & kInWord, joins = (role & kJoins) >> 1;
      words += in & (in_word ^ 1);
      in_word = in | (joins & in_word);
      continue;
    }
    char32_t cp = next_code_point(text, i);
    if (is_counted_per_character(cp)) {
      ++words;
      in_word = 0;
    } else if (u_isalnum(static_cast<UChar32>(cp)) || u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK ||
               u_charType(static_cast<UChar32>(cp)) == U_COMBINING_SPACING_MARK) {
      if (!in_word) ++words;
      in_word = 1;
    } else if (cp == '\'' || cp == 0x2019 || cp == '-') {
      // apostrophes and hyphens join: "don't", "well-known" are one word each
    } else {
      in_word = 0;
    }
  }
  return words;
}

}  // namespace winnow::clean
