#include <unicode/ucnv.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "fetch/charset_internal.h"
#include "fetch/fetcher.h"

namespace winnow::fetch {
namespace {

using charset_internal::is_valid_utf8;

// Encodes UTF-8 text into `charset` with ICU, to build legacy-encoded pages.
std::string encode(const std::string& utf8, const char* charset) {
  UErrorCode error = U_ZERO_ERROR;
  int32_t length = ucnv_convert(charset, "UTF-8", nullptr, 0, utf8.data(),
                                static_cast<int32_t>(utf8.size()), &error);
  REQUIRE(error == U_BUFFER_OVERFLOW_ERROR);
  std::string out(static_cast<std::size_t>(length), '\0');
  error = U_ZERO_ERROR;
  ucnv_convert(charset, "UTF-8", out.data(), length, utf8.data(), static_cast<int32_t>(utf8.size()),
               &error);
  REQUIRE(U_SUCCESS(error));
  return out;
}

const std::string kKorean = "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4";  // 한국어
const std::string kKoreanEucKr = "\xC7\xD1\xB1\xB9\xBE\xEE";
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

TEST_CASE("a UTF-8 BOM wins over any declaration and is stripped", "[charset]") {
  Decoded decoded = decode_to_utf8("\xEF\xBB\xBF<p>h\xC3\xA9</p>", "text/html; charset=iso-8859-1");
  CHECK(decoded.utf8 == "<p>h\xC3\xA9</p>");
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.source == "bom");
}

TEST_CASE("UTF-16 BOMs select UTF-16 and are stripped", "[charset]") {
  using namespace std::string_literals;
  Decoded little = decode_to_utf8("\xFF\xFEh\0i\0\xE9\0"s);
  CHECK(little.utf8 == "hi\xC3\xA9");
  CHECK(little.charset == "UTF-16LE");
  CHECK(little.source == "bom");

  Decoded big = decode_to_utf8("\xFE\xFF\0h\0i\xD5\x5C"s);  // 한 is U+D55C
  CHECK(big.utf8 == "hi\xED\x95\x9C");
  CHECK(big.charset == "UTF-16BE");
}

TEST_CASE("the HTTP charset wins over a meta declaration", "[charset]") {
  Decoded decoded =
      decode_to_utf8("<meta charset=\"utf-8\"><p>caf\xE9</p>", "text/html; charset=ISO-8859-1");
  CHECK(decoded.utf8 == "<meta charset=\"utf-8\"><p>caf\xC3\xA9</p>");
  CHECK(decoded.charset == "windows-1252");
  CHECK(decoded.source == "http");
}

TEST_CASE("an unknown HTTP label falls through to the meta declaration", "[charset]") {
  Decoded decoded = decode_to_utf8("<meta charset=koi8-r><p>\xF0\xD2\xC9</p>",
                                   "text/html; charset=x-no-such-thing");
  CHECK(decoded.source == "meta");
  CHECK(decoded.charset == "KOI8-R");
  CHECK(decoded.utf8 == "<meta charset=koi8-r><p>\xD0\x9F\xD1\x80\xD0\xB8</p>");  // При
}

TEST_CASE("Content-Type charset parameters parse in their usual spellings", "[charset]") {
  using charset_internal::charset_from_content_type;
  CHECK(charset_from_content_type("text/html; charset=UTF-8") == "UTF-8");
  CHECK(charset_from_content_type("text/html;charset=\"euc-kr\"") == "euc-kr");
  CHECK(charset_from_content_type("text/html; foo=bar; CHARSET = koi8-r ; x=y") == "koi8-r");
  CHECK(charset_from_content_type("text/html; foo=\"a;b\"; charset=big5") == "big5");
  CHECK(charset_from_content_type("text/html") == "");
  CHECK(charset_from_content_type("") == "");
  CHECK(charset_from_content_type("text/html; charset=") == "");
}

TEST_CASE("meta prescan finds charset and http-equiv declarations", "[charset]") {
  using charset_internal::prescan_meta_charset;
  const char* documents[] = {
      "<meta charset=\"euc-kr\">",
      "<!doctype html><HTML><HEAD><META CHARSET=EUC-KR></HEAD>",
      "<meta charset = 'euc-kr' />",
      "<meta/charset=euc-kr>",
      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\">",
      "<meta content=\"text/html; charset=euc-kr\" http-equiv=\"content-type\">",
      "<meta http-equiv='CONTENT-TYPE' content='text/html;charset=\"EUC-KR\"'>",
      "<meta http-equiv=Content-Type content=text/html;charset=ks_c_5601-1987>",
      "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"euc-kr\">",
      "<div title=\"<meta charset=koi8-r>\"></div><meta charset=\"euc-kr\">",
      "<meta content=\"text/html; charset=koi8-r\"><meta charset=euc-kr>",  // no http-equiv
      "<script>var s = 1;</script><meta name=x><meta charset=euc-kr>",
  };
  for (const char* document : documents) {
    INFO(document);
    auto encoding = prescan_meta_charset(document);
    REQUIRE(encoding);
    CHECK(std::string(encoding->name) == "EUC-KR");
  }
}

TEST_CASE("meta prescan ignores what is not a usable declaration", "[charset]") {
  using charset_internal::prescan_meta_charset;
  CHECK_FALSE(prescan_meta_charset("<p>charset=euc-kr</p>"));
  CHECK_FALSE(prescan_meta_charset("<meta charset=\"no-such-charset\">"));
  CHECK_FALSE(prescan_meta_charset("<!-- <meta charset=\"euc-kr\">"));  // unclosed comment
  CHECK_FALSE(prescan_meta_charset("<metacharset=euc-kr>"));
  CHECK_FALSE(prescan_meta_charset(std::string(5000, ' ') + "<meta charset=euc-kr>"));
  CHECK_FALSE(prescan_meta_charset(""));
}

TEST_CASE("a meta declaring UTF-16 means UTF-8", "[charset]") {
  Decoded decoded = decode_to_utf8("<meta charset=\"utf-16\"><p>\xC3\xA9</p>");
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.source == "meta");
  CHECK(decoded.utf8 == "<meta charset=\"utf-16\"><p>\xC3\xA9</p>");
}

