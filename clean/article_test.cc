#include <catch2/catch.hpp>

#include "clean/cleaner.h"

using namespace winnow::clean;

namespace {
Block make(Block::Kind kind, std::string text, int level = 0, int group = 0) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  b.level = level;
  b.group = group;
  return b;
}
}  // namespace

TEST_CASE("text puts a blank line between blocks and none inside a list") {
  Article a;
  a.blocks = {make(Block::Kind::Paragraph, "First."), make(Block::Kind::ListItem, "one", 1, 1),
              make(Block::Kind::ListItem, "two", 1, 1), make(Block::Kind::Quote, "Said."), make(Block::Kind::Heading, "Next", 2)};
  CHECK(a.text() == "First.\n\n- one\n- two\n\n> Said.\n\nNext");
  CHECK(a.markdown() == "First.\n\n- one\n- two\n\n> Said.\n\n## Next");
}

TEST_CASE("ordered and nested list items") {
  Article a;
  Block one = make(Block::Kind::ListItem, "one", 1, 1);
  one.ordered = true;
  one.number = 1;
  Block sub = make(Block::Kind::ListItem, "sub", 2, 1);
  a.blocks = {one, sub};
  CHECK(a.text() == "1. one\n  - sub");
  CHECK(a.markdown() == "1. one\n  - sub");
}

TEST_CASE("two lists in a row stay separate") {
  Article a;
  a.blocks = {make(Block::Kind::ListItem, "a", 1, 1), make(Block::Kind::ListItem, "b", 1, 2)};
  CHECK(a.text() == "- a\n\n- b");
}

TEST_CASE("markdown escapes bars in table cells") {
  Article a;
  Block row = make(Block::Kind::TableRow, "a|b | c", 0, 3);
  row.cells = {"a|b", "c"};
  a.blocks = {row};
  CHECK(a.markdown() == "| a\\|b | c |\n| --- | --- |");
}

TEST_CASE("word_count sums blocks") {
  Article a;
  a.blocks = {make(Block::Kind::Paragraph, "three words here"), make(Block::Kind::Heading, "two words", 2)};
  CHECK(a.word_count() == 5);
  CHECK(Article{}.word_count() == 0);
  CHECK(Article{}.text().empty());
}
