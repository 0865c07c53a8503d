#include "clean/normalize.h"

#include <catch2/catch.hpp>

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