TEST_CASE("labels map per the WHATWG table", "[charset]") {
  using charset_internal::lookup_label;
  auto name_of = [](std::string_view label) {
    auto encoding = lookup_label(label);
    return encoding ? std::string(encoding->name) : std::string("(none)");
  };
  CHECK(name_of(" Latin1 ") == "windows-1252");
  CHECK(name_of("US-ASCII") == "windows-1252");
  CHECK(name_of("iso-8859-1") == "windows-1252");
  CHECK(name_of("ks_c_5601-1987") == "EUC-KR");
  CHECK(name_of("gb2312") == "GB18030");
  CHECK(name_of("GBK") == "GB18030");
  CHECK(name_of("sjis") == "Shift_JIS");
  CHECK(name_of("big5") == "Big5");
  CHECK(name_of("koi8-r") == "KOI8-R");
  CHECK(name_of("iso-8859-9") == "windows-1254");
  CHECK(name_of("cp1251") == "windows-1251");
  CHECK(name_of("iso-8859-15") == "ISO-8859-15");
  CHECK(name_of("utf8") == "UTF-8");
  CHECK(name_of("x-made-up") == "(none)");
  CHECK(name_of("") == "(none)");
}

TEST_CASE("every encoding we can name has an ICU converter", "[charset]") {
  for (const auto& encoding : charset_internal::all_encodings()) {
    INFO(encoding.name);
    UErrorCode error = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(encoding.icu_name, &error);
    CHECK(U_SUCCESS(error));
    if (converter) ucnv_close(converter);
  }
}

