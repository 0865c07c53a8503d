#include "clean/nesting.h"

#include <catch2/catch.hpp>
#include <string>

#include "clean/dom.h"

using namespace winnow::clean;

TEST_CASE("pages within the nesting limit are left alone") {
  CHECK_FALSE(flatten_deep_nesting("<html><body><div><div><p>text</p></div></div></body></html>").has_value());
  // Unclosed <p> and <li> and void elements do not count as nesting.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "<p>para<br><img src=x><li>item";
  CHECK_FALSE(flatten_deep_nesting(many).has_value());
  // Tags inside scripts and comments are not tags.
  std::string script = "<script>";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "</script><!--";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "--><p>ok</p>";
  CHECK_FALSE(flatten_deep_nesting(script).has_value());
}

TEST_CASE("excess nesting is flattened and the text is kept") {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "<div class=x>";
  deep += "inner text";
  for (int i = 0; i < 3000; ++i) deep += "</div>";
  deep += "<p>after</p>";
  auto flat = flatten_deep_nesting(deep, 100);
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
