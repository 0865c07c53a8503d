#include "clean/word_table.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace winnow::clean;

TEST_CASE("WordTable finds its words with their bits, and nothing else") {
  const WordTable table({{"nav", 1}, {"navbar", 2}, {"nav", 4}, {"", 8}, {"comment", 16}});
  CHECK(table.size() == 3);
  REQUIRE(table.find("nav") != nullptr);
  CHECK(table.find("nav")->bits == 5);  // given twice: both bits
  CHECK(table.bits("navbar") == 2);
  CHECK(table.bits("comment") == 16);
  std::string looked_up = "comment";  // any text: the entry views the table's own
  CHECK(table.find(looked_up)->word.data() != looked_up.data());
  for (std::string_view absent : {"", "na", "navb", "navbars", "Nav", "comments", "ommen", "x"}) {
    INFO(absent);
    CHECK(table.find(absent) == nullptr);
    CHECK(table.bits(absent) == 0);
  }
}

TEST_CASE("WordTable with many words, and with none") {
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) words.push_back("w" + std::to_string(i * 7919));
  std::vector<WordTable::Entry> entries;
  for (size_t i = 0; i < words.size(); ++i) entries.push_back({words[i], static_cast<uint32_t>(i + 1)});
  const WordTable table(entries);
  CHECK(table.size() == words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    REQUIRE(table.bits(words[i]) == i + 1);
    CHECK(table.find(words[i] + "x") == nullptr);
  }
  const WordTable empty({});
  CHECK(empty.size() == 0);
  CHECK(empty.find("a") == nullptr);
  CHECK(empty.find("") == nullptr);
}
