#include "clean/page_header.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {
namespace {

/// headline_date of the first <h1> of `body`.
std::string beside_headline(const std::string& body) {
  Dom dom("<!DOCTYPE html><html><head></head><body>" + body + "</body></html>");
  return headline_date(dom, dom.find_tag(GUMBO_TAG_H1));
}

std::string teaser(int day) {
  std::string d = std::to_string(day);
  return "<div class=\"card\"><h2><a href=\"/p/" + d + "\">Story " + d + "</a></h2><span class=\"date\">Mar " + d +
         ", 2024</span></div>";
}

}  // namespace

TEST_CASE("conversation_date: a thread's first post", "[metadata]") {
  using V = std::vector<PageTime>;
  // Times with a post's text between them.
  auto posts = [](std::vector<std::string> isos) {
    V out;
    for (size_t i = 0; i < isos.size(); ++i) out.push_back({isos[i], static_cast<int64_t>(400 * i)});
    return out;
  };
  CHECK(conversation_date(posts({"2024-02-24T18:41:02Z", "2024-02-24T23:12:09Z", "2024-02-25T00:09:32Z"})) ==
        "2024-02-24T18:41:02Z");
  // Answers sorted by votes mix their order; the question still comes first and earliest.
  CHECK(conversation_date(posts({"2016-08-05T04:16Z", "2016-09-10T21:38Z", "2016-08-18T10:40Z",
                                 "2023-08-23T08:27Z", "2016-08-05T05:11Z"})) == "2016-08-05T04:16Z");
  // "Similar threads" after the thread are older: the thread ends there.
  CHECK(conversation_date(posts({"2024-11-01T15:08Z", "2024-11-01T15:45Z", "2024-11-02T01:58Z",
                                 "2014-08-03T10:00Z", "2018-01-08T10:00Z", "2026-03-01T10:00Z"})) ==
        "2024-11-01T15:08Z");
  // A listing shows its newest teaser first; a front page's same-day stories go back in time.
  CHECK(conversation_date(posts({"2024-03-05", "2024-03-04", "2024-03-03", "2024-03-01"})).empty());
  CHECK(conversation_date(posts({"2026-03-06T07:00", "2026-03-07T16:06", "2026-03-07T07:30", "2026-03-07T06:30",
                                 "2026-03-06T18:40", "2026-03-06T17:49", "2026-03-06T17:03"}))
            .empty());
  CHECK(conversation_date(posts({"2024-02-24", "2024-02-25"})).empty());
  CHECK(conversation_date(posts({"2999-01-01", "2999-01-02", "2999-01-03"})).empty());
  // Teaser cards in date order hold a line or two each, not posts.
  CHECK(conversation_date(V{{"2023-09-21T01:00Z", 0}, {"2023-09-21T02:00Z", 60}, {"2023-09-21T03:00Z", 120}}).empty());
  CHECK(conversation_date({}).empty());
}

TEST_CASE("headline_date: the date line beside the headline", "[metadata]") {
  CHECK(beside_headline("<h1>Why Rust</h1><div><span>Dec 12, 2025</span> <span>4 min read</span></div><p>Text.</p>") ==
        "2025-12-12");
  CHECK(beside_headline(R"(<h1>Trends</h1><div><strong>By <a href="/team/o">Dr. Vahid Osman</a></strong> - Mar 27, 2024</div>)") ==
        "2024-03-27");
  // Above the headline, inside its header.
  CHECK(beside_headline("<header><div><span>December 17, 2025</span> • 8 minutes</div><h1>Stop Nesting</h1></header>") ==
        "2025-12-17");
  // A subtitle between the headline and the byline.
  CHECK(beside_headline("<h1>A Tool</h1><h3>I spent several hours on a prototype. Did it work?</h3><div>Karen S</div>"
                        "<div>Aug 09, 2025</div>") == "2025-08-09");
  // An update, in the line or in the words before it, is no published date.
  CHECK(beside_headline("<h1>VPNs</h1><p>Updated October 23, 2025 • 8 min read</p>").empty());
  CHECK(beside_headline(R"(<h1>VPNs</h1><span><span>Last Updated</span> <span>on</span> <span class="date">Mar 11, 2026</span></span>)")
            .empty());
  // Nor a date that a label gives another meaning.
  CHECK(beside_headline("<h1>Repair Program</h1><p><strong>*Deadline to apply: <u>March 1st, 2026</u></strong></p>").empty());
  // The story's text, a listing's teasers, a list of dates and a heading that dates a listing's day.
  CHECK(beside_headline("<h1>News</h1><p>" + std::string(250, 'x') + "</p><p>" + std::string(250, 'y') +
                        "</p><p>May 2, 2024</p>")
            .empty());
  CHECK(beside_headline("<h1>News</h1><p>" + std::string(500, 'x') + "</p><p>May 2, 2024</p>").empty());
  // A summary under the headline comes before the byline and date.
  CHECK(beside_headline("<h1>News</h1><p>" + std::string(250, 'x') + "</p><div>By Ann Lee | May 2, 2024</div>") ==
        "2024-05-02");
  CHECK(beside_headline("<h1>The Blog</h1>" + teaser(9) + teaser(7) + teaser(5)).empty());
  CHECK(beside_headline("<h1>The Blog</h1><div><span class=\"date\">Mar 9, 2024</span></div>"
                        "<ul><li><span class=\"date\">Mar 7, 2024</span></li><li><span class=\"date\">Mar 5, 2024</span></li></ul>")
            .empty());
  CHECK(beside_headline(R"(<h1>Artificial Intelligence</h1><ul><li><a href="/d1">Fri, 6 Mar 2026</a></li>
      <li><a href="/d2">Thu, 5 Mar 2026</a></li><li><a href="/d3">Wed, 4 Mar 2026</a></li></ul>)")
            .empty());
  CHECK(beside_headline("<h1>Artificial Intelligence</h1><h3>Fri, 6 Mar 2026 (showing 50 entries)</h3>").empty());
  CHECK(beside_headline("<h1>No date</h1><p>Text.</p>").empty());
}

