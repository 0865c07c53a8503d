#include "clean/metadata.h"

#include <catch2/catch.hpp>
#include <string>

#include "clean/dom.h"

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

}  // namespace

TEST_CASE("parse_date: ISO 8601 forms", "[metadata]") {
  CHECK(parse_date("2019-11-20") == "2019-11-20");
  CHECK(parse_date("2019-11-20T08:00:00Z") == "2019-11-20T08:00:00Z");
  CHECK(parse_date("2019-11-20T08:00:00+05:00") == "2019-11-20T08:00:00+05:00");
  CHECK(parse_date("2019-11-20 08:00:00") == "2019-11-20T08:00:00");
  CHECK(parse_date("2019-11-20T08:00:00.123456-0400") == "2019-11-20T08:00:00-04:00");
  CHECK(parse_date("2019-11-20T08:00") == "2019-11-20T08:00:00");
  CHECK(parse_date("20191120") == "2019-11-20");
  CHECK(parse_date("2019/11/20") == "2019-11-20");
}

TEST_CASE("parse_date: written-out English dates and RFC 2822", "[metadata]") {
  CHECK(parse_date("Wed, 20 Nov 2019 08:00:00 GMT") == "2019-11-20T08:00:00Z");
  CHECK(parse_date("Wed, 20 Nov 2019 08:00:00 +0100") == "2019-11-20T08:00:00+01:00");
  CHECK(parse_date("Nov. 20, 2019") == "2019-11-20");
  CHECK(parse_date("November 20, 2019 8:00 am") == "2019-11-20T08:00:00");
  CHECK(parse_date("Sep. 29, 2017 8:00 pm") == "2017-09-29T20:00:00");
  CHECK(parse_date("March 11, 2015 3:46 PM EST") == "2015-03-11T15:46:00-05:00");
  CHECK(parse_date("12:30 am on December 1st, 2020") == "2020-12-01");
  CHECK(parse_date("20 November 2019") == "2019-11-20");
  CHECK(parse_date("the 20th of November, 2019") == "2019-11-20");
  CHECK(parse_date("Posted: Sep. 29, 2017") == "2017-09-29");
  CHECK(parse_date("11/20/2019") == "2019-11-20");
}

TEST_CASE("parse_date: other languages", "[metadata]") {
  CHECK(parse_date("20.11.2019") == "2019-11-20");
  CHECK(parse_date("20.11.2019, 14:05 Uhr") == "2019-11-20T14:05:00");
  CHECK(parse_date("20. März 2019") == "2019-03-20");
  CHECK(parse_date("Veröffentlicht am 3. Dezember 2018") == "2018-12-03");
  CHECK(parse_date("15 août 2020 à 10:30") == "2020-08-15T10:30:00");
  CHECK(parse_date("3 de diciembre de 2018") == "2018-12-03");
  CHECK(parse_date("1 de março de 2021") == "2021-03-01");
  CHECK(parse_date("12 settembre 2019") == "2019-09-12");
  CHECK(parse_date("5 mei 2020") == "2020-05-05");
  CHECK(parse_date("2019년 11월 20일") == "2019-11-20");
  CHECK(parse_date("2019年11月20日") == "2019-11-20");
}

TEST_CASE("parse_date: rejects what is not a valid date", "[metadata]") {
  CHECK(parse_date("") == "");
  CHECK(parse_date("hello world") == "");
  CHECK(parse_date("2019-13-01") == "");
  CHECK(parse_date("2019-02-30") == "");
  CHECK(parse_date("2020-02-29") == "2020-02-29");
  CHECK(parse_date("2019-02-29") == "");
  CHECK(parse_date("1985-06-01") == "");
  CHECK(parse_date("November 2019") == "");
  CHECK(parse_date("12:30") == "");
  CHECK(parse_date("2019-11-20T25:00:00") == "2019-11-20");  // a bad time is dropped, not the day
}

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

}  // namespace winnow::clean
