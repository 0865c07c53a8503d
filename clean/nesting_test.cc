#include "clean/nesting.h"

#include <catch2/catch.hpp>
#include <string>

#include "clean/cleaner.h"
#include "clean/dom.h"
#include "tests/linear_time.h"

using namespace winnow::clean;

TEST_CASE("pages within the nesting limit are left alone") {
  CHECK_FALSE(prepare_markup("<html><body><div><div><p>text</p></div></div></body></html>").has_value());
  // Unclosed <p> and <li> and void elements do not count as nesting.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "<p>para<br><img src=x><li>item";
  CHECK_FALSE(prepare_markup(many).has_value());
  // Tags inside scripts and comments are not tags.
  std::string script = "<script>";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "</script><!--";
  for (int i = 0; i < 2000; ++i) script += "<div>";
  script += "--><p>ok</p>";
  CHECK_FALSE(prepare_markup(script, {.prescan = false}).has_value());
}

TEST_CASE("excess nesting is flattened and the text is kept") {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "<div class=x>";
  deep += "inner text";
  for (int i = 0; i < 3000; ++i) deep += "</div>";
  deep += "<p>after</p>";
  auto flat = prepare_markup(deep, {.max_depth = 100});
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
  return prepare_markup(html, {.max_attributes = max_attributes, .prescan = false}).value_or("(unchanged)");
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
  CHECK_FALSE(prepare_markup(div_with_attributes(kMaxAttributesPerElement)).has_value());
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

// The prescan: what the cleaner never reads is emptied, as the HTML tokenizer reads the page.
namespace {

std::string prescanned(std::string_view html) { return prepare_markup(html).value_or("(unchanged)"); }

}  // namespace

TEST_CASE("prescan: script bodies become one character, their tags stay") {
  CHECK(prescanned("<p>a<script>if (a<b && c>d) f();</script>b</p>") == "<p>a<script>x</script>b</p>");
  CHECK(prescanned("<script src=x.js async></script><p>t</p>") == "(unchanged)");  // nothing to empty
  CHECK(prescanned("<script>\n  \n</script>") == "(unchanged)");  // whitespace stays whitespace
  CHECK(prescanned("<script>;</script>") == "(unchanged)");
  // Self-closing does not end an HTML <script>: its text runs to the end tag.
  CHECK(prescanned("<script/>abc</script>d") == "<script/>x</script>d");
  // No end tag: the text runs to the end of the page.
  CHECK(prescanned("<p>a<script>var s = '<p>not a paragraph</p>';") == "<p>a<script>x");
  CHECK(prepare_markup("<script>abc</script>", {.prescan = false}) == std::nullopt);
}

TEST_CASE("prescan: script data ends only at an appropriate end tag") {
  CHECK(prescanned("<script>a</scripts>b</script>c") == "<script>x</script>c");
  CHECK(prescanned("<script>a</scrip>b</SCRIPT >c") == "<script>x</SCRIPT >c");
  CHECK(prescanned("<script>ab</script/>c") == "<script>x</script/>c");
  CHECK(prescanned("<script>ab</script\tid=1>c") == "<script>x</script\tid=1>c");
  CHECK(prescanned("<script>ab</script") == "<script>x");  // cut off: not an end tag
  CHECK(prescanned("<script>document.write('</' + 'script>')</script>c") ==
        "<script>x</script>c");
}

TEST_CASE("prescan: the script data escape states") {
  // Escaped ("<!--"): an end tag still ends the script.
  CHECK(prescanned("<script><!-- a </script> b") == "<script>x</script> b");
  // Double escaped ("<!--" then "<script"): "</script>" returns to escaped, and only then does
  // "-->" lead back to where "</script>" ends the script.
  CHECK(prescanned("<script><!-- <script> x </script> y --></script>z") == "<script>x</script>z");
  CHECK(prescanned("<script><!--<script>a--></script>b") == "<script>x</script>b");
  CHECK(prescanned("<script><!--<script>a</script>b</script>c") == "<script>x</script>c");
  // Double escaped to the end: nothing ends the script.
  CHECK(prescanned("<script><!--<script></script><p>t") == "<script>x");
  CHECK(prescanned("<script><!--<script></script></script><p>t") == "<script>x</script><p>t");
  // "<scripts" does not start a double-escaped part; "<!-->" leaves escaped at once.
  CHECK(prescanned("<script><!--<scripts>a</script>b") == "<script>x</script>b");
  CHECK(prescanned("<script><!--><script>a</script>b") == "<script>x</script>b");
  CHECK(prescanned("<script><!-- a --><script>b</script>c") == "<script>x</script>c");
}

TEST_CASE("prescan: JSON-LD, which the cleaner reads, is left whole") {
  const std::string ld = R"(<script type="application/ld+json">{"@type":"NewsArticle"}</script>)";
  CHECK(prescanned(ld) == "(unchanged)");
  CHECK(prescanned(R"(<script TYPE='Application/LD+JSON'>{"a":1}</script>)") == "(unchanged)");
  // Only the parser decodes a character reference: such a type is left alone.
  CHECK(prescanned(R"(<script type="application/ld&#43;json">{"a":1}</script>)") == "(unchanged)");
  // The first type attribute is the one the parser keeps.
  CHECK(prescanned(R"(<script type=text/javascript type=application/ld+json>f()</script>)") ==
        R"(<script type=text/javascript type=application/ld+json>x</script>)");
  CHECK(prescanned(R"(<script type="module">import x from "y";</script>)") == R"(<script type="module">x</script>)");
}

TEST_CASE("prescan: style is raw text to its own end tag") {
  CHECK(prescanned("<style>p { color: red }</style><p>t</p>") == "<style>x</style><p>t</p>");
  CHECK(prescanned("<style>a</stylex>b</style >c") == "<style>x</style >c");
  CHECK(prescanned("<style>/* <!-- */ a { } /* --> */</style>c") == "<style>x</style>c");
}

TEST_CASE("prescan: comments become empty") {
  CHECK(prescanned("<p>a<!-- one -->b<!-- two --!>c</p>") == "<p>a<!---->b<!----!>c</p>");
  CHECK(prescanned("a<!---->b<!-->c<!--->d") == "(unchanged)");  // already empty, or ended at once
  CHECK(prescanned("a<!-- x --->b") == "a<!---->b");
  CHECK(prescanned("a<!-- x -- y -->b") == "a<!---->b");
  CHECK(prescanned("a<!-- not closed <p>b") == "(unchanged)");
  // Bogus comments and the doctype stay: the doctype sets the parser's mode.
  CHECK(prescanned("<!DOCTYPE html><?xml version=1?><p>t") == "(unchanged)");
}

TEST_CASE("prescan: RCDATA and other raw text is left whole, and hides what looks like markup") {
  CHECK(prescanned("<title>a <script>x()</script> <!-- b --></title>") == "(unchanged)");
  CHECK(prescanned("<textarea><style>s{}</style><!-- c --></textarea>") == "(unchanged)");
  CHECK(prescanned("<xmp><script>x()</script></xmp><iframe><!-- c --></iframe>") == "(unchanged)");
  CHECK(prescanned("<noembed><style>a</style></noembed><noframes><!-- c --></noframes>") == "(unchanged)");
  // "</titles>" does not end a title.
  CHECK(prescanned("<title>a</titles><script>s()</script></title><script>t()</script>") ==
        "<title>a</titles><script>s()</script></title><script>x</script>");
  // <plaintext> runs to the end of the page.
  CHECK(prescanned("<p>a<plaintext><script>x()</script><!-- c -->") == "(unchanged)");
}

TEST_CASE("prescan: tags inside attribute values are not tags") {
  CHECK(prescanned(R"(<p title="<script>">a</p><p data-x='<!--'>b</p><style>c{}</style>)") ==
        R"(<p title="<script>">a</p><p data-x='<!--'>b</p><style>x</style>)");
  CHECK(prescanned(R"(<style media="</style>">c{}</style>)") == R"(<style media="</style>">x</style>)");
}

TEST_CASE("prescan: inside <svg> and <math> the tree builder decides, so nothing is emptied") {
  // An SVG <script> holds markup: "<b>" even leaves the <svg>.
  CHECK(prescanned("<svg><script>a<b>c</b></script><style>s{}</style></svg>") == "(unchanged)");
  CHECK(prescanned("<math><mi>x</mi><style>s</style></math>") == "(unchanged)");
  // After the </svg>, emptying goes on; a <title> or <desc> of plain text changes nothing.
  CHECK(prescanned("<svg><title>Icon</title><desc>d</desc><path d=M0/></svg><script>f()</script>") ==
        "<svg><title>Icon</title><desc>d</desc><path d=M0/></svg><script>x</script>");
  CHECK(prescanned("<svg/><script>f()</script>") == "<svg/><script>x</script>");
  // HTML inside a <foreignObject> may leave the nesting behind ("</svg>" is ignored there): from
  // then on the page may be inside an <svg> anywhere, and stays unchanged.
  CHECK(prescanned("<svg><foreignObject><div></svg></div></foreignObject><script>f()</script></svg>") == "(unchanged)");
  // "<![CDATA[" is text to "]]>" in foreign content and a bogus comment to '>' elsewhere: when
  // the two ends differ, this pass no longer knows where it is, and empties nothing more.
  CHECK(prescanned("<svg><![CDATA[ a ]]></svg><!-- c -->") == "<svg><![CDATA[ a ]]></svg><!---->");
  CHECK(prescanned("<svg><![CDATA[ a > <!-- ]]> b --></svg><!-- c -->") == "(unchanged)");
}

TEST_CASE("prescan: in <select> and frameset pages the tree builder ignores <style>, so nothing is emptied") {
  CHECK(prescanned("<select><style>x</style><option>o</select><style>s{}</style>") ==
        "<select><style>x</style><option>o</select><style>x</style>");
  // A <style> in a <select> holding markup: its text is the select's, and the pass stops.
  CHECK(prescanned("<select><style>a<b>b</b></style></select><style>s{}</style>") == "(unchanged)");
  CHECK(prescanned("<frameset><style>s{}</style></frameset>") == "(unchanged)");
}

TEST_CASE("prescan: the tree is the same, and the cleaner reads the same, with and without it") {
  const std::string page =
      "<html><head><title>T</title><style>body{}</style><script>var a = '<p>x</p>';</script>"
      R"(<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Ann Lee"}}</script>)"
      "</head><body><!-- nav --><article><h1>Head</h1><p>One <script>document.write('w')</script>two."
      "</p><style>.a{}</style><p>Three</p></article></body></html>";
  Dom with(page, true), without(page, false);
  REQUIRE(with.size() == without.size());
  for (NodeId id = 0; id < with.size(); ++id) {
    CHECK(with[id].tag == without[id].tag);
    CHECK(with[id].end == without[id].end);
    CHECK(with.text(id) == without.text(id));
  }
  // Script and style text reads as empty; JSON-LD and other text as written.
  CHECK(with.text_content(with.body()) == "HeadOne two.Three");
  NodeId ld = with.find_all(GUMBO_TAG_SCRIPT)[1];
  CHECK(with.text_content(ld).find("Ann Lee") != std::string::npos);
  CleanOptions on, off;
  off.prescan = false;
  Article a = clean_html(page, "https://example.com/a", on);
  Article b = clean_html(page, "https://example.com/a", off);
  CHECK(a.text() == b.text());
  CHECK(a.meta.author == b.meta.author);
  CHECK(a.meta.author == "Ann Lee");
}

