#include "clean/dom.h"

#include <catch2/catch.hpp>
#include <string>

using namespace winnow::clean;

TEST_CASE("Dom numbers nodes in document order with subtree ranges") {
  Dom dom("<html><head><title>T</title></head><body><div id=a><p>one <b>two</b></p></div><p>three</p></body></html>");
  REQUIRE(dom.html() != kNoNode);
  REQUIRE(dom.body() != kNoNode);
  NodeId div = dom.find_tag(GUMBO_TAG_DIV);
  REQUIRE(div != kNoNode);
  CHECK(dom.attr(div, "id") == "a");
  CHECK(dom.text_content(div) == "one two");
  std::vector<NodeId> ps = dom.find_all(GUMBO_TAG_P);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0] > div);
  CHECK(ps[0] < dom[div].end);
  CHECK(ps[1] >= dom[div].end);
  CHECK(dom[ps[0]].parent == div);
  CHECK(dom[div].next_sibling == ps[1]);
  CHECK(dom.text_content(dom.body()) == "one twothree");
}

TEST_CASE("Dom names custom elements") {
  Dom dom("<body><amp-img src=x></amp-img><ad-slot>x</ad-slot></body>");
  NodeId body = dom.body();
  NodeId first = dom[body].first_child;
  REQUIRE(first != kNoNode);
  CHECK(dom.tag_name(first) == "amp-img");
  CHECK(dom.tag_name(dom[first].next_sibling) == "ad-slot");
}

TEST_CASE("Dom of empty and garbage input") {
  Dom empty("");
  CHECK(empty.body() != kNoNode);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131) % 256));
  Dom dom(garbage);
  CHECK(dom.size() > 0);
}

TEST_CASE("Dom's component class skips instance ids") {
  Dom dom("<body><article class=\"post-1234 post type-post\">a</article><div class=\"a1 b2\">b</div>"
          "<div class=\"  card card--lead\">c</div><div>d</div></body>");
  std::vector<NodeId> nodes;
  for (NodeId c = dom[dom.body()].first_child; c != kNoNode; c = dom[c].next_sibling) nodes.push_back(c);
  REQUIRE(nodes.size() == 4);
  CHECK(dom.first_class(nodes[0]) == "post-1234");
  CHECK(dom.component_class(nodes[0]) == "post");
  CHECK(dom.component_class(nodes[1]) == "a1");  // every word has a digit: the first
  CHECK(dom.component_class(nodes[2]) == "card");
  CHECK(dom.component_class(nodes[3]).empty());
}

TEST_CASE("Dom's attribute lookups: exact names for attr, any case for has_attr, source order") {
  Dom dom("<body><div ID=main class=\"a b\" data-x=1 clas=no classes=no title=\"&amp;&lt;\" hidden "
          "class=second>t&eacute;xt</div><svg viewBox=\"0 0 1 1\"></svg></body>");
  NodeId div = dom[dom.body()].first_child;
  REQUIRE(div != kNoNode);
  CHECK(dom.attr(div, "id") == "main");  // Gumbo lower-cases names
  CHECK(dom.attr(div, "class") == "a b");  // the first of duplicates
  CHECK(dom.attr(div, "clas") == "no");
  CHECK(dom.attr(div, "title") == "&<");
  CHECK(dom.attr(div, "hidden").empty());
  CHECK(dom.has_attr(div, "hidden"));
  CHECK(dom.has_attr(div, "HIDDEN"));
  CHECK_FALSE(dom.has_attr(div, "hidde"));
  CHECK(dom.attr(div, "ID").empty());
  CHECK(dom.attr(div, "cla").empty());
  CHECK(dom.attr(div, "style").empty());
  REQUIRE(dom.attributes(div).size() == 7);
  CHECK(dom.attributes(div)[2].name() == "data-x");
  CHECK(dom.attributes(div)[2].value() == "1");
  NodeId text = dom[div].first_child;
  REQUIRE(text != kNoNode);
  CHECK(dom.text(text) == "t\xC3\xA9xt");
  CHECK(dom.attributes(text).empty());
  CHECK(dom.attr(text, "id").empty());
  CHECK_FALSE(dom.has_attr(text, "id"));
  CHECK(dom.text(div).empty());
  // SVG attributes keep their case: attr() compares exactly, has_attr() without case.
  NodeId svg = dom[div].next_sibling;
  REQUIRE(svg != kNoNode);
  CHECK(dom.attr(svg, "viewBox") == "0 0 1 1");
  CHECK(dom.attr(svg, "viewbox").empty());
  CHECK(dom.has_attr(svg, "viewbox"));
}

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

TEST_CASE("Dom counts each text node's visible characters once") {
  Dom dom("<body><p> one\xC2\xA0two </p>\n<pre>\tx\fy\vz</pre><script>var a = 1;</script></body>");
  int texts = 0;
  for (NodeId id = 0; id < dom.size(); ++id) {
    INFO("node " << id);
    CHECK(dom[id].visible_chars() == (dom[id].is_text ? visible_chars(dom.text(id)) : 0));
    texts += dom[id].is_text;
  }
  CHECK(texts >= 4);
  CHECK(dom[dom.find_tag(GUMBO_TAG_P) + 1].visible_chars() == 7);  // a no-break space counts once
}
