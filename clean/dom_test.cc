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
