#include "clean/metadata.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clean/byline.h"
#include "clean/dom.h"
#include "clean/page_title.h"

namespace winnow::clean {
namespace {

Metadata meta_of(const std::string& head, const std::string& body = "<p>Text.</p>",
                 std::string_view url = {}, const std::string& html_attrs = "") {
  Dom dom("<!DOCTYPE html><html" + html_attrs + "><head>" + head + "</head><body>" + body +
          "</body></html>");
  return extract_metadata(dom, url);
}

std::string ld(const std::string& json) {
  return "<script type=\"application/ld+json\">" + json + "</script>";
}

/// A teaser card as section fronts print them: headline link, summary, byline and time.
std::string card(int i, const std::string& cls = "story-card") {
  std::string n = std::to_string(i);
  return "<article class=\"" + cls + "\"><h3><a href=\"/world/" + n + "\">Headline number " + n +
         "</a></h3><p>Summary of story " + n + ".</p><p class=\"" + cls +
         "__meta\"><span class=\"" + cls + "__byline\">Writer " + std::string(1, char('A' + i)) +
         "son</span> <time datetime=\"2023-09-21T0" + n + ":00:00Z\">" + n +
         " hours ago</time></p></article>";
}

std::string cards(int count, const std::string& cls = "story-card") {
  std::string out;
  for (int i = 1; i <= count; ++i) out += card(i, cls);
  return out;
}

}  // namespace

TEST_CASE("strip_title_site_name", "[metadata]") {
  CHECK(strip_title_site_name("Article Title - The Site", "The Site") == "Article Title");
  CHECK(strip_title_site_name("Article Title | the site", "The Site") == "Article Title");
  CHECK(strip_title_site_name("Big News :: Daily Planet", "Daily Planet") == "Big News");
  CHECK(strip_title_site_name("A story about things — Site", "Site") == "A story about things");
  CHECK(strip_title_site_name("The Site: Article Title", "The Site") == "Article Title");
  CHECK(strip_title_site_name("The Site | Article Title", "The Site") == "Article Title");
  CHECK(strip_title_site_name("Article - Other", "The Site") == "Article - Other");
  // No site name: a short part behind a strong separator goes, a dash needs evidence.
  CHECK(strip_title_site_name("How the new engine works | Tech Blog", "") ==
        "How the new engine works");
  CHECK(strip_title_site_name("Spider-Man - A new hero arrives in town", "") ==
        "Spider-Man - A new hero arrives in town");
  CHECK(strip_title_site_name("Red | Blue", "") == "Red | Blue");
}

TEST_CASE("extract_metadata: JSON-LD beats OpenGraph beats meta", "[metadata]") {
  std::string og = R"(<meta property="og:title" content="OG title">
    <meta property="article:published_time" content="2019-01-02T03:04:05Z">
    <meta name="author" content="Meta Author"><meta name="date" content="2018-05-05">)";
  Metadata m = meta_of(og + ld(R"({"@context":"https://schema.org","@type":"NewsArticle",
      "headline":"LD headline","datePublished":"2019-11-20T08:00:00+05:00",
      "dateModified":"2019-11-21","author":{"@type":"Person","name":"Ld Person"}})"));
  CHECK(m.title == "LD headline");
  CHECK(m.date == "2019-11-20T08:00:00+05:00");
  CHECK(m.date_modified == "2019-11-21");
  CHECK(m.author == "Ld Person");

  Metadata no_ld = meta_of(og);
  CHECK(no_ld.title == "OG title");
  CHECK(no_ld.date == "2019-01-02T03:04:05Z");
  CHECK(no_ld.author == "Meta Author");

  Metadata meta_only = meta_of(R"(<title>Page</title><meta name="date" content="2018-05-05">)");
  CHECK(meta_only.date == "2018-05-05");
}

TEST_CASE("extract_metadata: JSON-LD graphs, references and author shapes", "[metadata]") {
  Metadata m = meta_of(ld(R"({"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","@id":"#site","name":"Example Site"},
      {"@type":"Person","@id":"#p1","name":"Alice Smith"},
      {"@type":"WebPage","@id":"#page","url":"https://example.com/story",
       "mainEntity":{"@type":"BlogPosting","headline":"Graph story","author":[{"@id":"#p1"},
         {"@type":"Person","name":"Bob Jones"},{"@type":"Organization","name":"Example Org"}],
         "publisher":{"@type":"Organization","name":"Example Publisher"},
         "keywords":"alpha, Q&amp;A,alpha","articleSection":["Tech"],
         "image":{"@type":"ImageObject","url":"https://example.com/i.jpg"}}}]})"));
  CHECK(m.title == "Graph story");
  CHECK(m.author == "Alice Smith; Bob Jones");
  CHECK(m.site_name == "Example Publisher");
  CHECK(m.canonical_url == "https://example.com/story");
  CHECK(m.image == "https://example.com/i.jpg");
  CHECK(m.tags == std::vector<std::string>{"alpha", "Q&A"});
  CHECK(m.categories == std::vector<std::string>{"Tech"});

  Metadata org_only = meta_of(ld(R"([{"@type":"Article","headline":"H",
      "author":{"@type":"Organization","name":"Newsroom"}}])"));
  CHECK(org_only.author == "Newsroom");
  Metadata string_author =
      meta_of(ld(R"({"@type":"ReportageNewsArticle","author":"By Carol King"})"));
  CHECK(string_author.author == "Carol King");
}