TEST_CASE("person_link_name: links to a person's page", "[metadata]") {
  auto name = [](const std::string& link) {
    Dom dom("<!DOCTYPE html><html><head></head><body>" + link + "</body></html>");
    return person_link_name(dom, dom.find_tag(GUMBO_TAG_A));
  };
  CHECK(name(R"(<a href="https://example.com/author/ann-lee/">Ann Lee</a>)") == "Ann Lee");
  CHECK(name(R"(<a href="/members/ridwan123.2982725/">ridwan123</a>)") == "ridwan123");
  CHECK(name(R"(<a href="./memberlist.php?mode=viewprofile&amp;u=1654883">Outer Armatonisdaristan</a>)") ==
        "Outer Armatonisdaristan");
  CHECK(name(R"(<a rel="author" href="/about">Ann Lee</a>)") == "Ann Lee");
  // Not a person's page, or no name.
  CHECK(name(R"(<a href="/services/">Services</a>)").empty());
  CHECK(name(R"(<a href="/authors/">All Authors</a>)").empty());
  CHECK(name(R"(<a href="/team/">Our Team</a>)").empty());
  CHECK(name(R"(<a href="/team/x/">Our team</a>)").empty());
  CHECK(name(R"(<a href="/members/r.1/">R</a>)").empty());
  CHECK(name(R"(<a class="btn cta" href="/users/sign_up">Get Started free</a>)").empty());
  CHECK(name(R"(<a href="/blog/authors/juliette-carreiro">Articles by Juliette</a>)").empty());
}

TEST_CASE("headline_byline: the names beside the headline", "[metadata]") {
  auto byline = [](const std::string& body) {
    Dom dom("<!DOCTYPE html><html><head></head><body>" + body + "</body></html>");
    return headline_byline(dom, dom.find_tag(GUMBO_TAG_H1));
  };
  using V = std::vector<std::string>;
  CHECK(byline(R"(<h1>T</h1><p>By <a href="/author/ann-lee">Ann Lee</a> and <a href="/author/bo-kim">Bo Kim</a></p>)") ==
        V{"Ann Lee", "Bo Kim"});
  // A reviewer or an editor is not an author.
  CHECK(byline(R"(<h1>T</h1><p><a href="/author/ann-lee">Ann Lee</a></p><p>Reviewed by <a href="/author/bo-kim">Bo Kim</a></p>)") ==
        V{"Ann Lee"});
  CHECK(byline("<h1>T</h1><p>By Ann Lee and Bo Kim</p>") == V{"Ann Lee", "Bo Kim"});
  CHECK(byline("<h1>T</h1><div><p>Written by</p><p>Edzel Tabing</p></div>") == V{"Edzel Tabing"});
  CHECK(byline("<h1>T</h1><p>This post was written by <a href=\"/doctors/vm\">Vanessa Mendez, MD</a>, a doctor.</p>") ==
        V{"Vanessa Mendez, MD"});
  CHECK(byline("<h1>T</h1><p>Written by</p><p>May 2, 2024</p>").empty());
  CHECK(byline("<h1>T</h1><p>Text.</p>").empty());
}

TEST_CASE("first_post_author: the member link beside the first post's time", "[metadata]") {
  Dom dom(R"(<!DOCTYPE html><html><body><ul><li>Thread starter <a href="/members/sean_g.1/">sean_g</a></li>
      <li>Start date <time datetime="2024-02-25">Feb 25, 2024</time></li></ul>
      <div>asked <time id="q" datetime="2011-02-11">Feb 11, 2011</time> <a href="/users/7/kumiko">Kumiko</a></div>
      </body></html>)");
  std::vector<NodeId> times = dom.find_all(GUMBO_TAG_TIME);
  REQUIRE(times.size() == 2);
  CHECK(first_post_author(dom, times[0]) == "sean_g");
  CHECK(first_post_author(dom, times[1]) == "Kumiko");
  CHECK(first_post_author(dom, kNoNode).empty());
}

}  // namespace winnow::clean
