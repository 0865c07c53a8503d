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

namespace {
Block linked(std::string text, std::vector<Link> links, Block::Kind kind = Block::Kind::Paragraph) {
  Block b = make(kind, std::move(text), kind == Block::Kind::Heading ? 2 : 0);
  b.links = std::move(links);
  return b;
}
std::string markdown_of(Block b) {
  Article a;
  a.blocks = {std::move(b)};
  return a.markdown();
}
}  // namespace

TEST_CASE("markdown links only to http(s), mailto and relative targets, read as browsers read them") {
  for (const char* target : {"javascript:alert(1)", "java\tscript:alert(1)", "JaVa\nScRiPt:alert(1)",
                             " \x01javascript:alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
                             "data:text/html,<script>alert(1)</script>", "file:///etc/passwd"}) {
    INFO(target);
    CHECK(markdown_of(linked("see the page", {{"the page", target}})) == "see the page");
  }
  CHECK(markdown_of(linked("a b c d", {{"a", "https://x.example/"}, {"b", "HTTP://x.example/b"},
                                       {"c", "mailto:ann@x.example"}, {"d", "/d/e.html"}})) ==
        "[a](https://x.example/) [b](HTTP://x.example/b) [c](mailto:ann@x.example) [d](/d/e.html)");
  CHECK(markdown_of(linked("x", {{"x", "\t https://x.example/\n/a\t "}})) == "[x](https://x.example//a)");
  CHECK(markdown_of(linked("x", {{"x", "page.html?q=a:b"}})) == "[x](page.html?q=a:b)");
  // Targets end where they should: spaces, angle brackets and controls encoded, parentheses escaped.
  CHECK(markdown_of(linked("x", {{"x", "https://x.example/a b (1)<2>.html"}})) ==
        "[x](https://x.example/a%20b%20\\(1\\)%3C2%3E.html)");
}

TEST_CASE("markdown escapes what it would read as syntax or HTML in the page's text") {
  // The page's "&lt;img src=x onerror=alert(1)&gt;" is text, not an element.
  CHECK(markdown_of(make(Block::Kind::Paragraph, "<img src=x onerror=alert(1)> in <b>")) ==
        "\\<img src=x onerror=alert(1)\\> in \\<b\\>");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "*a* _b_ [c](d) `e` f\\g &amp; &#60;")) ==
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` f\\\\g \\&amp; \\&#60;");
  // Left alone where Markdown reads nothing: inside words, a lone '&', '#' and '-' within a line.
  CHECK(markdown_of(make(Block::Kind::Paragraph, "snake_case AT&T C# -5 degrees, 3.5 m")) ==
        "snake_case AT&T C# -5 degrees, 3.5 m");
  // Block markers at the start of a line.
  CHECK(markdown_of(make(Block::Kind::Paragraph, "# not a heading")) == "\\# not a heading");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "- not an item")) == "\\- not an item");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "+ not an item")) == "\\+ not an item");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "1. not an item")) == "1\\. not an item");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "2024) not an item")) == "2024\\) not an item");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "> not a quote")) == "\\> not a quote");
  CHECK(markdown_of(make(Block::Kind::Paragraph, "---")) == "\\---");
  CHECK(markdown_of(make(Block::Kind::Quote, "said:\n- no item\n===")) == "> said:\n> \\- no item\n> \\===");
  CHECK(markdown_of(make(Block::Kind::ListItem, "1. no sub-list", 1, 1)) == "- 1\\. no sub-list");
  CHECK(markdown_of(make(Block::Kind::Heading, "Issue #", 2)) == "## Issue \\#");
  CHECK(markdown_of(make(Block::Kind::Heading, "# Hashtag", 2)) == "## \\# Hashtag");
  // Link text is escaped too, and a dropped link's text like the rest.
  CHECK(markdown_of(linked("see [1] *x*", {{"[1]", "https://x.example/"}, {"*x*", "javascript:x"}})) ==
        "see [\\[1\\]](https://x.example/) \\*x\\*");
  Block row = make(Block::Kind::TableRow, "", 0, 3);
  row.cells = {"<i>", "a|*b*"};
  CHECK(markdown_of(row) == "| \\<i\\> | a\\|\\*b\\* |\n| --- | --- |");
}

TEST_CASE("markdown leaves code as it is; plain text is never escaped") {
  CHECK(markdown_of(make(Block::Kind::Code, "if (a < b && *p) { x_y = `z`; }")) ==
        "```\nif (a < b && *p) { x_y = `z`; }\n```");
  CHECK(markdown_of(make(Block::Kind::Code, "a\n```\nb")) == "````\na\n```\nb\n````");
  Article a;
  a.blocks = {make(Block::Kind::Paragraph, "# <b> *x* [y] 1. z"), linked("see it", {{"it", "javascript:x"}})};
  CHECK(a.text() == "# <b> *x* [y] 1. z\n\nsee it");
}