TEST_CASE("windows-1252 bytes declared as iso-8859-1 give the right code points", "[charset]") {
  Decoded decoded = decode_to_utf8("\x93quoted\x94 caf\xE9 \x80", "text/html; charset=iso-8859-1");
  CHECK(decoded.utf8 == "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9 \xE2\x82\xAC");
  CHECK(decoded.charset == "windows-1252");
}

TEST_CASE("EUC-KR declared in meta decodes, extended Hangul included", "[charset]") {
  std::string page = "<meta http-equiv=\"content-type\" content=\"text/html; charset=euc-kr\">" +
                     kKoreanEucKr + " \x8C\x63";  // 똠 exists only in the windows-949 extension
  Decoded decoded = decode_to_utf8(page);
  CHECK(decoded.charset == "EUC-KR");
  CHECK(decoded.source == "meta");
  CHECK(decoded.utf8.find(kKorean + " \xEB\x98\xA0") != std::string::npos);
}

TEST_CASE("undeclared EUC-KR is detected", "[charset]") {
  std::string text =
      "<html><body><p>\xEB\x8C\x80\xED\x95\x9C\xEB\xAF\xBC\xEA\xB5\xAD\xEC\x9D\x80 "
      "\xEB\xAF\xBC\xEC\xA3\xBC\xEA\xB3\xB5\xED\x99\x94\xEA\xB5\xAD\xEC\x9D\xB4\xEB\x8B\xA4. "
      "\xEB\x8C\x80\xED\x95\x9C\xEB\xAF\xBC\xEA\xB5\xAD\xEC\x9D\x98 "
      "\xEC\xA3\xBC\xEA\xB6\x8C\xEC\x9D\x80 "
      "\xEA\xB5\xAD\xEB\xAF\xBC\xEC\x97\x90\xEA\xB2\x8C \xEC\x9E\x88\xEA\xB3\xA0, "
      "\xEB\xAA\xA8\xEB\x93\xA0 \xEA\xB6\x8C\xEB\xA0\xA5\xEC\x9D\x80 "
      "\xEA\xB5\xAD\xEB\xAF\xBC\xEC\x9C\xBC"
      "\xEB\xA1\x9C\xEB\xB6\x80\xED\x84\xB0 \xEB\x82\x98\xEC\x98\xA8\xEB\x8B\xA4. "
      "\xEC\x98\xA4\xEB\x8A\x98 \xEC\x84\x9C\xEC\x9A\xB8\xEC\x9D\x98 "
      "\xEB\x82\xA0\xEC\x94\xA8\xEB\x8A\x94 "
      "\xEB\xA7\x91\xEA\xB3\xA0 \xEC\xA1\xB0\xEA\xB8\x88 "
      "\xEC\xB6\xA5\xEC\x8A\xB5\xEB\x8B\x88\xEB\x8B\xA4. "
      "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\xAC\xB8\xEC\x9E\xA5\xEC\x9D\x84 "
      "\xEC\x9D\xBD\xEC\x96\xB4 "
      "\xEB\xB3\xB4\xEC\x84\xB8\xEC\x9A\x94.</p></body></html>";
  std::string bytes = encode(text, "EUC-KR");
  REQUIRE_FALSE(is_valid_utf8(bytes));
  Decoded decoded = decode_to_utf8(bytes);
  CHECK(decoded.source == "detected");
  CHECK(decoded.charset == "EUC-KR");
  CHECK(decoded.utf8 == text);
}

TEST_CASE("invalid UTF-8 decodes with U+FFFD replacements", "[charset]") {
  struct Case {
    std::string bytes;
    std::string expected;
  };
  const Case cases[] = {
      {"a\xFF"
       "b",
       "a" + kReplacement + "b"},
      {"ab\xE2\x82", "ab" + kReplacement},        // truncated at the end
      {"a\xE2\x82z", "a" + kReplacement + "z"},   // truncated in the middle
      {"\xC0\xAF", kReplacement + kReplacement},  // overlong '/'
      {"\xED\xA0\x80x", kReplacement + kReplacement + kReplacement + "x"},  // surrogate
      {"\xF4\x90\x80\x80", kReplacement + kReplacement + kReplacement + kReplacement},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    CHECK_FALSE(is_valid_utf8(c.bytes));
    Decoded decoded = decode_to_utf8(c.bytes, "text/html; charset=utf-8");
    CHECK(decoded.charset == "UTF-8");
    CHECK(decoded.utf8 == c.expected);
    CHECK(is_valid_utf8(decoded.utf8));
  }
}

