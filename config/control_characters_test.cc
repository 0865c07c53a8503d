#include "config/control_characters.h"

#include <catch2/catch.hpp>
#include <string>

#include "config/redact.h"

using winnow::config::header_value_problem;
using winnow::config::printable;
using namespace std::string_literals;

TEST_CASE("printable: terminal escapes and forged lines come out as visible escapes") {
  CHECK(printable("http://x/\x1b[2J\x07\rwinnow: forged") == "http://x/\\x1b[2J\\x07\\rwinnow: forged");
  CHECK(printable("a\nb\tc\x7f") == "a\\nb\\tc\\x7f");
  CHECK(printable("nul\0byte"s) == "nul\\x00byte");
}

TEST_CASE("printable: C1 controls and invalid UTF-8 are escaped, letters of any script kept") {
  CHECK(printable("csi \xC2\x9B" "31m") == "csi \\u009b31m");       // U+009B, CSI
  CHECK(printable("nel \xC2\x85") == "nel \\u0085");
  CHECK(printable("raw \x9B" "31m") == "raw \\x9b31m");            // a lone C1 byte is not UTF-8
  CHECK(printable("\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xE2\x82") ==
        "\\xc0\\xaf \\xed\\xa0\\x80 \\xf4\\x90\\x80\\x80 \\xe2\\x82");  // overlong, surrogate, too high, cut
  CHECK(printable("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x99\x82 \xC2\xA0") ==
        "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x99\x82 \xC2\xA0");
}

TEST_CASE("printable: escaping twice is escaping once") {
  const std::string once = printable("a\x1b\xff\\x1b \xC2\x9B");
  CHECK(printable(once) == once);
}

TEST_CASE("redact_url: control characters in a URL come out escaped, secrets still masked") {
  CHECK(winnow::config::redact_url("http://u:pw@h/\x1b]0;title\x07?token=\r\nx") ==
        "http://u:***@h/\\x1b]0;title\\x07?token=***");
}

TEST_CASE("header_value_problem: CR, LF, other C0 controls and DEL are refused; TAB is not") {
  CHECK_FALSE(header_value_problem("winnow/1.0 (+https://example.com/bot)"));
  CHECK_FALSE(header_value_problem("a\tb"));
  CHECK_FALSE(header_value_problem("caf\xC3\xA9"));
  REQUIRE(header_value_problem("bot\r\nHost: evil.example"));
  CHECK(*header_value_problem("bot\r\nHost: evil.example") ==
        "contains a control character (\\r), which no HTTP header value may hold");
  CHECK(header_value_problem("a\nb"));
  CHECK(header_value_problem("a\x1b"));
  CHECK(header_value_problem("a\x7f"));
  CHECK(header_value_problem("a\0b"s));
}