TEST_CASE("extract_metadata: a Person in a visible byline beats an Organization in JSON-LD",
          "[metadata]") {
  Metadata m = meta_of(ld(R"({"@type":"Article","author":{"@type":"Organization","name":"Org"}})"),
                       R"(<div class="byline">By Dana Scully</div><p>Text.</p>)");
  CHECK(m.author == "Dana Scully");
}

TEST_CASE("extract_metadata: malformed JSON-LD is ignored", "[metadata]") {
  Metadata m = meta_of(ld(R"({"@type":"Article","headline":"Broken)") +
                       R"(<meta property="og:title" content="Fallback title">)");
  CHECK(m.title == "Fallback title");
  // Nesting past the depth bound is not followed (and must not exhaust the stack).
  std::string deep(100000, '[');
  Metadata nested = meta_of(
      ld(deep + "{\"@type\":\"Article\",\"headline\":\"Deep\"}" + std::string(100000, ']')) +
      "<title>Shallow title</title>");
  CHECK(nested.title == "Shallow title");
  Metadata graph = meta_of(ld(R"({"@graph":[[[{"@type":"Article","headline":"Three deep"}]]]})"));
  CHECK(graph.title == "Three deep");
}

TEST_CASE("extract_metadata: space-separated and upper-case meta keys", "[metadata]") {
  Metadata m = meta_of(R"(<meta property="og:title twitter:title" content="Shared title">
      <meta PROPERTY="OG:SITE_NAME" content="Upper Site">
      <meta property="x:description og:description" content="Shared description">
      <meta name="description" content="Plain description">
      <meta property="article:tag" content="one"><meta property="article:tag" content="Two">
      <meta name="keywords" content="two, three">
      <meta property="article:section" content="World">)");
  CHECK(m.title == "Shared title");
  CHECK(m.site_name == "Upper Site");
  CHECK(m.description == "Shared description");
  CHECK(m.tags == std::vector<std::string>{"one", "Two", "three"});
  CHECK(m.categories == std::vector<std::string>{"World"});
}

TEST_CASE("extract_metadata: article:author URLs and dc.creator lists", "[metadata]") {
  Metadata m = meta_of(R"(<meta property="article:author" content="https://example.com/staff/x">
      <meta name="DC.creator" content="Kooman, F."><meta name="DC.creator" content="Jong, M.">
      <meta name="author" content="Site Team">)");
  CHECK(m.author == "Kooman, F.; Jong, M.");
  CHECK(meta_of(R"(<meta name="byl" content="By JANE ROE"><meta name="author" content="Jane Roe">)")
            .author == "Jane Roe");
  CHECK(meta_of(R"(<meta name="parsely-author" content="Parsely Person">)").author ==
        "Parsely Person");
}

TEST_CASE("extract_metadata: comment bylines are never the author", "[metadata]") {
  std::string comments = R"(<div class="comments"><div class="comment">
      <span class="author">Troll42</span><time datetime="2020-01-01">Jan 1</time></div></div>)";
  Metadata only_comments = meta_of("<title>T</title>", "<p>Story.</p>" + comments);
  CHECK(only_comments.author.empty());
  CHECK(only_comments.date.empty());
  Metadata both = meta_of("<title>T</title>",
                          comments + R"(<p class="byline">By Real Writer | Nov 20, 2019</p>)");
  CHECK(both.author == "Real Writer");
  Metadata references = meta_of("<title>T</title>", R"(<p>Story.</p><ol class="references"><li>
      <span class="author">Cited Person</span> <span class="accessdate">Retrieved 1 May 2016</span>
      </li></ol>)");
  CHECK(references.author.empty());
  CHECK(references.date.empty());
}

