#include "clean/boilerplate.h"

#include <catch2/catch.hpp>
#include <string>

using namespace winnow::clean;

namespace {

// visible_chars by its definition, a byte at a time.
int32_t visible_chars_by_definition(std::string_view text) {
  int32_t n = 0;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool continuation = (c & 0xC0) == 0x80;
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (!continuation && !space) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("visible_chars counts characters but spaces, on every byte value and length") {
  CHECK(visible_chars("") == 0);
  CHECK(visible_chars(" a\tb\nc\rd\fe\vf ") == 7);  // \v is not a space here
  CHECK(visible_chars("caf\xC3\xA9 \xE5\x8C\x97") == 5);
  std::string all;
  for (int c = 0; c < 256; ++c) {
    std::string one(1, static_cast<char>(c));
    INFO("byte " << c);
    CHECK(visible_chars(one) == visible_chars_by_definition(one));
    all += one;
  }
  // Long enough for the vectorized loop and each length of its tail.
  for (size_t length = 0; length <= all.size(); ++length) {
    std::string_view text = std::string_view(all).substr(all.size() - length);
    INFO("length " << length);
    CHECK(visible_chars(text) == visible_chars_by_definition(text));
  }
}
