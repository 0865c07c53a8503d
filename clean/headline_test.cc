#include "clean/headline.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clean/dom.h"
#include "clean/html_entities.h"
#include "clean/page_title.h"

namespace winnow::clean {
namespace {

std::string page(const std::string& body) { return "<!DOCTYPE html><html><head></head><body>" + body + "</body></html>"; }

/// heading_text of the first <h1> (or <h2>) of `body`.
std::string heading_of(const std::string& body) {
  Dom dom(page(body));
  NodeId h = dom.find_tag(GUMBO_TAG_H1);
  if (h == kNoNode) h = dom.find_tag(GUMBO_TAG_H2);
  REQUIRE(h != kNoNode);
  return heading_text(dom, h);
}

std::string logo_of(const std::string& body) {
  Dom dom(page(body));
  return logo_site_name(dom);
}

}  // namespace

TEST_CASE("decode_entities: what double escaping leaves", "[metadata]") {
  CHECK(decode_entities("Why They&#8217;re Smart") == "Why They\u2019re Smart");
  CHECK(decode_entities("M&#038;A &#x3a; Q&amp;A") == "M&A : Q&A");
  CHECK(decode_entities("Dress &raquo; Shop &ndash; &quot;x&quot;") == "Dress \u00BB Shop \u2013 \"x\"");
  // Unknown, malformed, control and surrogate references stay as they are.
  CHECK(decode_entities("Tom & Jerry &unknown; &#; &#x; &#1; &#xD800; &amp") ==
        "Tom & Jerry &unknown; &#; &#x; &#1; &#xD800; &amp");
  CHECK(decode_entities("&#128512;") == "\U0001F600");
}

TEST_CASE("heading_text: what a reader sees in a heading", "[metadata]") {
  CHECK(heading_of("<h1>Top MBA Programs<br>Your Guide</h1>") == "Top MBA Programs Your Guide");
  CHECK(heading_of("<h1><span>The</span><div>productdevelopment</div>system</h1>") ==
        "The productdevelopment system");
  CHECK(heading_of(R"(<h1><span class="sr-only">Article:</span> Real <svg><title>icon</title></svg>
      headline<script>var x;</script><span style="display: none">hidden</span></h1>)") ==
        "Real headline");
  CHECK(heading_of("<h1>Home Repair Assis\u00ADtance Program</h1>") == "Home Repair Assistance Program");
  CHECK(heading_of("<h1>Tools | Python, SQL &amp;#x26; AI</h1>") == "Tools | Python, SQL & AI");
}

TEST_CASE("heading_text: section-edit links never end a heading", "[metadata]") {
  // A wiki's edit links, by class and by shape (a bracketed group of link text), any language.
  CHECK(heading_of(R"(<h2>Early life<span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w?action=edit&section=1">edit</a><span class="mw-editsection-bracket">]</span></span></h2>)") ==
        "Early life");
  CHECK(heading_of(R"(<h1>History [<a href="/e1">edit</a> | <a href="/e2">edit source</a>]</h1>)") == "History");
  CHECK(heading_of(R"(<h1>Geschichte <span>[<a href="/e">Bearbeiten</a>]</span></h1>)") == "Geschichte");
  // A documentation generator's anchor after the heading.
  CHECK(heading_of(R"(<h1>Quickstart<a class="headerlink" href="#quickstart" title="Link">¶</a></h1>)") ==
        "Quickstart");
  CHECK(heading_of(R"(<h1>Install <a href="#install">#</a></h1>)") == "Install");
  // Brackets that are part of the headline stay.
  CHECK(heading_of("<h1>How Much Does a Renovation Cost? [2025 Data]</h1>") ==
        "How Much Does a Renovation Cost? [2025 Data]");
  CHECK(heading_of(R"(<h1>Notes on <a href="/rfc">[RFC 9110]</a></h1>)") == "Notes on [RFC 9110]");
}

TEST_CASE("logo_site_name: the site's name as its logo shows it", "[metadata]") {
  CHECK(logo_of(R"(<header><a class="logo" href="/">Acme Daily</a></header><h1>Story</h1>)") == "Acme Daily");
  CHECK(logo_of(R"(<div class="top"><div class="site-logo"><a href="/"><img src="l.png" alt="Acme Daily logo"></a></div></div>
      <h1>Story</h1>)") == "Acme Daily");
  CHECK(logo_of(R"(<nav class="navbar"><a class="navbar-brand" href="/"><span>Acme</span> Daily</a></nav>)") ==
        "Acme Daily");
  CHECK(logo_of(R"(<header><div id="siteTitle"><a href="/">Acme Daily</a></div></header>)") == "Acme Daily");
  // Controls and file names are no names; nothing after the headline is the page header.
  CHECK(logo_of(R"(<header><a class="logo" href="/">Home</a></header>)").empty());
  CHECK(logo_of(R"(<header><a class="logo" href="/"><img src="l.png" alt="default-logo"></a></header>)").empty());
  CHECK(logo_of(R"(<h1>Story</h1><p>Text.</p><div class="brand">Sponsored by Brandname Inc</div>)").empty());
  CHECK(logo_of(R"(<header><a class="logout" href="/out">Sign out</a></header>)").empty());
}

TEST_CASE("pick_headline: the page's one headline among its <h1>s", "[metadata]") {
  using V = std::vector<std::string>;
  CHECK(pick_headline(V{"Story", "story"}, "Story | Site", "") == "Story");
  // Several: the one the title starts with.
  CHECK(pick_headline(V{"The Go Blog", "Defer, Panic, and Recover"}, "",
                      "Defer, Panic, and Recover - The Go Programming Language") == "Defer, Panic, and Recover");
  CHECK(pick_headline(V{"Submission Rules", "Discord"}, "How we pwned X, Discord, and others", "").empty());
  // The one that is the whole title before one the title starts with.
  CHECK(pick_headline(V{"Catering Tips | Cookshack", "Catering Tips"}, "Catering Tips", "Catering Tips | Cookshack") ==
        "Catering Tips");
  // The title's last part is the site's or section's name in the page header.
  CHECK(pick_headline(V{"The Rust Book"}, "", "Defining Traits - The Rust Book").empty());
}

TEST_CASE("title_piece: where a part sits in a title", "[metadata]") {
  CHECK(title_piece("Flexbox", "flexbox") == TitlePiece::kWhole);
  CHECK(title_piece("Flexbox - Learn | MDN", "Flexbox") == TitlePiece::kFirst);
  CHECK(title_piece("Local SEO Software | Local SEO Tools | Try", "Local SEO Tools") == TitlePiece::kInner);
  CHECK(title_piece("Defining Traits - The Rust Book", "The Rust Book") == TitlePiece::kLast);
  CHECK(title_piece("Camping Tents: Large Tents", "Camping Tents") == TitlePiece::kFirst);
  CHECK(title_piece("Thomann Buy Studio Headphones at Thomann", "Studio Headphones") == TitlePiece::kInside);
  CHECK(title_piece("Cloudy days", "Cloud") == TitlePiece::kNone);
  CHECK(title_piece(std::string(5000, 'a') + " Cloud", "Cloud") == TitlePiece::kNone);
}

TEST_CASE("headline_is_title: the visible headline or the metadata title", "[metadata]") {
  // A piece of the metadata title: the title without what was added to it.
  CHECK(headline_is_title("Flexbox", "Flexbox - Learn web development | MDN", "", "", false));
  CHECK(headline_is_title("Camping Tents", "Camping Tents: Large Tents for Families", "", "", false));
  CHECK(headline_is_title("Searching", "", "searching [Tool Documentation]", "", false));
  CHECK(headline_is_title("Human Resources", "Human Resources Services | HR", "", "", false));
  // One word found inside a title is a label.
  CHECK_FALSE(headline_is_title("Reviews", "Reviews of our yoga classes", "", "", false));
  // Elsewhere, on an article the headline wins; on a landing page the <h1> is a slogan.
  CHECK(headline_is_title("The No. 1 workout of 2024", "Fitness trends to watch", "", "", true));
  CHECK_FALSE(headline_is_title("Win customers with the best platform", "Email Marketing Tools", "", "", false));
  // A headline that adds a section label or a date before the title, or introduces something.
  CHECK_FALSE(headline_is_title("Blog: Best Agencies in 2025", "Best Agencies in 2025 | Site", "",
                                "Best Agencies in 2025", true));
  CHECK_FALSE(headline_is_title("Dec 18 2025 Preparing a transition", "Preparing a transition", "",
                                "Preparing a transition", true));
  CHECK_FALSE(headline_is_title("A message from our founder:", "Cloud inference at scale", "", "", true));
}

}  // namespace winnow::clean
