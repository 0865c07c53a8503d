// End-to-end tests of the extractor: one page per failure mode, through clean_html.
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <string>

#include "clean/cleaner.h"

using namespace winnow::clean;

namespace {

const std::string kPara1 =
    "Choe Son-hui arrived in Moscow on Sunday for talks with her Russian counterpart, according to the "
    "official news agency, which gave no further details about the schedule of the visit.";
const std::string kPara2 =
    "The two sides discussed bilateral cooperation, regional security and the prospects of the "
    "relationship, the foreign ministry said in a statement released late on Tuesday evening.";
const std::string kPara3 =
    "Observers see the visit as an attempt to strengthen ties with Moscow and to put pressure on "
    "Washington to return to the negotiating table with a changed attitude, analysts said.";

std::string page(const std::string& body, const std::string& head = "<title>Talks in Moscow - Daily Wire</title>") {
  return "<!doctype html><html lang=en><head>" + head + "</head><body>" + body + "</body></html>";
}

std::string chrome_nav() {
  return "<nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li><li><a href=/asia>Asia</a></li></ul></nav>"
         "<header class=site-header><a href=/>Daily Wire</a> <span>Your trusted news</span></header>";
}

std::string chrome_footer() {
  return "<footer><p>Copyright 2024 Daily Wire. All rights reserved. Contact us at our main office any day.</p>"
         "<a href=/privacy>Privacy</a> <a href=/terms>Terms</a></footer>";
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("article paragraphs kept, navigation header and footer removed") {
  Article a = clean_html(page(chrome_nav() + "<main><article><h1>Talks in Moscow</h1><p>" + kPara1 + "</p><p>" + kPara2 +
                              "</p></article></main>" + chrome_footer()));
  std::string text = a.text();
  CHECK(text == kPara1 + "\n\n" + kPara2);
}

TEST_CASE("cookie banner and newsletter box never leak") {
  Article a = clean_html(page(
      "<div id=cookie-consent class=cookie-banner><p>We use cookies to improve your experience on our site. By continuing "
      "to browse you agree to our use of cookies and similar technologies.</p><button>Accept</button></div>"
      "<article><p>" + kPara1 + "</p><div class=newsletter-signup><h3>Get the briefing</h3><p>Sign up for our daily "
      "newsletter and receive the top stories every morning in your inbox.</p></div><p>" + kPara2 + "</p></article>"));
  std::string text = a.text();
  CHECK(contains(text, kPara1));
  CHECK(contains(text, kPara2));
  CHECK_FALSE(contains(text, "cookies"));
  CHECK_FALSE(contains(text, "newsletter"));
}

TEST_CASE("related, ranking and recommendation link lists go with their headings") {
  std::string lists;
  for (const char* name : {"Related", "Ranking", "Recommendation"}) {
    lists += std::string("<h3>") + name + "</h3><ul>";
    for (int i = 0; i < 5; ++i) lists += "<li><a href=/s" + std::to_string(i) + ">Some unrelated story number " + std::to_string(i) + " about celebrities</a></li>";
    lists += "</ul>";
  }
  Article a = clean_html(page("<div class=post><p>" + kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 + "</p>" + lists + "</div>"));
  std::string text = a.text();
  CHECK(contains(text, kPara3));
  CHECK_FALSE(contains(text, "Related"));
  CHECK_FALSE(contains(text, "Ranking"));
  CHECK_FALSE(contains(text, "Recommendation"));
  CHECK_FALSE(contains(text, "celebrities"));
}

TEST_CASE("share bars, rating widgets, ads and their labels are removed") {
  Article a = clean_html(page(
      "<article><div class=share-bar><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div><p>" + kPara1 +
      "</p><div class=ad-container><span>Advertisement</span><div id=ad-slot-1></div></div><p>Advertisement</p><p>" + kPara2 +
      "</p><div class=rating-widget><span>veryGood! (5824)</span></div></article>"));
  std::string text = a.text();
  CHECK(text == kPara1 + "\n\n" + kPara2);
}

TEST_CASE("captions and photo credits are out by default, in with keep_captions") {
  std::string html = page("<article><p>" + kPara1 + "</p><figure><img src=a.jpg><figcaption>Choe Son-hui at the airport (Yonhap)</figcaption></figure><p>" +
                          kPara2 + "</p></article>");
  CHECK_FALSE(contains(clean_html(html).text(), "airport (Yonhap)"));
  CleanOptions keep;
  keep.keep_captions = true;
  CHECK(contains(clean_html(html, "", keep).text(), "airport (Yonhap)"));
}

TEST_CASE("comment sections are removed") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article><section id=comments><h2>3 Comments</h2>"
                              "<div class=comment><p>John says: this is a long comment about the visit that goes on and on, "
                              "with opinions nobody asked for, and then some more.</p></div></section>"));
  CHECK_FALSE(contains(a.text(), "John says"));
  CHECK(contains(a.text(), kPara2));
}