TEST_CASE("UTF-8 validation accepts all well-formed sequences", "[charset]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii text that is longer than eight bytes"));
  CHECK(is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBB\xBF"));
  CHECK_FALSE(is_valid_utf8("\x80"));
  CHECK_FALSE(is_valid_utf8("twelve bytes\xC3"));
}

TEST_CASE("undeclared input: ASCII and valid UTF-8 are UTF-8", "[charset]") {
  Decoded ascii = decode_to_utf8("<p>just ascii</p>");
  CHECK(ascii.charset == "UTF-8");
  CHECK(ascii.source == "default");
  CHECK(ascii.utf8 == "<p>just ascii</p>");

  std::string utf8 = "<p>" + kKorean + " caf\xC3\xA9</p>";
  Decoded detected = decode_to_utf8(utf8);
  CHECK(detected.charset == "UTF-8");
  CHECK(detected.source == "detected");
  CHECK(detected.utf8 == utf8);
}

TEST_CASE("large valid UTF-8 passes through unchanged", "[charset]") {
  std::string page;
  while (page.size() < 1 << 20)
    page +=
        "<p>Stra\xC3\x9F"
        "e " +
        kKorean + " \xF0\x9F\x98\x80 ascii</p>\n";
  Decoded decoded = decode_to_utf8(page, "text/html; charset=utf-8");
  CHECK(decoded.utf8 == page);
  CHECK(decoded.source == "http");
}

TEST_CASE("undeclared Latin text that is not UTF-8 decodes to the right letters", "[charset]") {
  std::string text =
      "<p>Le d\xC3\xA9j\xC3\xA0 vu est un ph\xC3\xA9nom\xC3\xA8ne fr\xC3\xA9quent: on a "
      "l\xE2\x80\x99impression d\xE2\x80\x99"
      "avoir d\xC3\xA9j\xC3\xA0 v\xC3\xA9"
      "cu la sc\xC3\xA8ne "
      "pr\xC3\xA9sente. \xC3\x80 la fen\xC3\xAAtre, l\xE2\x80\x99\xC3\xA9t\xC3\xA9 s\xE2\x80\x99"
      "ach\xC3\xA8ve.</p>";
  Decoded decoded = decode_to_utf8(encode(text, "windows-1252"));
  CHECK(decoded.utf8 == text);
  CHECK(decoded.charset == "windows-1252");
}

TEST_CASE("empty input decodes to empty UTF-8", "[charset]") {
  Decoded decoded = decode_to_utf8("");
  CHECK(decoded.utf8.empty());
  CHECK(decoded.charset == "UTF-8");
  CHECK(decoded.source == "default");
  CHECK(decode_to_utf8("", "text/html; charset=euc-kr").utf8.empty());
}

TEST_CASE("binary garbage never breaks decoding", "[charset]") {
  std::mt19937 random(12345);
  const char* content_types[] = {"",
                                 "text/html; charset=utf-8",
                                 "text/html; charset=euc-kr",
                                 "text/html; charset=utf-16",
                                 "text/html; charset=shift_jis",
                                 "text/html; charset=iso-2022-jp",
                                 "text/html; charset=gb18030"};
  for (int round = 0; round < 20; ++round) {
    std::string bytes(1 + random() % 3000, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    for (const char* content_type : content_types) {
      Decoded decoded = decode_to_utf8(bytes, content_type);
      INFO(content_type << " round " << round);
      CHECK(is_valid_utf8(decoded.utf8));
      CHECK_FALSE(decoded.charset.empty());
    }
  }
}

}  // namespace winnow::fetch