TEST_CASE("extract_metadata: visible bylines and microdata", "[metadata]") {
  CHECK(meta_of("", R"(<p>By <a rel="author" href="/u/1">Fox Mulder</a></p>)").author ==
        "Fox Mulder");
  CHECK(meta_of("", R"(<div class="author-box"><a href="/author/ben">Ben Silverman</a>
      <div class="author-title">Games Editor</div></div>)")
            .author == "Ben Silverman");
  CHECK(meta_of("", R"(<span class="byline">Von Hans Meier, 20.11.2019</span>)").author ==
        "Hans Meier");
  CHECK(meta_of("", R"(<div class="byline">Last Updated: January 7, 2025</div>)").author.empty());
  CHECK(meta_of("", R"(<form class="follow-author"><button>Follow Author</button></form>)")
            .author.empty());
  Metadata micro = meta_of("", R"(<article><span itemprop="author" itemscope>
      <span itemprop="name">Micro Author</span></span>
      <meta itemprop="datePublished" content="2017-09-29"></article>)");
  CHECK(micro.author == "Micro Author");
  CHECK(micro.date == "2017-09-29");
}

TEST_CASE("extract_metadata: visible dates and URL dates", "[metadata]") {
  CHECK(meta_of("", R"(<time datetime="2018-01-01">x</time>
      <div class="post-date"><time datetime="2019-11-20T08:00:00Z">Nov 20</time></div>)")
            .date == "2019-11-20T08:00:00Z");
  CHECK(meta_of("", "<time datetime=\"2018-01-01\">Jan 1</time>").date == "2018-01-01");
  CHECK(meta_of("", "<p>Posted: Sep. 29, 2017 by staff</p>").date == "2017-09-29");
  CHECK(meta_of("", "<p><span>Published</span> <span>20.11.2019</span></p>").date == "2019-11-20");
  CHECK(meta_of("", "", "https://example.com/2019/11/20/story.html").date == "2019-11-20");
  CHECK(meta_of("", "", "https://example.com/news/2019-11-21-story").date == "2019-11-21");
  CHECK(meta_of("", "", "https://example.com/p/12345/2019").date.empty());
}

TEST_CASE("extract_metadata: future published dates are rejected", "[metadata]") {
  Metadata m = meta_of(R"(<meta property="article:published_time" content="2099-01-01T00:00:00Z">
      <meta name="pubdate" content="2019-05-05">)");
  CHECK(m.date == "2019-05-05");
  Metadata modified = meta_of(R"(<meta property="article:modified_time" content="2020-01-01">)");
  CHECK(modified.date_modified == "2020-01-01");
  CHECK(modified.date.empty());
  CHECK(meta_of(R"(<meta name="date" content="2019년 11월 20일">)").date == "2019-11-20");
}

TEST_CASE("extract_metadata: titles", "[metadata]") {
  CHECK(
      meta_of("<title>Real Title Here - Example News</title>", "<h1>Real Title Here</h1>").title ==
      "Real Title Here");
  CHECK(meta_of("<title>A Story - Spider-Man Reviews</title>", "<h1>Other</h1>").title ==
        "A Story - Spider-Man Reviews");
  CHECK(meta_of(R"(<title>Big story | Example News</title>
      <meta property="og:site_name" content="Example News">)")
            .title == "Big story");
  CHECK(meta_of(R"(<meta property="og:title" content="Story   about
      things - Example">)",
                "", "https://www.example.com/x")
            .title == "Story about things");
  CHECK(meta_of(R"(<title>Example News - Latest Headlines</title>
      <meta property="og:site_name" content="Example News - Latest Headlines">)",
                "", "https://example.com/")
            .title == "Example News - Latest Headlines");
  CHECK(meta_of("<title>Docs Page Title — mytool manual</title>",
                "<h1>mytool manual</h1><h1>Docs Page Title</h1>")
            .title == "Docs Page Title");
  CHECK(
      meta_of("<title>T</title><meta name=\"application-name\" content=\"App Site\">").site_name ==
      "App Site");
  CHECK(meta_of(R"(<meta property="og:site_name" content="http://www.example.com">)")
            .site_name.empty());
}

TEST_CASE("extract_metadata: language", "[metadata]") {
  CHECK(meta_of("", "", {}, " lang=\"EN-us\"").language == "en-US");
  CHECK(meta_of("", "", {}, " lang=\"zh-hant-tw\"").language == "zh-Hant-TW");
  CHECK(meta_of(R"(<meta property="og:locale" content="pt_BR">)").language == "pt-BR");
  CHECK(meta_of(R"(<meta http-equiv="Content-Language" content="de-de, en">)").language == "de-DE");
  CHECK(meta_of("", "", {}, " lang=\"english\"").language.empty());
  CHECK(meta_of("", "", {}, " lang=\"e!\"").language.empty());
}