TEST_CASE("an article split over sibling sections keeps every part") {
  Article a = clean_html(page(chrome_nav() + "<div id=story><section class=part><p>" + kPara1 + "</p><p>" + kPara2 +
                              "</p></section><div class=ad><p>Advertisement</p></div><section class=part><p>" + kPara3 +
                              "</p><p>" + kPara1 + " Again.</p></section></div>" + chrome_footer()));
  std::string text = a.text();
  CHECK(contains(text, kPara2));
  CHECK(contains(text, kPara3));
  CHECK(contains(text, "Again."));
}

TEST_CASE("inline text in a layout table cell is split at line breaks") {
  Article a = clean_html(page("<table width=100%><tr><td width=20%><a href=/>Home</a><br><a href=/n>News</a></td><td>" + kPara1 +
                              "<br><br>" + kPara2 + "<br><br>" + kPara3 + "</td></tr></table>"));
  CHECK(a.text() == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("data tables become rows with cells joined by a bar; markdown gets a real table") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><table><tr><th>Date</th><th>Event</th></tr><tr><td>Nov. 18</td><td>Arrival in Vladivostok</td></tr>"
                              "<tr><td>Nov. 20</td><td>Strategic dialogue</td></tr></table><p>" + kPara2 + "</p></article>"));
  CHECK(contains(a.text(), "Date | Event\nNov. 18 | Arrival in Vladivostok\nNov. 20 | Strategic dialogue"));
  CHECK(contains(a.markdown(), "| Date | Event |\n| --- | --- |\n| Nov. 18 | Arrival in Vladivostok |"));
}

TEST_CASE("lists, headings and quotes inside the article are kept in order") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><h2>What was agreed</h2><ul><li>More flights between the capitals</li>"
                              "<li>A new trade office in Vladivostok</li></ul><blockquote><p>Diplomacy is our preferred approach.</p></blockquote><p>" +
                              kPara2 + "</p></article>"));
  CHECK(a.text() == kPara1 + "\n\nWhat was agreed\n\n- More flights between the capitals\n- A new trade office in Vladivostok\n\n"
                             "> Diplomacy is our preferred approach.\n\n" + kPara2);
  CHECK(contains(a.markdown(), "## What was agreed"));
}

TEST_CASE("embed shortcodes and hidden elements do not reach the text") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><p>[ooyala code=\"Y3cmJ0YzE6\" player_id=\"5df2\" auto=\"true\"]</p>"
                              "<div hidden><p>Hidden teaser text that should never show up anywhere in output.</p></div>"
                              "<div style=\"display: none\"><p>Also invisible text that should never show up in output.</p></div><p>" +
                              kPara2 + "</p></article>"));
  CHECK(a.text() == kPara1 + "\n\n" + kPara2);
}

TEST_CASE("the title heading is not repeated in the text") {
  Article a = clean_html(page("<article><h1>Talks in Moscow</h1><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article>"));
  CHECK(a.text().rfind(kPara1, 0) == 0);
}