TEST_CASE("prepare_markup_in_place makes the same changes in the page itself") {
  std::string deep;
  for (int i = 0; i < kMaxNestingDepth + 20; ++i) deep += "<div>";
  deep += "text";
  for (int i = 0; i < kMaxNestingDepth + 20; ++i) deep += "</div>";
  std::string many = "<p";
  for (int i = 0; i < kMaxAttributesPerElement + 5; ++i) many += " a" + std::to_string(i) + "=" + std::to_string(i);
  many += "/>";
  for (const std::string& page :
       {std::string("<p>nothing to change</p>"), std::string(""), std::string("<!-- a --><p>x</p><!---->"),
        std::string("<script>var a = '<p>';</script><style>p{}</style><p>t</p><!-- c --><script>x</script>"),
        std::string(R"(<script type="application/ld+json">{"a":1}</script><script>1</script>)"), deep, many,
        many + "<script>long body</script>" + deep}) {
    INFO(page.substr(0, 80));
    std::optional<std::string> copy = prepare_markup(page);
    std::string in_place = page;
    CHECK(prepare_markup_in_place(in_place) == copy.has_value());
    CHECK(in_place == copy.value_or(page));
  }
}

TEST_CASE("clean_taken_html cleans as clean_html does and takes the markup, refused or not") {
  const std::string page =
      "<html><head><title>Story</title><script>var a = 1;</script></head><body><!-- nav --><article>"
      "<h1>Story</h1><p>The first paragraph of a story long enough to be one.</p><p>And a second one, "
      "also long enough.</p></article></body></html>";
  Article kept = clean_html(page, "https://example.com/a");
  std::string taken = page;
  Article cleaned = clean_taken_html(std::move(taken), "https://example.com/a");
  CHECK(taken.empty());
  CHECK(cleaned.text() == kept.text());
  CHECK(cleaned.meta.title == kept.meta.title);
  CHECK_FALSE(cleaned.text().empty());
  CleanOptions strict;
  strict.max_elements = 2;
  std::string refused = page;
  CHECK_THROWS_AS(clean_taken_html(std::move(refused), "", strict), LimitExceeded);
  CHECK(refused.empty());
}

TEST_CASE("prescan: linear in the page, whatever it holds") {
  // Every case that looks ahead: escape states, CDATA and integration points in <svg>, unclosed
  // comments and raw text.
  const std::string unit =
      "<script><!--<script>a</script>--></script><svg><![CDATA[x]]><desc>d</desc></svg>"
      "<select><style>s</style></select><style>a</styl</style><!-- c --><p title='<script>'>t</p>";
  winnow::testing::Growth growth = winnow::testing::measure_growth(
      [&](int scale) {
        std::string html;
        for (int i = 0; i < 4000 * scale; ++i) html += unit;
        for (int i = 0; i < 2000 * scale; ++i) html += "<svg><![CDATA[<script><!--";  // never closed
        return html;
      },
      [](const std::string& html) { (void)prepare_markup(html); });
  INFO(growth.describe());
  CHECK(growth.ratio() < winnow::testing::kMaxLinearGrowth);
}