TEST_CASE("extract_metadata: URLs resolve against the page URL", "[metadata]") {
  Metadata m = meta_of(R"(<link rel="alternate canonical" href="/story?id=1">
      <meta property="og:image" content="img/pic.jpg">)",
                       "", "https://www.example.com/a/b.html");
  CHECK(m.url == "https://www.example.com/a/b.html");
  CHECK(m.canonical_url == "https://www.example.com/story?id=1");
  CHECK(m.image == "https://www.example.com/a/img/pic.jpg");
  CHECK(m.hostname == "www.example.com");
  CHECK(meta_of("", "", "https://WWW.Example.COM/x").hostname == "www.example.com");
  Metadata no_url = meta_of(R"(<meta property="og:url" content="https://news.example.org/x">)");
  CHECK(no_url.canonical_url == "https://news.example.org/x");
  CHECK(no_url.hostname == "news.example.org");
  CHECK(resolve_url("https://a.example/x/y", "../z") == "https://a.example/z");
  CHECK(resolve_url("", "relative/path") == "relative/path");
  CHECK(resolve_url("https://a.example/x/", "my pic.jpg") == "https://a.example/x/my%20pic.jpg");
  CHECK(resolve_url("https://a.example/x/", "//cdn.example/p.png") == "https://cdn.example/p.png");
}

TEST_CASE("extract_metadata: description precedence", "[metadata]") {
  CHECK(meta_of(R"(<meta name="twitter:description" content="tw">
      <meta name="description" content="plain">)")
            .description == "plain");
  CHECK(meta_of(R"(<meta name="twitter:description" content="tw">)" +
                ld(R"({"@type":"Article","description":"ld"})"))
            .description == "tw");
  CHECK(meta_of(ld(R"({"@type":"Article","description":"ld"})")).description == "ld");
}

TEST_CASE("extract_metadata: a listing page's teaser bylines and times are not the page's",
          "[metadata]") {
  Metadata front =
      meta_of(R"(<title>World | The Post</title>)", "<h1>World</h1><main>" + cards(6) + "</main>");
  CHECK(front.author.empty());
  CHECK(front.date.empty());
  // Structured metadata still counts on such a page.
  Metadata dated =
      meta_of(R"(<meta property="article:published_time" content="2023-09-20">)", cards(6));
  CHECK(dated.date == "2023-09-20");
  // Two teasers are not a listing: the first byline is kept, as on an article page.
  CHECK(meta_of("", cards(2)).author == "Writer Bson");
  // Every teaser in an "entry-meta" box (a blog archive) is a listing too.
  std::string archive;
  for (int i = 1; i <= 4; ++i) {
    std::string n = std::to_string(i);
    archive += R"(<article class="post"><header class="entry-header"><div class="entry-meta">
        <span class="byline">Author )" +
               std::string(1, char('K' + i)) + R"(ing</span>
        <time class="entry-date" datetime="2020-01-0)" +
               n + R"(">Jan )" + n + "</time></div></header></article>";
  }
  Metadata blog = meta_of("", archive);
  CHECK(blog.author.empty());
  CHECK(blog.date.empty());
}

TEST_CASE("extract_metadata: an article's own header beats teasers beside it", "[metadata]") {
  std::string article = R"(<div class="article-header"><h1>The story</h1>
      <span class="byline">By Real Author</span>
      <time datetime="2022-05-05T10:00:00Z">May 5</time></div><p>Story text.</p>)";
  Metadata before = meta_of("", "<aside>" + cards(4) + "</aside>" + article);
  CHECK(before.author == "Real Author");
  CHECK(before.date == "2022-05-05T10:00:00Z");
  // Inside the page's only <article>, with the teasers after it.
  Metadata inside = meta_of("", R"(<article><h1>The story</h1><span class="byline">Ann Lee</span>
      <time datetime="2022-05-06">May 6</time><p>Story text.</p></article><div>)" +
                                    cards(5, "teaser") + "</div>");
  CHECK(inside.author == "Ann Lee");
  CHECK(inside.date == "2022-05-06");
}

TEST_CASE("extract_metadata: one date written several ways is one value", "[metadata]") {
  Metadata m = meta_of("", R"(<div class="date">Nov 20, 2019</div>
      <time datetime="2019-11-20T08:00:00Z">8am</time>
      <span class="updated"><time datetime="2019-11-20T10:00:00Z">10am</time></span>)");
  CHECK(m.date == "2019-11-20T08:00:00Z");
}

TEST_CASE("title_parts", "[metadata]") {
  CHECK(title_parts("A - B") == std::vector<std::string>{"A", "B"});
  CHECK(title_parts("A | B - C") == std::vector<std::string>{"A", "A | B", "B", "B - C", "C"});
  CHECK(title_parts("Spider-Man").empty());
  CHECK(title_key("  Big   NEWS ") == "big news");
}