TEST_CASE("valid UTF-8 overrules a declared legacy charset") {
  // A page re-saved as UTF-8 that still says gb2312, and a server that says latin-1.
  std::string page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>谷歌 DeepMind</p>";
  winnow::fetch::Decoded meta = winnow::fetch::decode_to_utf8(page);
  CHECK(meta.charset == "UTF-8");
  CHECK(meta.source == "detected");
  CHECK(meta.utf8 == page);
  winnow::fetch::Decoded http = winnow::fetch::decode_to_utf8("<p>caf\xC3\xA9</p>", "text/html; charset=iso-8859-1");
  CHECK(http.charset == "UTF-8");
  CHECK(http.utf8 == "<p>caf\xC3\xA9</p>");
  // Real latin-1 bytes are not valid UTF-8 and still decode as declared.
  winnow::fetch::Decoded latin = winnow::fetch::decode_to_utf8("<p>caf\xE9</p>", "text/html; charset=iso-8859-1");
  CHECK(latin.charset == "windows-1252");
  CHECK(latin.utf8 == "<p>caf\xC3\xA9</p>");
}

namespace winnow::fetch {

TEST_CASE("a UTF-16 label on bytes that are not UTF-16 is a lie: the other evidence decides", "[charset]") {
  const std::string utf8_page = "<html><p>caf\xC3\xA9 cr\xC3\xA8me, \xE6\x97\xA5\xE6\x9C\xAC</p></html>";
  for (const char* label : {"utf-16", "UTF-16LE", "utf-16be", "ucs-2", "unicode"}) {
    INFO(label);
    Decoded decoded = decode_to_utf8(utf8_page, std::string("text/html; charset=") + label);
    CHECK(decoded.utf8 == utf8_page);
    CHECK(decoded.charset == "UTF-8");
    CHECK(decoded.source == "detected");
  }
  // Plain ASCII: UTF-8 by default, not CJK garbage.
  Decoded ascii = decode_to_utf8("<p>Hello, world</p>", "text/html; charset=utf-16");
  CHECK(ascii.utf8 == "<p>Hello, world</p>");
  // A meta declaration still counts, and so does detection of legacy bytes.
  Decoded meta = decode_to_utf8("<meta charset=\"iso-8859-1\"><p>caf\xE9</p>", "text/html; charset=utf-16");
  CHECK(meta.charset == "windows-1252");
  CHECK(meta.source == "meta");
  CHECK(meta.utf8 == "<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9</p>");
}

TEST_CASE("a UTF-16 label on real UTF-16 without a BOM decodes, the byte order told by the NULs", "[charset]") {
  using namespace std::string_literals;
  const std::string page = "<html><p>caf\xC3\xA9 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4</p></html>";
  for (const char* label : {"utf-16", "utf-16le", "utf-16be", "ucs-2"}) {
    INFO(label);
    Decoded little = decode_to_utf8(encode(page, "UTF-16LE"), std::string("text/html; charset=") + label);
    CHECK(little.utf8 == page);
    CHECK(little.charset == "UTF-16LE");
    CHECK(little.source == "http");
    Decoded big = decode_to_utf8(encode(page, "UTF-16BE"), std::string("text/html; charset=") + label);
    CHECK(big.utf8 == page);
    CHECK(big.charset == "UTF-16BE");
  }
  // Text that is mostly CJK still has the NULs of its markup.
  std::string korean = "<p>";
  for (int i = 0; i < 200; ++i) korean += kKorean + " ";
  korean += "</p>";
  CHECK(decode_to_utf8(encode(korean, "UTF-16LE"), "text/html; charset=utf-16").utf8 == korean);
  // A BOM still wins over the NULs' say.
  CHECK(decode_to_utf8("\xFF\xFEh\0i\0"s, "text/html; charset=utf-16be").utf8 == "hi");
}

}  // namespace winnow::fetch