TEST_CASE("code blocks keep their line breaks") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><pre>int main() {\n  return 0;\n}</pre><p>" + kPara2 + "</p></article>"));
  CHECK(contains(a.text(), "int main() {\n  return 0;\n}"));
  CHECK(contains(a.markdown(), "```\nint main() {\n  return 0;\n}\n```"));
}

TEST_CASE("unclosed paragraphs still give separate blocks") {
  Article a = clean_html(page("<div class=entry><p>" + kPara1 + "<p>" + kPara2 + "<p>" + kPara3 + "</div>"));
  CHECK(a.text() == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("a page of headline links is a listing: every headline is its text") {
  std::string body;
  for (int i = 0; i < 30; ++i) {
    body += "<div class=item><h3><a href=/story" + std::to_string(i) + ">Headline number " + std::to_string(i) +
            " about something that happened today</a></h3></div>";
  }
  Article a = clean_html(page(chrome_nav() + "<main>" + body + "</main>" + chrome_footer()));
  CHECK(a.page_type == PageType::Listing);
  CHECK_FALSE(a.is_article);
  for (int i : {0, 14, 29}) CHECK(contains(a.text(), "Headline number " + std::to_string(i) + " about"));
}

TEST_CASE("bad input never crashes") {
  CHECK(clean_html("").text().empty());
  std::string garbage;
  for (int i = 0; i < 10000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  CHECK_NOTHROW(clean_html(garbage));
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += kPara1;
  CHECK(clean_html(deep).text() == kPara1);
}

TEST_CASE("the article continues past a read-more wrapper around its last part") {
  Article a = clean_html(page(chrome_nav() + "<div class=story-body><div class=story-intro><p><strong>" + kPara1 +
                              "</strong></p></div><p>" + kPara2 + "</p><div id=read-more><div><a href=''>Read more</a>"
                              "</div><div id=read-more-content><p>" + kPara3 + "</p><p>" + kPara3 + " Again.</p></div></div></div>" +
                              chrome_footer()));
  std::string text = a.text();
  CHECK(contains(text, kPara1));
  CHECK(contains(text, kPara2));
  CHECK(contains(text, kPara3));
  CHECK_FALSE(contains(text, "Read more"));
}

TEST_CASE("a formula wrapped in renderer elements with toolkit class names stays in the text") {
  Article a = clean_html(page("<article><p>" + kPara1 + "</p><p>When <mjx-container class=\"MathJax CtxtMenu_Attached_0\">"
                              "<mjx-math aria-hidden=true><mjx-c></mjx-c></mjx-math><mjx-assistive-mml><math><mi>a</mi>"
                              "<mo>&#x2260;</mo><mn>0</mn></math></mjx-assistive-mml></mjx-container>, there are two "
                              "solutions.</p><p>" + kPara2 + "</p></article>"));
  CHECK(contains(a.text(), "a\u22600, there are two solutions."));
}

TEST_CASE("a page builder's word on every block (\"widget\") does not remove the article's parts") {
  std::string body = "<div class='pb-widget-wrap'>";
  body += "<div class='pb-widget pb-widget-heading'><h1>Talks in Moscow</h1></div>";
  body += "<div class='pb-widget pb-widget-text'><div><p>" + kPara1 + "</p></div></div>";
  body += "<div class='pb-widget pb-widget-section'><div><div><div><p>" + kPara2 + "</p></div></div></div></div>";
  body += "<div class='pb-widget pb-widget-html'><table><tr><td>" + kPara3 + "<br><br>" + kPara1.substr(0, 60) +
          " and more.</td></tr></table></div>";
  body += "</div><div class='sidebar-widget'><h3>Popular</h3><ul><li><a href=/a>One story</a></li><li><a href=/b>Two "
          "stories</a></li></ul></div>";
  Article a = clean_html(page(chrome_nav() + body + chrome_footer()));
  std::string text = a.text();
  CHECK(contains(text, kPara1));
  CHECK(contains(text, kPara2));
  CHECK(contains(text, kPara3));
  CHECK_FALSE(contains(text, "Two stories"));
}

TEST_CASE("a sibling full of short labels (a video player's menus) does not join the article") {
  std::string labels;
  for (const char* l : {"Auto", "High (HD)", "Medium", "Low", "Back", "English", "Style Options", "Arial", "Georgia",
                        "Palatino", "Times New Roman", "Verdana", "Courier New", "Tahoma", "Impact", "100% (opaque)",
                        "75% (transparency)", "50% (transparency)", "Captions will look like this",
                        "Video Not Available", "Next video starts in : 7 Play", "Now watching"}) {
    labels += "<div class=yvp-item>" + std::string(l) + "</div>";
  }
  Article a = clean_html(page("<div class=wrap><div class=cover>" + labels + "</div><div class=body><p>" + kPara1 +
                              "</p><p>" + kPara2 + "</p><p>" + kPara3 + "</p></div></div>"));
  CHECK(contains(a.text(), kPara3));
  CHECK_FALSE(contains(a.text(), "Times New Roman"));
}

TEST_CASE("a grid of teaser cards is a listing: each card's headline and teaser, not its byline") {
  std::string cards;
  const std::string summaries[] = {kPara1, kPara2, kPara3};
  for (int i = 0; i < 9; ++i) {
    cards += "<div class=card><h3><a href=/news/" + std::to_string(i) + ">Headline number " + std::to_string(i) +
             " of the day</a></h3><p>" + summaries[i % 3].substr(0, 120) + ".</p><span>By Staff, May " +
             std::to_string(i + 1) + "</span></div>";
  }
  Article a = clean_html(page(chrome_nav() + "<main><section class=story-grid>" + cards + "</section></main>" + chrome_footer()));
  CHECK(a.page_type == PageType::Listing);
  CHECK_FALSE(a.is_article);
  for (int i = 0; i < 9; ++i) CHECK(contains(a.text(), "Headline number " + std::to_string(i) + " of the day"));
  CHECK(contains(a.text(), kPara2.substr(0, 100)));
  CHECK_FALSE(contains(a.text(), "By Staff"));
}

TEST_CASE("a blog that centres every paragraph between photos keeps them; a lone centred caption goes") {
  std::string body = "<article>";
  for (const std::string& p : {kPara1, kPara2, kPara3, kPara1 + " Later."}) {
    body += "<p style='text-align: center;'><img src=p.jpg></p><p style='text-align: center;'><span>" + p.substr(0, 110) +
            "</span></p>";
  }
  body += "</article>";
  Article blog = clean_html(page(body));
  CHECK(contains(blog.text(), kPara2.substr(0, 110)));
  CHECK(contains(blog.text(), kPara3.substr(0, 110)));

  Article story = clean_html(page("<article><p>" + kPara1 + "</p><p><img src=a.jpg></p><p align=center>Residents at "
                                  "lunch. Photo: Li Jing</p><p>" + kPara2 + "</p><p>" + kPara3 + "</p></article>"));
  CHECK_FALSE(contains(story.text(), "Residents at lunch"));
  CHECK(contains(story.text(), kPara3));
}

TEST_CASE("a home page of headline lists and rails (no card grid) is a listing of its headlines") {
  std::string body = "<div id=app><main>";
  const std::string summaries[] = {kPara1, kPara2, kPara3};
  for (int rail = 0; rail < 3; ++rail) {
    body += "<section><h3>Section " + std::to_string(rail) + "</h3><ol>";
    for (int i = 0; i < 4; ++i) {
      body += "<li><h3>Kicker</h3><h2><a href=/es/2022/" + std::to_string(rail * 10 + i) + ".html>Headline " +
              std::to_string(rail * 10 + i) + " about something that happened</a></h2><p>" +
              summaries[i % 3].substr(0, 90) + ".</p><p>Por <a href=/by/" + std::to_string(i) + ">Reporter " +
              std::to_string(i) + "</a></p></li>";
    }
    body += "</ol></section>";
  }
  body += "</main></div>";
  Article a = clean_html(page(body));
  CHECK(a.page_type == PageType::Listing);
  CHECK_FALSE(a.is_article);
  for (int i : {0, 13, 23}) CHECK(contains(a.text(), "Headline " + std::to_string(i) + " about something"));
}

TEST_CASE("a story opened in a modal over a home page stream is the article") {
  std::string stream = "<div id=stream><ul>";
  for (int i = 0; i < 6; ++i) {
    stream += "<li><h3><a href=/n/" + std::to_string(i) + ">Other headline " + std::to_string(i) + " of the day</a></h3><p>" +
              kPara2.substr(0, 100) + ".</p></li>";
  }
  stream += "</ul></div>";
  std::string modal = "<div class='render-target-modal modal-open'><article><header><h1>Talks in Moscow end without "
                      "agreement</h1></header><div><p>" + kPara1 + "</p><p>" + kPara3 + "</p><p>" + kPara1 +
                      " Again.</p><p>" + kPara3 + " Once more.</p></div></article></div>";
  Article a = clean_html(page(stream + modal, "<title>Talks in Moscow end without agreement</title>"));
  CHECK(a.is_article);
  CHECK(contains(a.text(), kPara3 + " Once more."));
}

TEST_CASE("a consent dialog longer than the article never wins, even over an aria-hidden or aside article") {
  std::string legal;
  for (int i = 0; i < 5; ++i) {
    legal += "<p>We and our 842 partners store and access information on your device, such as cookies and unique "
             "identifiers, and process personal data such as browsing data for personalised advertising, measurement "
             "and audience research, as described in section " + std::to_string(i + 1) + " of our policy.</p>";
  }
  std::string dialog = "<div role=dialog class=consent-layer><h2>We value your privacy</h2>" + legal +
                       "<button>Accept all</button></div>";
  std::string story = "<h1>Talks in Moscow end without agreement</h1><p>" + kPara1 + "</p><p>" + kPara2 + "</p><p>" +
                      kPara1 + " Again.</p><p>" + kPara3 + "</p>";
  for (const std::string& wrapper : {"<div aria-hidden=\"true\" class=page><article>" + story + "</article></div>",
                                     "<aside class=story-panel>" + story + "</aside>"}) {
    Article a = clean_html(page(dialog + wrapper + "<div class=nl-modal><h3>Get the newsletter</h3><p>Sign up for "
                                "our daily briefing.</p></div>",
                                "<title>Talks in Moscow end without agreement - Daily Wire</title>"));
    CHECK(contains(a.text(), kPara3));
    CHECK_FALSE(contains(a.text(), "842 partners"));
    CHECK_FALSE(contains(a.text(), "daily briefing"));
  }
}

TEST_CASE("a photo gallery with captions and credits stays out of the text by default") {
  std::string slides;
  for (int i = 1; i <= 6; ++i) {
    slides += "<div class=slide><img src=g" + std::to_string(i) + ".jpg><p class=slide-caption>Volunteers plant reeds "
              "along the shore on Saturday morning, slide " + std::to_string(i) + " of 6. Photo: Lake Agency</p></div>";
  }
  std::string html = page("<article><p>" + kPara1 + "</p><section class=gallery-carousel><h2>In pictures</h2>" + slides +
                          "</section><p>" + kPara2 + "</p><p>" + kPara3 + "</p></article>");
  Article a = clean_html(html);
  CHECK(contains(a.text(), kPara2));
  CHECK_FALSE(contains(a.text(), "Volunteers plant reeds"));
  CHECK_FALSE(contains(a.text(), "In pictures"));
  CleanOptions keep;
  keep.keep_captions = true;
  CHECK(contains(clean_html(html, "", keep).text(), "slide 6 of 6. Photo: Lake Agency"));
}

TEST_CASE("link lists go with their headings in any language") {
  for (std::string heading : {"관련기사", "相关阅读", "اقرأ أيضا", "Lees ook", "Czytaj także"}) {
    std::string list = "<h3>" + heading + "</h3><ul>";
    for (int i = 0; i < 4; ++i) list += "<li><a href=/x" + std::to_string(i) + ">" + heading + " " + std::to_string(i) + " story</a></li>";
    list += "</ul>";
    Article a = clean_html(page("<article><p>" + kPara1 + "</p><p>" + kPara2 + "</p>" + list + "<p>" + kPara3 + "</p></article>"));
    CHECK(contains(a.text(), kPara3));
    CHECK_FALSE(contains(a.text(), heading));
  }
}

TEST_CASE("a page whose text is built by scripts falls back to JSON-LD articleBody") {
  std::string shell = "<div id=root><div class=spinner>Loading...</div></div>";
  std::string escaped = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Talks\","
                        "\"articleBody\":\"" + kPara1 + "\\n\\n" + kPara2 + "\\n\\n" + kPara3 + "\"}</script>";
  Article a = clean_html(page(shell, "<title>Talks</title>" + escaped));
  REQUIRE(a.blocks.size() == 3);
  CHECK(a.blocks[1].text == kPara2);
  CHECK(a.is_article);

  // Raw line breaks inside the JSON string (invalid JSON, common) and HTML inside articleBody.
  std::string raw = "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"articleBody\":\"<p>" + kPara1 +
                    "</p>\n<p>" + kPara2 + "<br>" + kPara3 + "</p>\"}</script>";
  Article b = clean_html(page(shell, "<title>Talks</title>" + raw));
  REQUIRE(b.blocks.size() == 3);
  CHECK(b.blocks[2].text == kPara3);

  // A page whose own text is the article keeps it, JSON-LD or not.
  Article c = clean_html(page("<article><p>" + kPara3 + "</p><p>" + kPara2 + "</p></article>", "<title>Talks</title>" + escaped));
  CHECK(c.blocks.front().text == kPara3);
}

TEST_CASE("a page over max_elements is refused before parsing, and says how many it has") {
  std::string body = "<article><h1>Talks</h1><p>" + kPara1 + "</p><p>" + kPara2 + "</p></article>";
  CleanOptions options;
  options.max_elements = 5;
  CHECK_THROWS_WITH(clean_html(page(body), "", options),
                    Catch::Contains("not cleaned:") && Catch::Contains("elements, over the limit of 5"));
  options.max_elements = 0;  // no limit
  CHECK_THAT(clean_html(page(body), "", options).text(), Catch::Contains("Choe Son-hui"));
  const std::string html = page(body);
  std::size_t tags = 0;  // start tags, the limit's measure (<!doctype and </p> are not)
  for (std::size_t i = 0; i + 1 < html.size(); ++i) {
    tags += html[i] == '<' && std::isalpha(static_cast<unsigned char>(html[i + 1]));
  }
  CHECK(tags == 8);
  options.max_elements = tags;
  CHECK_NOTHROW(clean_html(page(body), "", options));
  options.max_elements = tags - 1;
  CHECK_THROWS_AS(clean_html(page(body), "", options), LimitExceeded);
}

TEST_CASE("a page over the time budget is given up, with the stage it reached") {
  // Some 40 000 elements: parsing alone takes far more than a millisecond on any machine.
  std::string body;
  for (int i = 0; i < 10000; ++i) body += "<div><p>" + kPara1 + " <a href=/x>more</a></p></div>";
  CleanOptions options;
  options.time_budget = std::chrono::milliseconds(1);
  CHECK_THROWS_WITH(clean_html(page(body), "", options), Catch::Contains("not cleaned: over the time budget of 0.001 s"));
  options.time_budget = std::chrono::milliseconds(0);  // no budget
  CHECK_NOTHROW(clean_html(page(body), "", options));
}