TEST_CASE("extract_metadata: the <title> part the body shows is the title", "[metadata]") {
  std::string head =
      "<title>Harlow Springs Courier - Volunteers restore 1912 bandstand in Courthouse "
      "Park</title>";
  Metadata m = meta_of(head, R"(<table><tr><td><font size="5"><b>Volunteers restore 1912
      bandstand in  Courthouse Park</b></font><br><i>By Harold Ames, Courier Staff Writer</i><br>
      Posted Thursday, June 8, 2006<br><br>HARLOW SPRINGS -- Text.</td></tr></table>)");
  CHECK(m.title == "Volunteers restore 1912 bandstand in Courthouse Park");
  CHECK(m.author == "Harold Ames");
  CHECK(m.date == "2006-06-08");
  // Across several text nodes, any element, any case.
  CHECK(meta_of(head, "<div>volunteers <em>RESTORE</em> 1912 bandstand in Courthouse Park</div>")
            .title == "Volunteers restore 1912 bandstand in Courthouse Park");
  // Only as a link (a menu or teaser) it does not count.
  CHECK(meta_of(head, R"(<a href="/x">Volunteers restore 1912 bandstand in Courthouse Park</a>)")
            .title ==
        "Harlow Springs Courier - Volunteers restore 1912 bandstand in Courthouse Park");
  // Nor a short part, which is more likely a name shown on the page than the headline.
  CHECK(meta_of("<title>Get your code covered with tests | Code | Nicolas Perriault</title>",
                "<span>Nicolas Perriault</span>")
            .title != "Nicolas Perriault");
  // og:title still wins.
  CHECK(meta_of(head + R"(<meta property="og:title" content="OG">)",
                "<b>Volunteers restore 1912 bandstand in Courthouse Park</b>")
            .title == "OG");
}

TEST_CASE("plain_byline_names", "[metadata]") {
  using V = std::vector<std::string>;
  CHECK(plain_byline_names("By Harold Ames, Courier Staff Writer") == V{"Harold Ames"});
  CHECK(plain_byline_names("BY  Harold Ames - Staff") == V{"Harold Ames"});
  CHECK(plain_byline_names("By Ann Lee and Bo Kim") == V{"Ann Lee", "Bo Kim"});
  CHECK(plain_byline_names("By Ann Lee Staff Writer") == V{"Ann Lee"});
  CHECK(plain_byline_names("Von Hans Meier | 20.11.2019") == V{"Hans Meier"});
  CHECK(plain_byline_names("Por Ana de la Cruz") == V{"Ana de la Cruz"});
  CHECK(plain_byline_names("Par Élise Durand") == V{"Élise Durand"});
  CHECK(plain_byline_names("By AFP") == V{"AFP"});
  CHECK(plain_byline_names("By Monday, the council will vote.").empty());
  CHECK(plain_byline_names("By 1985 its roof leaked").empty());
  CHECK(plain_byline_names("By the way").empty());
  CHECK(plain_byline_names("By Harold").empty());
  CHECK(plain_byline_names("By").empty());
  CHECK(plain_byline_names("Bystander Ann Lee").empty());
  CHECK(plain_byline_names("By Ann Lee, who has lived here for years and years and years").empty());
  // After a verb of authorship.
  CHECK(by_word_length("Written by Ann Lee") == 10);
  CHECK(by_word_length("Written down") == 0);
  CHECK(plain_byline_names("Written by John Crenshaw") == V{"John Crenshaw"});
  CHECK(plain_byline_names("Posted by Ann Lee") == V{"Ann Lee"});
}

TEST_CASE("clean_person: what is no name", "[metadata]") {
  // A label whose name is elsewhere, or the rest of a line whose name was in another element.
  CHECK(clean_person("By").empty());
  CHECK(clean_person("Jun 2 Written By").empty());
  CHECK(clean_person(", USA TODAY").empty());
  // A template's placeholder, a sentence.
  CHECK(clean_person("undefined").empty());
  CHECK(clean_person("Get in touch").empty());
  CHECK(clean_person("This review is posted in Mobile App Reviews").empty());
  // A name with its job title or its day.
  CHECK(clean_person("Benjamin Johnson, Sr. Director of Operations, Atlas Van Lines - 10+ Years in the Industry") ==
        "Benjamin Johnson");
  CHECK(clean_person("msmash on Friday") == "msmash");
  // Names as they are.
  CHECK(clean_person("Ana de la Cruz and Jan van der Berg") == "Ana de la Cruz and Jan van der Berg");
  CHECK(clean_person("hackermondev") == "hackermondev");
  CHECK(clean_person("Vanessa Mendez, MD") == "Vanessa Mendez, MD");
}

