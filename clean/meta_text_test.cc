#include "clean/meta_text.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace winnow::clean::metatext;

namespace {

// ifind by its definition: the first place where the needle matches without ASCII case.
size_t ifind_by_definition(std::string_view s, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (iequals(s.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("ifind finds the first match without ASCII case") {
  CHECK(ifind("post-Author-name", "author") == 5);
  CHECK(ifind("AUTHORITY", "author") == 0);
  CHECK(ifind("itemtype=Comment", "comment") == 9);
  CHECK(ifind("abc", "") == 0);
  CHECK(ifind("", "a") == std::string_view::npos);
  CHECK(ifind("ab", "abc") == std::string_view::npos);
  CHECK(ifind("aaab", "aab") == 1);
  CHECK(ifind("xby", "BY") == 1);
  CHECK(icontains("Entry-Date", "DATE"));
  CHECK_FALSE(icontains("entry-dat", "date"));
  // Every needle of up to three letters from an alphabet with case and a non-letter, in every
  // haystack of up to five: the same answer as the definition.
  const std::string alphabet = "aAb-";
  std::vector<std::string> strings = {""};
  for (size_t start = 0, length = 0; length < 5; ++length) {
    size_t end = strings.size();
    for (size_t i = start; i < end; ++i) {
      for (char c : alphabet) strings.push_back(strings[i] + c);
    }
    start = end;
  }
  for (const std::string& s : strings) {
    for (const std::string& needle : strings) {
      if (needle.size() > 3) continue;
      INFO(s << " / " << needle);
      CHECK(ifind(s, needle) == ifind_by_definition(s, needle));
    }
  }
}

TEST_CASE("non_space_bytes counts all bytes but ASCII spaces, tabs and line ends") {
  CHECK(non_space_bytes("") == 0);
  CHECK(non_space_bytes(" a\tb\nc\rd\fe\vf ") == 8);  // \f and \v count
  CHECK(non_space_bytes("caf\xC3\xA9") == 5);         // so do continuation bytes
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  auto by_definition = [](std::string_view s) {
    int32_t n = 0;
    for (char c : s) n += c != ' ' && c != '\n' && c != '\t' && c != '\r';
    return n;
  };
  // Every byte value, in every length of tail the vectorized loop may leave.
  for (size_t length = 0; length <= all.size(); ++length) {
    std::string_view s = std::string_view(all).substr(all.size() - length);
    INFO("length " << length);
    CHECK(non_space_bytes(s) == by_definition(s));
  }
}
