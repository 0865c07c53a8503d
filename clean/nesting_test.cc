#include "clean/nesting.h"

#include <catch2/catch.hpp>
#include <string>

#include "clean/cleaner.h"
#include "clean/dom.h"
#include "tests/linear_time.h"

using namespace winnow::clean;

TEST_CASE("pages within the nesting limit are left alone") {
  CHECK_FALSE(bound_markup("<html><body><div><div><p>text</p></div></div></body></html>").has_value());
  // Unclosed <p> and <li> and void elements do not count as nesting.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "<p>para<br><img src=x><li>item";
  CHECK_FALSE(bound_markup(many).has_value());
  // Tags inside scripts and comments are not tags.
  std::string script = "<script>";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "</script><!--";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "--><p>ok</p>";
  CHECK_FALSE(bound_markup(script).has_value());
}

TEST_CASE("excess nesting is flattened and the text is kept") {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "<div class=x>";
  deep += "inner text";
  for (int i = 0; i < 3000; ++i) deep += "</div>";
  deep += "<p>after</p>";
  auto flat = bound_markup(deep, {.max_depth = 100});
  REQUIRE(flat.has_value());
  CHECK(flat->find("inner text") != std::string::npos);
  CHECK(flat->find("<p>after</p>") != std::string::npos);
  Dom dom(*flat);
  int max_depth = 0;
  for (NodeId id = 0; id < dom.size(); ++id) max_depth = std::max(max_depth, static_cast<int>(dom[id].depth));
  CHECK(max_depth < 110);
  CHECK(dom.text_content(dom.body()) == "inner textafter");
}

TEST_CASE("the Dom applies the limit itself") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "deep";
  Dom dom(deep);
  CHECK(dom.text_content(dom.body()) == "deep");
  int max_depth = 0;
  for (NodeId id = 0; id < dom.size(); ++id) max_depth = std::max(max_depth, static_cast<int>(dom[id].depth));
  CHECK(max_depth <= kMaxNestingDepth + 4);
}

namespace {

// A <div> with `count` attributes, then `paragraphs` paragraphs of text.
std::string div_with_attributes(int count, int paragraphs = 0) {
  std::string html = "<html><body><div";
  for (int i = 0; i < count; ++i) html += " a" + std::to_string(i) + "=\"v" + std::to_string(i) + "\"";
  html += ">text of the page</div>";
  for (int i = 0; i < paragraphs; ++i) html += "<p>Paragraph " + std::to_string(i) + " of the story, with a few words.</p>";
  return html + "</body></html>";
}

std::string bounded(std::string_view html, int max_attributes) {
  return bound_markup(html, {.max_attributes = max_attributes}).value_or("(unchanged)");
}

}  // namespace

TEST_CASE("a tag keeps its first attributes up to the limit, and the text") {
  Dom dom(div_with_attributes(1000));
  NodeId div = dom.find_tag(GUMBO_TAG_DIV);
  REQUIRE(div != kNoNode);
  const GumboVector& attributes = dom[div].g->v.element.attributes;
  CHECK(attributes.length == static_cast<unsigned>(kMaxAttributesPerElement));
  CHECK(dom.attr(div, "a0") == "v0");
  CHECK(dom.attr(div, "a255") == "v255");
  CHECK_FALSE(dom.has_attr(div, "a256"));
  CHECK(dom.text_content(dom.body()) == "text of the page");
  CHECK_FALSE(bound_markup(div_with_attributes(kMaxAttributesPerElement)).has_value());
}

TEST_CASE("attributes are counted as the HTML tokenizer reads them") {
  // Quoted values may hold '>', spaces, '/' and the other quote; unquoted ones '/' and quotes.
  CHECK(bounded("<div a=\"x > y\" b='c \"d' c=e/f'g d e>t</div>", 3) == "<div a=\"x > y\" b='c \"d' c=e/f'g>t</div>");
  // Spaces around '=', a missing value taking the next word, values without a space between.
  CHECK(bounded("<p a = \"1\" b c d>", 3) == "<p a = \"1\" b c>");
  CHECK(bounded("<p a= b c d e>", 3) == "<p a= b c d>");
  CHECK(bounded("<p a=\"1\"b=\"2\"c=\"3\"d=\"4\">", 3) == "<p a=\"1\"b=\"2\"c=\"3\">");
  CHECK(bounded("<p a b=>c d>", 3) == "(unchanged)");  // "b=>" has an empty value and ends the tag
  // A stray '/' is no attribute; one before '>' closes the tag, and stays after the cut.
  CHECK(bounded("<p / a / b>", 2) == "(unchanged)");
  CHECK(bounded("<svg><path a b c d e/></svg>", 3) == "<svg><path a b c /></svg>");
  CHECK(bounded("<br a=1 b=2 c=3 d=4 />", 3) == "<br a=1 b=2 c=3 />");
  CHECK(bounded("<br a b c=3 d=4/>", 3) == "<br a b c=3>");  // the '/' is the value's: no self-closing
  // End tags are tokenized alike; a tag cut off by the end of the page stays cut off.
  CHECK(bounded("<b>x</b a b c d>", 3) == "<b>x</b a b c>");
  CHECK(bounded("<div a b c d e", 3) == "<div a b c");
  // Script, style, textarea and title text, and comments, hold no tags.
  CHECK(bounded("<script>s = '<div a b c d e>';</script><style>/* <p a b c d> */</style>", 3) == "(unchanged)");
  CHECK(bounded("<textarea><b a b c d></textarea><title><i a b c d></title>", 3) == "(unchanged)");
  CHECK(bounded("<!-- <div a b c d> --><!DOCTYPE html a b c d><?xml a b c d?>", 3) == "(unchanged)");
  CHECK(bounded("<!--><p a b c d>", 3) == "<!--><p a b c>");  // "<!-->" is a whole (empty) comment
}

TEST_CASE("repeated <html> and <body> tags share one allowance: the parser merges them") {
  CHECK(bounded("<body a b><p>x<body c d><body e f>", 3) == "<body a b><p>x<body c><body>");
  CHECK(bounded("<html a><html b c d>", 3) == "<html a><html b c>");
  std::string many_bodies;
  for (int tag = 0; tag < 20; ++tag) {
    many_bodies += "<body";
    for (int i = 0; i < 100; ++i) many_bodies += " b" + std::to_string(tag) + "-" + std::to_string(i);
    many_bodies += ">";
  }
  Dom dom("<p>text</p>" + many_bodies);
  CHECK(dom[dom.body()].g->v.element.attributes.length == static_cast<unsigned>(kMaxAttributesPerElement));
  CHECK(dom.text_content(dom.body()) == "text");
}

TEST_CASE("cleaning a tag with ever more attributes takes linear time") {
  // Before the limit: 5 000 attributes 0.1 s, 20 000 attributes 1.7 s (Gumbo compares each new
  // attribute with all earlier ones of its tag). The paragraphs, as many more at each size, give
  // the linear work a measurable time.
  winnow::testing::Growth growth = winnow::testing::measure_growth(
      [](int scale) { return div_with_attributes(5000 * scale, 300 * scale); },
      [](const std::string& html) { clean_html(html, "", CleanOptions{}); });
  INFO(growth.describe());
  CHECK(growth.ratio() < winnow::testing::kMaxLinearGrowth);
}
