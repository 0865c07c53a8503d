#include "clean/normalize.h"

#include <unicode/uchar.h>

#include <catch2/catch.hpp>
#include <string>

using namespace winnow::clean;

TEST_CASE("collapse_whitespace collapses and trims, including Unicode spaces") {
  CHECK(collapse_whitespace("  a \n\t b  ") == "a b");
  CHECK(collapse_whitespace("a\xC2\xA0\xC2\xA0" "b") == "a b");        // no-break spaces
  CHECK(collapse_whitespace("a\xE3\x80\x80" "b") == "a b");            // ideographic space
  CHECK(collapse_whitespace("") == "");
  CHECK(collapse_whitespace(" \n ") == "");
}

TEST_CASE("collapse_whitespace drops invisible characters but keeps joiners") {
  CHECK(collapse_whitespace("soft\xC2\xADhyphen") == "softhyphen");
  CHECK(collapse_whitespace("zero\xE2\x80\x8Bwidth") == "zerowidth");
  CHECK(collapse_whitespace("\xEF\xBB\xBFstart") == "start");
  // ZWNJ is part of Persian and Urdu spelling
  CHECK(collapse_whitespace("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE") == "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE");
}

TEST_CASE("append_collapsed carries a pending space across text nodes") {
  std::string out;
  bool pending = false;
  append_collapsed(out, "one ", pending);
  append_collapsed(out, "  two", pending);
  append_collapsed(out, "three ", pending);
  CHECK(out == "one twothree");
  CHECK(pending);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, never a crash") {
  CHECK(collapse_whitespace("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(collapse_whitespace("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("to_nfc composes decomposed characters") {
  CHECK(to_nfc("e\xCC\x81") == "\xC3\xA9");        // e + combining acute -> é
  CHECK(to_nfc("plain ascii") == "plain ascii");
  CHECK(to_nfc("\xC3\xA9") == "\xC3\xA9");
}

TEST_CASE("count_words counts scripts with and without spaces") {
  CHECK(count_words("Hello, world!") == 2);
  CHECK(count_words("don't stop well-known") == 3);
  CHECK(count_words("한국어 뉴스") == 2);
  CHECK(count_words("北朝鲜外相") == 5);
  CHECK(count_words("") == 0);
}

namespace {

// count_words as it was before its ASCII table: ICU on every character. The table must agree.
std::size_t count_words_by_icu(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = next_code_point(text, i);
    bool per_character = (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                         (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0x0E00 && cp <= 0x0E7F);
    auto type = u_charType(static_cast<UChar32>(cp));
    if (per_character) {
      ++words;
      in_word = false;
    } else if (u_isalnum(static_cast<UChar32>(cp)) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
      if (!in_word) ++words;
      in_word = true;
    } else if (cp != '\'' && cp != 0x2019 && cp != '-') {  // apostrophes and hyphens join
      in_word = false;
    }
  }
  return words;
}

}  // namespace

TEST_CASE("count_words' ASCII table agrees with ICU on every ASCII character") {
  // Each character alone, and between letters, digits, spaces and a multi-byte letter: what it
  // does to a word (starts one, joins, breaks) shows in the count.
  for (int c = 0; c < 128; ++c) {
    std::string ch(1, static_cast<char>(c));
    for (const std::string& text : {ch, "a" + ch + "b", ch + " " + ch, "1" + ch + "2", "\xC3\xA9" + ch + "\xC3\xA9",
                                    ch + "\xE5\x8C\x97" + ch, "x" + ch + ch + "y"}) {
      INFO("character " << c);
      CHECK(count_words(text) == count_words_by_icu(text));
    }
  }
  for (const char* text : {"Hello, world!", "don't stop well-known", "caf\xC3\xA9 na\xC3\xAFve", "\x80\xFF a\xC3",
                           "a\xCC\x81" "b c", "x\xE2\x80\x99y"}) {
    CHECK(count_words(text) == count_words_by_icu(text));
  }
}