TEST_CASE("extract_metadata: plain bylines without a class", "[metadata]") {
  CHECK(meta_of("", "<p><i>By Harold Ames, Courier Staff Writer</i></p><p>Text.</p>").author ==
        "Harold Ames");
  CHECK(meta_of("", "<p>By <a href=\"/x\">Ann Lee</a> and <a href=\"/y\">Bo Kim</a></p>").author ==
        "Ann Lee; Bo Kim");
  // A line between <br>s in a long cell.
  std::string long_text(400, 'x');
  CHECK(meta_of("", "<td>" + long_text + "<br>By Jane Roe<br>" + long_text + "</td>").author ==
        "Jane Roe");
  CHECK(meta_of("", "<td>" + long_text + " By Jane Roe " + long_text + "</td>").author.empty());
  // Structured authors and class bylines come first.
  CHECK(meta_of(R"(<meta name="author" content="Meta Author">)", "<p>By Ann Lee</p>").author ==
        "Meta Author");
  CHECK(meta_of("", R"(<p>By Ann Lee</p><span class="byline">Bo Kim</span>)").author == "Bo Kim");
  // Comments and listings are left out.
  CHECK(meta_of("", R"(<p>Story.</p><div class="comments"><p>By Troll Person</p></div>)")
            .author.empty());
  CHECK(meta_of("", "<ul><li>By Ann Lee</li><li>By Bo Kim</li><li>By Cy Day</li></ul>")
            .author.empty());
  CHECK(meta_of("", "<p>By Monday, the council will vote.</p>").author.empty());
}

TEST_CASE("bylines and dates named in other languages", "[metadata]") {
  Metadata pl = meta_of("", "<article><h1>Nowa linia</h1><div class=art-meta><span class=art-autor>Autor: "
                            "<a href=/autor/kw>Katarzyna W\u00f3jcik</a></span> <span class=art-data>12 marca 2024"
                            "</span></div><p>Tekst.</p></article>");
  CHECK(pl.author == "Katarzyna W\u00f3jcik");
  CHECK(pl.date == "2024-03-12");
  Metadata ko = meta_of("", "<article><h1>\ud0d0\ubc29\ub85c</h1><span class=reporter>\uc815\ud558\ub298 \uae30\uc790</span>"
                            "<p>\ubcf8\ubb38.</p></article>");
  CHECK(ko.author == "\uc815\ud558\ub298");
  CHECK(clean_person("\u8bb0\u8005 \u674e\u9759") == "\u674e\u9759");
  // "authority" and "autorizaci\u00f3n" are not author boxes.
  CHECK(meta_of("", "<div class=authority-box>Port Authority</div><p>Text.</p>").author.empty());
}

TEST_CASE("property= beats name= for the same key, whichever comes first", "[metadata]") {
  Metadata m = meta_of("<meta name=\"DC.title\" content=\"Name title\"><meta property=\"dc:title\" content=\"Property title\">"
                       "<meta property=\"og:title\" content=\"Open Graph title\">"
                       "<meta name=\"DC.creator\" content=\"Name Author\"><meta property=\"dc:creator\" content=\"Property Author\">");
  CHECK(m.title == "Property title");  // Dublin Core title over og:title
  CHECK(m.author == "Property Author");
}

TEST_CASE("a visible Updated time is the modified date, never the published one", "[metadata]") {
  std::string header = "<article><header class=entry-header><h1>Clock tower</h1><div class=entry-meta>"
                       "<span class=posted-on>Published March 3, 2024</span> <span class=updated-on>Updated "
                       "<time class=updated datetime=\"2024-03-05T16:10:00-05:00\">March 5</time></span></div></header>"
                       "<p>Text.</p></article>";
  Metadata m = meta_of("", header);
  CHECK(m.date == "2024-03-03");
  CHECK(m.date_modified == "2024-03-05T16:10:00-05:00");
  // An "updated" time before the published date is not this article's modification.
  Metadata odd = meta_of("<meta property=\"article:published_time\" content=\"2024-06-01\">", header);
  CHECK(odd.date == "2024-06-01");
  CHECK(odd.date_modified.empty());
}

