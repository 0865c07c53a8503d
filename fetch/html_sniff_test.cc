#include "fetch/html_sniff.h"

#include <catch2/catch.hpp>
#include <string>

namespace winnow::fetch {
namespace {

using namespace std::string_literals;

TEST_CASE("binary_kind names files by their magic number", "[html_sniff]") {
  CHECK(binary_kind("\x7f" "ELF\x02\x01\x01"s) == "ELF executable");
  CHECK(binary_kind("%PDF-1.7\n%...") == "PDF document");
  CHECK(binary_kind("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s) == "PNG image");
  CHECK(binary_kind("\xff\xd8\xff\xe0") == "JPEG image");
  CHECK(binary_kind("GIF89a\x01\x00") == "GIF image");
  CHECK(binary_kind("RIFF\x10\0\0\0WEBPVP8 "s) == "WebP image");
  CHECK(binary_kind("PK\x03\x04\x14\0"s) == "zip archive");
  CHECK(binary_kind("\x1f\x8b\x08\0"s) == "gzip data");
  CHECK(binary_kind(std::string(257, 'a') + "ustar\0"s) == "tar archive");
  CHECK(binary_kind("SQLite format 3\0"s) == "SQLite database");
  CHECK(binary_kind("\0\0\0\x18" "ftypmp42"s) == "MP4/ISO media");
}

TEST_CASE("binary_kind: NUL bytes in the first 8 KiB, UTF-16 text exempt", "[html_sniff]") {
  CHECK(binary_kind("<html>\0\x01\x02"s) == "binary data (NUL bytes)");
  CHECK(binary_kind(std::string(9000, 'a') + "\0"s).empty());  // past the head: a stray NUL in a page
  CHECK(binary_kind("<html><p>Text.</p></html>").empty());
  CHECK(binary_kind("").empty());
  std::string utf16le, utf16be;
  for (char c : "<html><p>Hi</p>"s) {
    utf16le += c, utf16le += '\0';
    utf16be += '\0', utf16be += c;
  }
  CHECK(binary_kind(utf16le).empty());
  CHECK(binary_kind(utf16be).empty());
  CHECK(binary_kind("\xff\xfe<\0h\0"s).empty());
}

TEST_CASE("has_markup looks for a tag, a doctype or a comment", "[html_sniff]") {
  CHECK(has_markup("<p>x"));
  CHECK(has_markup("text <br/> more"));
  CHECK(has_markup("<div class=a>"));
  CHECK(has_markup("</P>"));
  CHECK(has_markup("<!DOCTYPE html>"));
  CHECK(has_markup("<!-- c -->"));
  CHECK(has_markup("<?xml version=\"1.0\"?>"));
  CHECK(has_markup("<svg:rect x=1/>"));
  CHECK_FALSE(has_markup("a < b and c > d"));
  CHECK_FALSE(has_markup("x<3 and <- arrows, <=, <>"));
  CHECK_FALSE(has_markup("# Markdown title\n\nSome *text* and a [link](http://a.example)."));
  CHECK_FALSE(has_markup("mail <ann@example.org>"));  // an address is no tag
  CHECK_FALSE(has_markup("ends with <p"));
  CHECK_FALSE(has_markup(""));
}

TEST_CASE("not_html_reason: binaries and bare text refused, pages and empty input kept", "[html_sniff]") {
  CHECK(not_html_reason("\x7f" "ELF\x02"s, "\x7f" "ELF\x02"s) == "not HTML (ELF executable)");
  CHECK(not_html_reason("Just some notes.\nNo tags.", "Just some notes.\nNo tags.") ==
        "not HTML (text without markup)");
  CHECK(not_html_reason("<p>Hello</p>", "<p>Hello</p>").empty());
  CHECK(not_html_reason("", "").empty());
  CHECK(not_html_reason(" \n\t\n", " \n\t\n").empty());
}

}  // namespace
}  // namespace winnow::fetch