TEST_CASE("extract_metadata: doubly escaped characters in metadata titles", "[metadata]") {
  CHECK(meta_of(R"(<meta property="og:title" content="Renovation Trends &amp;#8211; Why They&amp;#8217;re Smart">)")
            .title == "Renovation Trends \u2013 Why They\u2019re Smart");
  CHECK(meta_of(ld(R"({"@type":"Article","headline":"M&amp;#038;A Roundup"})")).title == "M&A Roundup");
  CHECK(meta_of("<title>Code Kata&amp;#x3a; Strings</title>").title == "Code Kata: Strings");
}

TEST_CASE("extract_metadata: a site name glued on with a dash", "[metadata]") {
  std::string site = R"(<meta property="og:site_name" content="BrightGrowth Hub">)";
  CHECK(meta_of("<title>Minister visits Moscow for talks -BrightGrowth Hub</title>" + site).title ==
        "Minister visits Moscow for talks");
  CHECK(meta_of("<title>Minister visits Moscow for talks \u2013BrightGrowth Hub</title>" + site).title ==
        "Minister visits Moscow for talks");
  CHECK(meta_of("<title>BrightGrowth Hub-Minister visits Moscow for talks</title>" + site).title ==
        "Minister visits Moscow for talks");
  // Named by the host, as " - Site" would be.
  CHECK(meta_of("<title>Minister visits Moscow for talks -Brightgrowth</title>", "<p>Text.</p>",
                "https://www.brightgrowth.example/news/1")
            .title == "Minister visits Moscow for talks");
  // A dash inside the headline is no separator.
  CHECK(meta_of("<title>Spider-Man -2 returns to the big screen</title>").title ==
        "Spider-Man -2 returns to the big screen");
}

TEST_CASE("extract_metadata: the logo names the site when nothing else does", "[metadata]") {
  std::string header = R"(<header><div class="logo"><a href="/">BrightGrowth Hub</a></div></header>)";
  Metadata m = meta_of("<title>Minister visits Moscow for talks -BrightGrowth Hub</title>",
                       header + "<article><p>Text.</p></article>");
  CHECK(m.site_name == "BrightGrowth Hub");
  CHECK(m.title == "Minister visits Moscow for talks");
  CHECK(meta_of("<title>T</title>", R"(<header><a class="site-logo" href="/"><img src="/l.svg" alt="Acme Daily logo"></a></header>)")
            .site_name == "Acme Daily");
  // og:site_name and JSON-LD say it first.
  CHECK(meta_of(R"(<meta property="og:site_name" content="Acme">)", header).site_name == "Acme");
  // A logo that names the site otherwise than the title's suffix leaves the suffix to its shape.
  CHECK(meta_of("<title>Mesh Office Chair | ACME</title>",
                R"(<header><a class="logo" href="/">Acme Business Furniture</a></header>)")
            .title == "Mesh Office Chair");
}

TEST_CASE("extract_metadata: the visible headline and the metadata title", "[metadata]") {
  std::string article = ld(R"({"@type":"BlogPosting","headline":"Health Trends For 2026 - Tastewise"})");
  // On an article, the headline a reader sees over an SEO title.
  CHECK(meta_of(article, "<h1>Top 10 Health and Nutrition Trends to Watch</h1><p>Text.</p>").title ==
        "Top 10 Health and Nutrition Trends to Watch");
  // On a landing page, the <h1> is a slogan and the metadata title names the page.
  CHECK(meta_of(R"(<meta property="og:title" content="Email Marketing Tools | Mailchimp">)",
                "<h1>Win customers with the #1 email platform</h1>")
            .title == "Email Marketing Tools");
  // The headline is the metadata title without its additions.
  CHECK(meta_of(R"(<meta property="og:title" content="Flexbox - Learn web development | MDN">)",
                "<h1>Flexbox</h1>")
            .title == "Flexbox");
  CHECK(meta_of(R"(<meta property="og:title" content="Award-Winning Electricians in San Jose, CA - Updated 2025">)",
                "<h1>Award-Winning Electricians in San Jose, CA</h1>")
            .title == "Award-Winning Electricians in San Jose, CA");
  // The site's logo or name in an <h1>, a hidden <h1> and an <h1> naming the site are no headline.
  std::string og = R"(<meta property="og:title" content="What is Git? | Terabyte Systems">)";
  CHECK(meta_of(og + ld(R"({"@type":"Article"})"),
                R"(<header><h1 class="site-title"><a href="/">Terabyte Systems</a></h1></header>
                   <h1 class="hide">Hidden heading</h1><p>Text.</p>)", "https://terabyte.systems/posts/git")
            .title == "What is Git?");
  CHECK(meta_of(og + ld(R"({"@type":"Article"})"), "<h1>terabyte.systems</h1>", "https://terabyte.systems/posts/git")
            .title == "What is Git?");
  // The <h1> adds a section label before the title.
  CHECK(meta_of(R"(<meta property="og:title" content="Best Agencies in 2025 | Silverback">
                   <meta property="og:site_name" content="Silverback">)" + ld(R"({"@type":"Article"})"),
                "<h1>Blog: Best Agencies in 2025</h1>")
            .title == "Best Agencies in 2025");
  // A headline used as the title loses its section-edit link.
  CHECK(meta_of("<title>Early life - Wiki</title>", R"(<h1>Early life <span>[<a href="/edit">edit</a>]</span></h1>)")
            .title == "Early life");
  // A metadata title that only names the site says nothing about the page; on the front page it
  // is the page.
  CHECK(meta_of(R"(<meta property="og:title" content="Glossier"><meta property="og:site_name" content="Glossier">)",
                "<h1>Custom Skincare Set</h1>", "https://www.glossier.example/products/set")
            .title == "Custom Skincare Set");
  CHECK(meta_of(R"(<meta property="og:title" content="DEV Community"><meta property="og:site_name" content="DEV Community">)",
                "<h1>Posts</h1>", "https://dev.example/")
            .title == "DEV Community");
}

TEST_CASE("extract_metadata: a section's name behind a strong separator goes", "[metadata]") {
  CHECK(meta_of(R"(<meta property="og:title" content="How meditation rewires brains | Opinion">
                   <meta property="og:site_name" content="The Daily Appeal">)")
            .title == "How meditation rewires brains");
}

TEST_CASE("extract_metadata: the front page's one-word label is the site", "[metadata]") {
  CHECK(meta_of("<title>The Barn Swallow - Shop</title>", "<p>Text.</p>", "https://www.thebarnswallow.example/")
            .title == "The Barn Swallow");
  // Elsewhere, "Shop" is that page's name.
  CHECK(meta_of("<title>The Barn Swallow - Shop</title>", "<p>Text.</p>", "https://www.thebarnswallow.example/shop")
            .title == "Shop");
}

TEST_CASE("extract_metadata: dates only the layout tells", "[metadata]") {
  // More <meta> names for the published date.
  CHECK(meta_of(R"(<meta name="published" content="July 17, 2025">)").date == "2025-07-17");
  CHECK(meta_of(R"(<meta name="published-date" content="2021-02-16">)").date == "2021-02-16");
  // A thread's first post.
  std::string posts;
  for (std::string t : {"2024-02-24T18:41:02Z", "2024-02-24T23:12:09Z", "2024-02-25T00:09:32Z"}) {
    posts += "<div class=\"post\"><p>by someone <time datetime=\"" + t + "\">" + t + "</time></p><p>" +
             std::string(200, 'x') + "</p></div>";
  }
  CHECK(meta_of("<title>Question</title>", "<h2>Question</h2>" + posts).date == "2024-02-24T18:41:02Z");
  // A date line beside the headline, even when a script reveals the whole page.
  CHECK(meta_of("<title>Stop Nesting Database Systems | CedarDB</title>",
                R"(<div class="root hide"><header><span class="post-hero__infos">December 17, 2025</span>
                   <h1>Stop Nesting Database Systems</h1></header><p>Text.</p></div>)")
            .date == "2025-12-17");
  // Beside an <h2> that the title names, when the page has no <h1> headline.
  CHECK(meta_of("<title>View topic - Football Season: MLS is Back!</title>",
                "<h2>Football Season: MLS is Back!</h2><p>by someone &raquo; Tue Aug 27, 2019 1:47 am</p>")
            .date == "2019-08-27T01:47:00");
  // A date in the URL says when the page was published; a date line that disagrees is an update
  // or a misread numeric date.
  CHECK(meta_of("<title>Wine types</title>", "<h1>Wine types</h1><p>03/10/2023 by WSET</p>",
                "https://www.example.com/blog/2023/10/03/wine-types/")
            .date == "2023-10-03");
  // The markup's date comes first.
  CHECK(meta_of(R"(<meta property="article:published_time" content="2020-01-02">)",
                "<h1>Story</h1><div>Dec 12, 2025</div>")
            .date == "2020-01-02");
}

TEST_CASE("extract_metadata: authors the layout names", "[metadata]") {
  // The byline beside the headline: a link to the author's page, a label and the name.
  CHECK(meta_of("<title>T</title>", R"(<h1>Tips for Motors</h1><p>By <a href="/magazine/contributor/a._j._neal">A. J. Neal</a></p>
      <p>Text.</p>)")
            .author == "A. J. Neal");
  CHECK(meta_of("<title>T</title>", R"(<h1>Best CRMs</h1><div class="meta"><div>By</div><div>The Meetingnotes Team</div>
      <div>|</div><div>February 28, 2026</div></div>)")
            .author == "The Meetingnotes Team");
  // A <meta> author that is the site's own name gives way to a person the page names.
  CHECK(meta_of(R"(<meta name="author" content="One Tree Planted"><meta property="og:site_name" content="One Tree Planted">)",
                R"(<h1>How to Reduce Waste</h1><p>Written by <a href="/blogs/authors/meaghan-weeden">Meaghan Weeden</a></p>)")
            .author == "Meaghan Weeden");
  CHECK(meta_of(R"(<meta name="author" content="One Tree Planted"><meta property="og:site_name" content="One Tree Planted">)",
                "<h1>How to Reduce Waste</h1><p>Text.</p>")
            .author == "One Tree Planted");
  // A thread's first poster; its posters' microdata names the others too.
  std::string thread;
  const char* posters[] = {"ridwan123", "Lutfij", "Ankh"};
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i + 1);
    thread += std::string("<div class=\"post\"><a href=\"/members/") + posters[i] + "." + n + "/\"><span itemprop=\"author\">" +
              posters[i] + "</span></a> <time datetime=\"2024-11-0" + n + "T15:08:47Z\">Nov " + n +
              ", 2024</time><p>" + std::string(200, 'x') + "</p></div>";
  }
  Metadata m = meta_of("<title>GPUs</title>", "<h2>GPUs</h2>" + thread);
  CHECK(m.author == "ridwan123");
  CHECK(m.date == "2024-11-01T15:08:47Z");
}

}  // namespace winnow::clean
