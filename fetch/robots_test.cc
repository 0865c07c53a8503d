#include "fetch/robots.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

namespace winnow::fetch {
namespace {

RobotsRules rules_for(const std::string& body, const std::string& agent = "winnow") {
  return RobotsRules::parse(body, agent);
}

// "/" followed by `count` copies of `c`: a long path.
std::string rooted(std::size_t count, char c) {
  std::string path = "/";
  path.append(count, c);
  return path;
}

}  // namespace

// --- groups and user agents ---

TEST_CASE("robots: a group naming us applies, others do not", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: otherbot\n"
      "Disallow: /\n"
      "\n"
      "User-agent: winnow\n"
      "Disallow: /private/\n");
  CHECK(rules.allowed("/"));
  CHECK(rules.allowed("/public/page"));
  CHECK_FALSE(rules.allowed("/private/page"));
}

TEST_CASE("robots: several groups for our agent are merged", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Disallow: /a\n"
      "User-agent: other\n"
      "Disallow: /b\n"
      "User-agent: WINNOW\n"
      "Disallow: /c\n");
  CHECK_FALSE(rules.allowed("/a"));
  CHECK(rules.allowed("/b"));
  CHECK_FALSE(rules.allowed("/c"));
}

TEST_CASE("robots: consecutive user-agent lines share one group", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: alpha\n"
      "User-agent: winnow\n"
      "User-agent: beta\n"
      "Disallow: /shared\n");
  CHECK_FALSE(rules.allowed("/shared"));
  CHECK(RobotsRules::parse("User-agent: alpha\nUser-agent: winnow\nDisallow: /shared\n", "beta")
            .allowed("/shared"));
}

TEST_CASE("robots: a user-agent line after rules starts a new group", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Disallow: /mine\n"
      "User-agent: other\n"
      "Disallow: /theirs\n");
  CHECK_FALSE(rules.allowed("/mine"));
  CHECK(rules.allowed("/theirs"));
}

TEST_CASE("robots: '*' applies only when no group names us", "[robots]") {
  std::string body =
      "User-agent: *\n"
      "Disallow: /everyone\n"
      "User-agent: winnow\n"
      "Disallow: /just-us\n";
  RobotsRules ours = rules_for(body);
  CHECK(ours.allowed("/everyone"));
  CHECK_FALSE(ours.allowed("/just-us"));

  RobotsRules fallback = rules_for(body, "somebot");
  CHECK_FALSE(fallback.allowed("/everyone"));
  CHECK(fallback.allowed("/just-us"));
}

TEST_CASE("robots: a group naming us with no rules still wins over '*'", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: winnow\n"
      "Disallow:\n");
  CHECK(rules.allowed("/anything"));
}

TEST_CASE("robots: several '*' groups are merged", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: *\nDisallow: /x\n"
      "User-agent: other\nDisallow: /y\n"
      "User-agent: *\nDisallow: /z\n");
  CHECK_FALSE(rules.allowed("/x"));
  CHECK(rules.allowed("/y"));
  CHECK_FALSE(rules.allowed("/z"));
}

TEST_CASE("robots: agent matching ignores case and takes only the product token", "[robots]") {
  CHECK_FALSE(rules_for("User-agent: WiNnOw\nDisallow: /\n").allowed("/page"));
  CHECK_FALSE(rules_for("User-agent: winnow/2.1 (+https://example.org)\nDisallow: /\n")
                  .allowed("/page"));
  // Our own user agent string may carry a version too.
  CHECK_FALSE(RobotsRules::parse("User-agent: winnow\nDisallow: /\n", "winnow/0.1 (+https://x)")
                  .allowed("/page"));
  // A longer token is another crawler.
  CHECK(rules_for("User-agent: winnow-news\nDisallow: /\n").allowed("/page"));
  CHECK(rules_for("User-agent: win\nDisallow: /\n").allowed("/page"));
}

TEST_CASE("robots: rules before any user-agent line are ignored", "[robots]") {
  RobotsRules rules = rules_for(
      "Disallow: /orphan\n"
      "User-agent: *\n"
      "Disallow: /grouped\n");
  CHECK(rules.allowed("/orphan"));
  CHECK_FALSE(rules.allowed("/grouped"));
}

TEST_CASE("robots: no groups, empty body, or garbage allow everything", "[robots]") {
  CHECK(rules_for("").allowed("/"));
  CHECK(rules_for("\n\n# only a comment\n").allowed("/x"));
  CHECK(rules_for("<html><body>Not found</body></html>").allowed("/x"));
  std::string binary("\x00\xFF\xFE:\x01\n\x80:\x81", 10);
  CHECK(rules_for(binary).allowed("/x"));
}

// --- lines and keys ---

TEST_CASE("robots: keys are case-insensitive and whitespace is optional", "[robots]") {
  RobotsRules rules = rules_for(
      "USER-AGENT:winnow\n"
      "dIsAlLoW   :   /a  \n"
      "\tALLOW:/a/ok\n");
  CHECK_FALSE(rules.allowed("/a/no"));
  CHECK(rules.allowed("/a/ok"));
}

TEST_CASE("robots: comments are stripped, whole-line or trailing", "[robots]") {
  RobotsRules rules = rules_for(
      "# header comment\n"
      "User-agent: winnow # that is us\n"
      "Disallow: /secret # keep out\n"
      "# Disallow: /commented\n");
  CHECK_FALSE(rules.allowed("/secret"));
  CHECK_FALSE(rules.allowed("/secret/deeper"));
  CHECK(rules.allowed("/commented"));
}

TEST_CASE("robots: unknown keys and lines without a colon are ignored", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Noindex: /a\n"
      "Disallow /b\n"
      "Host: example.com\n"
      "Disallow: /c\n");
  CHECK(rules.allowed("/a"));
  CHECK(rules.allowed("/b"));
  CHECK_FALSE(rules.allowed("/c"));
}

TEST_CASE("robots: unknown keys between user-agent lines keep the group open", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: other\n"
      "Foo: bar\n"
      "User-agent: winnow\n"
      "Disallow: /x\n");
  CHECK_FALSE(rules.allowed("/x"));
}

TEST_CASE("robots: CRLF, lone CR and LF line ends all work", "[robots]") {
  for (std::string end : {"\r\n", "\r", "\n"}) {
    RobotsRules rules = rules_for("User-agent: winnow" + end + "Disallow: /x" + end + "Allow: /x/y");
    CHECK_FALSE(rules.allowed("/x"));
    CHECK(rules.allowed("/x/y"));
    CHECK(rules.allowed("/z"));
  }
}

TEST_CASE("robots: a UTF-8 byte order mark at the start is skipped", "[robots]") {
  RobotsRules rules = rules_for("\xEF\xBB\xBFUser-agent: winnow\nDisallow: /bom\n");
  CHECK_FALSE(rules.allowed("/bom"));
}

TEST_CASE("robots: a pattern without a leading slash is taken from the root", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: private\n");
  CHECK_FALSE(rules.allowed("/private/x"));
  CHECK(rules.allowed("/public/private"));
}

// --- matching ---

TEST_CASE("robots: rules are path prefixes and case-sensitive", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /fish\n");
  CHECK_FALSE(rules.allowed("/fish"));
  CHECK_FALSE(rules.allowed("/fish.html"));
  CHECK_FALSE(rules.allowed("/fish/salmon.html"));
  CHECK_FALSE(rules.allowed("/fishheads"));
  CHECK_FALSE(rules.allowed("/fish?id=anything"));
  CHECK(rules.allowed("/Fish.asp"));
  CHECK(rules.allowed("/catfish"));
  CHECK(rules.allowed("/?id=fish"));
}

TEST_CASE("robots: the longest matching pattern wins", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Allow: /p\n"
      "Disallow: /\n"
      "Disallow: /folder/\n"
      "Allow: /folder/page\n"
      "Disallow: /folder/page/private\n");
  CHECK(rules.allowed("/page"));
  CHECK_FALSE(rules.allowed("/other"));
  CHECK_FALSE(rules.allowed("/folder/"));
  CHECK(rules.allowed("/folder/page"));
  CHECK(rules.allowed("/folder/page2"));
  CHECK_FALSE(rules.allowed("/folder/page/private/x"));
}

TEST_CASE("robots: rule order does not matter, only length", "[robots]") {
  RobotsRules first = rules_for("User-agent: winnow\nAllow: /a/b\nDisallow: /a\n");
  RobotsRules second = rules_for("User-agent: winnow\nDisallow: /a\nAllow: /a/b\n");
  for (const RobotsRules* rules : {&first, &second}) {
    CHECK(rules->allowed("/a/b/c"));
    CHECK_FALSE(rules->allowed("/a/c"));
  }
}

TEST_CASE("robots: on equally long matches Allow wins", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Disallow: /page\n"
      "Allow: /page\n"
      "Disallow: /*.x\n"
      "Allow: /a.*\n");
  CHECK(rules.allowed("/page"));
  CHECK(rules.allowed("/a.x"));  // both are four octets long
  CHECK_FALSE(rules.allowed("/b.x"));
}

TEST_CASE("robots: an empty Disallow allows everything", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow:\n");
  CHECK(rules.allowed("/"));
  CHECK(rules.allowed("/anything/at/all?q=1"));
}

TEST_CASE("robots: Disallow / blocks everything but robots.txt", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /\n");
  CHECK_FALSE(rules.allowed("/"));
  CHECK_FALSE(rules.allowed(""));
  CHECK_FALSE(rules.allowed("/index.html"));
  CHECK(rules.allowed("/robots.txt"));
  CHECK(rules.allowed("/robots.txt?refresh=1"));
  CHECK_FALSE(rules.allowed("/robots.txt.bak"));
}

TEST_CASE("robots: an empty path means the root", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /$\n");
  CHECK_FALSE(rules.allowed(""));
  CHECK_FALSE(rules.allowed("/"));
  CHECK(rules.allowed("/page"));
}

TEST_CASE("robots: '*' matches any run of characters", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /*.php\n");
  CHECK_FALSE(rules.allowed("/index.php"));
  CHECK_FALSE(rules.allowed("/filename.php"));
  CHECK_FALSE(rules.allowed("/folder/filename.php"));
  CHECK_FALSE(rules.allowed("/folder/filename.php?parameters"));
  CHECK_FALSE(rules.allowed("/folder/any.php.file.html"));
  CHECK_FALSE(rules.allowed("/filename.php/"));
  CHECK(rules.allowed("/"));
  CHECK(rules.allowed("/windows.PHP"));
}

TEST_CASE("robots: several wildcards must match in order", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /a*b*c\n");
  CHECK_FALSE(rules.allowed("/abc"));
  CHECK_FALSE(rules.allowed("/a-x-b-y-c-z"));
  CHECK_FALSE(rules.allowed("/abbbc"));
  CHECK(rules.allowed("/acb"));
  CHECK(rules.allowed("/ab"));
  CHECK(rules.allowed("/xabc"));
}

TEST_CASE("robots: a leading or trailing '*' changes nothing about prefix matching",
          "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: *private*\n");
  CHECK_FALSE(rules.allowed("/private"));
  CHECK_FALSE(rules.allowed("/deep/private/x"));
  CHECK(rules.allowed("/public"));
}

TEST_CASE("robots: '$' anchors the end of the URL", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /*.php$\n");
  CHECK_FALSE(rules.allowed("/filename.php"));
  CHECK_FALSE(rules.allowed("/folder/filename.php"));
  CHECK(rules.allowed("/filename.php?parameters"));
  CHECK(rules.allowed("/filename.php/"));
  CHECK(rules.allowed("/filename.php5"));
  CHECK(rules.allowed("/windows.PHP"));
}

TEST_CASE("robots: '$' with repeated suffixes still anchors at the very end", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /*ab$\n");
  CHECK_FALSE(rules.allowed("/abab"));
  CHECK_FALSE(rules.allowed("/ab"));
  CHECK(rules.allowed("/aba"));
  RobotsRules exact = rules_for("User-agent: winnow\nDisallow: /exact$\n");
  CHECK_FALSE(exact.allowed("/exact"));
  CHECK(exact.allowed("/exact/"));
  CHECK(exact.allowed("/exactly"));
}

TEST_CASE("robots: '$' inside a pattern is a literal", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /price$list\n");
  CHECK_FALSE(rules.allowed("/price$list/2024"));
  CHECK(rules.allowed("/price"));
}

TEST_CASE("robots: '*$' matches everything after the prefix", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /tmp*$\n");
  CHECK_FALSE(rules.allowed("/tmp"));
  CHECK_FALSE(rules.allowed("/tmp/file?x=1"));
  CHECK(rules.allowed("/other"));
}

TEST_CASE("robots: a wildcard Allow can beat a shorter Disallow", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Disallow: /shop/\n"
      "Allow: /shop/*.html$\n");
  CHECK(rules.allowed("/shop/item.html"));
  CHECK_FALSE(rules.allowed("/shop/item.html?sort=price"));
  CHECK_FALSE(rules.allowed("/shop/cart"));
}

TEST_CASE("robots: query strings are part of what is matched", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /*?\nAllow: /*?page=\n");
  CHECK(rules.allowed("/list"));
  CHECK_FALSE(rules.allowed("/list?sort=asc"));
  CHECK(rules.allowed("/list?page=2"));
}

// --- percent-encoding ---

TEST_CASE("robots: reserved characters encoded and raw are different paths", "[robots]") {
  // RFC 9309 2.2.2 keeps reserved characters encoded for the comparison: "/a%2Fb" names one
  // path segment, "/a/b" two.
  RobotsRules slash = rules_for("User-agent: winnow\nDisallow: /a%2Fb\n");
  CHECK(slash.allowed("/a/b"));
  CHECK_FALSE(slash.allowed("/a%2Fb"));
  CHECK_FALSE(slash.allowed("/a%2fb/c"));  // hex case ignored

  RobotsRules raw_slash = rules_for("User-agent: winnow\nDisallow: /a/b\n");
  CHECK(raw_slash.allowed("/a%2Fb"));
  CHECK(raw_slash.allowed("/a%2fb"));
  CHECK_FALSE(raw_slash.allowed("/a/b"));

  RobotsRules query = rules_for("User-agent: winnow\nDisallow: /p?q\n");
  CHECK(query.allowed("/p%3Fq"));
  CHECK_FALSE(query.allowed("/p?q"));
  RobotsRules encoded_query = rules_for("User-agent: winnow\nDisallow: /p%3fq\n");
  CHECK(encoded_query.allowed("/p?q"));
  CHECK_FALSE(encoded_query.allowed("/p%3Fq"));

  RobotsRules colon = rules_for("User-agent: winnow\nDisallow: /a%3Ab\n");
  CHECK(colon.allowed("/a:b"));
  CHECK_FALSE(colon.allowed("/a%3ab"));

  RobotsRules url_in_query =
      rules_for("User-agent: winnow\nDisallow: /foo/bar?baz=https://foo.bar\n");
  CHECK_FALSE(url_in_query.allowed("/foo/bar?baz=https://foo.bar"));
  CHECK(url_in_query.allowed("/foo/bar?baz=https%3A%2F%2Ffoo.bar"));
}

TEST_CASE("robots: an encoded reserved character in an Allow does not open its raw form",
          "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /\nAllow: /a%2Fb\n");
  CHECK_FALSE(rules.allowed("/a/b"));
  CHECK(rules.allowed("/a%2Fb"));
  CHECK(rules.allowed("/a%2fb"));
  RobotsRules raw = rules_for("User-agent: winnow\nDisallow: /\nAllow: /a/b\n");
  CHECK_FALSE(raw.allowed("/a%2Fb"));
  CHECK(raw.allowed("/a/b"));
}

TEST_CASE("robots: hex case does not matter, in rules or paths", "[robots]") {
  RobotsRules lower = rules_for("User-agent: winnow\nDisallow: /x%3d%e9\n");
  CHECK_FALSE(lower.allowed("/x%3D%E9"));
  CHECK_FALSE(lower.allowed("/x%3d%e9"));
  CHECK_FALSE(lower.allowed("/x%3D%e9"));
  CHECK(lower.allowed("/x=%E9"));  // '=' is reserved: raw is another path
}

TEST_CASE("robots: non-ASCII octets match their percent-encoded form", "[robots]") {
  // U+30C4, KATAKANA LETTER TU, is E3 83 84 in UTF-8.
  RobotsRules raw = rules_for("User-agent: winnow\nDisallow: /foo/bar/\xE3\x83\x84\n");
  CHECK_FALSE(raw.allowed("/foo/bar/%E3%83%84"));
  CHECK_FALSE(raw.allowed("/foo/bar/\xE3\x83\x84"));
  CHECK(raw.allowed("/foo/bar/%E3%83%85"));

  RobotsRules encoded = rules_for("User-agent: winnow\nDisallow: /foo/bar/%e3%83%84\n");
  CHECK_FALSE(encoded.allowed("/foo/bar/\xE3\x83\x84"));
  CHECK_FALSE(encoded.allowed("/foo/bar/%E3%83%84"));
  CHECK_FALSE(encoded.allowed("/foo/bar/%e3%83%84x"));
  CHECK(encoded.allowed("/foo/bar/%E3%83"));
}

TEST_CASE("robots: percent-encoded unreserved characters equal their plain form", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /foo/bar/%62%61%7A\n");
  CHECK_FALSE(rules.allowed("/foo/bar/%62%61%7A"));
  CHECK_FALSE(rules.allowed("/foo/bar/%62%61%7a"));
  CHECK_FALSE(rules.allowed("/foo/bar/baz"));  // the RFC's own example
  CHECK(rules.allowed("/foo/bar/bay"));

  RobotsRules plain = rules_for("User-agent: winnow\nDisallow: /a-b.c_d~e9\n");
  CHECK_FALSE(plain.allowed("/%61%2D%62%2E%63%5F%64%7E%65%39"));
  CHECK_FALSE(plain.allowed("/%61%2d%62%2e%63%5f%64%7e%65%39"));
}

TEST_CASE("robots: an encoded star or dollar is a literal, not syntax", "[robots]") {
  // Both are reserved (sub-delims): encoded, they match only their encoded form.
  RobotsRules star = rules_for("User-agent: winnow\nDisallow: /a%2Ab\n");
  CHECK_FALSE(star.allowed("/a%2Ab"));
  CHECK_FALSE(star.allowed("/a%2ab"));
  CHECK(star.allowed("/a*b"));
  CHECK(star.allowed("/axb"));
  RobotsRules dollar = rules_for("User-agent: winnow\nDisallow: /cost%24\n");
  CHECK_FALSE(dollar.allowed("/cost%24"));
  CHECK_FALSE(dollar.allowed("/cost%24/more"));  // not an anchor, so still a prefix
  CHECK(dollar.allowed("/cost$"));
  CHECK(dollar.allowed("/cost"));
}

TEST_CASE("robots: a stray percent sign is taken literally", "[robots]") {
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /100%\nDisallow: /x%zz\n");
  CHECK_FALSE(rules.allowed("/100%"));
  CHECK_FALSE(rules.allowed("/100%25"));
  CHECK_FALSE(rules.allowed("/x%zz"));
  CHECK(rules.allowed("/100"));
}

TEST_CASE("robots: encoded octets count once toward specificity", "[robots]") {
  // "/ツ" counts as its canonical (encoded) form, whichever way it is written.
  RobotsRules rules = rules_for(
      "User-agent: winnow\n"
      "Disallow: /%E3%83%84\n"
      "Allow: /\xE3\x83\x84" "AB\n");
  CHECK(rules.allowed("/\xE3\x83\x84" "ABC"));
  RobotsRules longer = rules_for(
      "User-agent: winnow\n"
      "Allow: /%E3%83%84\n"
      "Disallow: /\xE3\x83\x84x\n");
  CHECK_FALSE(longer.allowed("/\xE3\x83\x84xyz"));
}

// --- crawl-delay and sitemaps ---

TEST_CASE("robots: crawl-delay integer and fractional", "[robots]") {
  CHECK(rules_for("User-agent: winnow\nCrawl-delay: 5\n").crawl_delay == 5.0);
  CHECK(rules_for("User-agent: winnow\ncrawl-DELAY:0.5\n").crawl_delay == 0.5);
  CHECK(rules_for("User-agent: winnow\nCrawl-delay: 2.25 # be gentle\n").crawl_delay == 2.25);
}

TEST_CASE("robots: crawl-delay garbage is ignored", "[robots]") {
  for (const char* value : {"soon", "-3", "5s", "", "1,5", "inf", "nan", "0x10"}) {
    INFO(value);
    CHECK_FALSE(rules_for(std::string("User-agent: winnow\nCrawl-delay: ") + value + "\n")
                    .crawl_delay.has_value());
  }
  // A garbage value does not hide a later good one.
  CHECK(rules_for("User-agent: winnow\nCrawl-delay: x\nCrawl-delay: 7\n").crawl_delay == 7.0);
}

TEST_CASE("robots: crawl-delay comes from our group only", "[robots]") {
  std::string body =
      "User-agent: *\nCrawl-delay: 30\n"
      "User-agent: winnow\nCrawl-delay: 3\nDisallow: /x\n"
      "User-agent: other\nCrawl-delay: 90\n";
  CHECK(rules_for(body).crawl_delay == 3.0);
  CHECK(rules_for(body, "nobody").crawl_delay == 30.0);
  CHECK_FALSE(rules_for("User-agent: other\nCrawl-delay: 9\n").crawl_delay.has_value());
  CHECK_FALSE(rules_for("User-agent: winnow\nDisallow: /x\n").crawl_delay.has_value());
}

TEST_CASE("robots: sitemaps are collected from anywhere, in order, without repeats",
          "[robots]") {
  RobotsRules rules = rules_for(
      "Sitemap: https://example.com/sitemap-1.xml\n"
      "User-agent: other\n"
      "Disallow: /\n"
      "SITEMAP: http://example.com/sitemap-2.xml\n"
      "User-agent: winnow\n"
      "Sitemap:https://cdn.example.net/s3.xml.gz   \n"
      "sitemap: https://example.com/sitemap-1.xml\n"
      "Sitemap: /relative-sitemap.xml\n"
      "Sitemap: ftp://example.com/sitemap.xml\n"
      "Sitemap: \n");
  REQUIRE(rules.sitemaps.size() == 3);
  CHECK(rules.sitemaps[0] == "https://example.com/sitemap-1.xml");
  CHECK(rules.sitemaps[1] == "http://example.com/sitemap-2.xml");
  CHECK(rules.sitemaps[2] == "https://cdn.example.net/s3.xml.gz");
}

TEST_CASE("robots: sitemap lines do not close a user-agent list", "[robots]") {
  RobotsRules rules = rules_for(
      "User-agent: other\n"
      "Sitemap: https://example.com/s.xml\n"
      "User-agent: winnow\n"
      "Disallow: /x\n");
  CHECK_FALSE(rules.allowed("/x"));
  CHECK(rules.sitemaps.size() == 1);
}

// --- limits and hostile input ---

TEST_CASE("robots: only the first 500 KiB are read", "[robots]") {
  std::string body = "User-agent: winnow\nDisallow: /early\n";
  std::string filler = "# padding padding padding padding padding padding padding padding\n";
  while (body.size() < kMaxRobotsTxtBytes + 1000) body += filler;
  body += "Disallow: /late\n";
  REQUIRE(body.size() > kMaxRobotsTxtBytes);
  RobotsRules rules = rules_for(body);
  CHECK_FALSE(rules.allowed("/early"));
  CHECK(rules.allowed("/late"));
}

TEST_CASE("robots: a line cut by the size limit is dropped", "[robots]") {
  // The limit falls right after "Disallow: /": kept, that stump would block the whole site.
  std::string head = "User-agent: winnow\nDisallow: /early\n";
  std::string stump = "Disallow: /";
  std::string body(kMaxRobotsTxtBytes - head.size() - stump.size(), '\n');
  body = head + body + stump + std::string(100, 'x') + "\n";
  REQUIRE(body.size() > kMaxRobotsTxtBytes);
  RobotsRules rules = rules_for(body);
  CHECK_FALSE(rules.allowed("/early"));
  CHECK(rules.allowed("/public"));
}

TEST_CASE("robots: a rule ending exactly at the limit is kept", "[robots]") {
  std::string tail = "User-agent: winnow\nDisallow: /edge\n";
  std::string body(kMaxRobotsTxtBytes - tail.size(), '\n');
  body += tail;
  body += "Disallow: /beyond\n";
  RobotsRules rules = rules_for(body);
  CHECK_FALSE(rules.allowed("/edge"));
  CHECK(rules.allowed("/beyond"));
}

TEST_CASE("robots: 10 000 wildcards in a pattern are handled", "[robots]") {
  std::string stars(10000, '*');
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: /" + stars + "x" + stars + "y$\n");
  std::string long_path = rooted(5000, 'x');
  CHECK(rules.allowed(long_path));
  CHECK_FALSE(rules.allowed(long_path + "y"));
}

TEST_CASE("robots: alternating wildcards and literals against a long path", "[robots]") {
  std::string pattern = "/";
  for (int i = 0; i < 5000; ++i) pattern += "a*";
  pattern += "b";
  RobotsRules rules = rules_for("User-agent: winnow\nDisallow: " + pattern + "\n");
  std::string path = rooted(20000, 'a');
  CHECK(rules.allowed(path));
  CHECK_FALSE(rules.allowed(path + "b"));
}

TEST_CASE("robots: long near-miss literals against a long path", "[robots]") {
  // Naive substring search would compare about path length times literal length here.
  std::string literal = std::string(4000, 'a') + "b";
  std::string body = "User-agent: winnow\n";
  for (int i = 0; i < 20; ++i) body += "Disallow: /*" + literal + "\n";
  RobotsRules rules = rules_for(body);
  std::string path = rooted(8000, 'a');
  CHECK(rules.allowed(path));
  CHECK_FALSE(rules.allowed(path + "b"));
}

TEST_CASE("robots: many rules and a huge line do not break parsing", "[robots]") {
  std::string body = "User-agent: winnow\n";
  for (int i = 0; i < 10000; ++i) body += "Disallow: /d" + std::to_string(i) + "/\n";
  body += "Disallow: /";
  body += std::string(200000, 'z') + "\n";
  RobotsRules rules = rules_for(body);
  REQUIRE(body.size() < kMaxRobotsTxtBytes);
  CHECK_FALSE(rules.allowed("/d9999/x"));
  CHECK(rules.allowed("/d10000/x"));
  CHECK(rules.allowed("/zzz"));
}

// --- factories ---

TEST_CASE("robots: allow_all and disallow_all", "[robots]") {
  RobotsRules open = RobotsRules::allow_all();
  CHECK(open.allowed("/"));
  CHECK(open.allowed("/any/thing?x"));
  CHECK_FALSE(open.crawl_delay.has_value());
  CHECK(open.sitemaps.empty());

  RobotsRules closed = RobotsRules::disallow_all();
  CHECK_FALSE(closed.allowed("/"));
  CHECK_FALSE(closed.allowed(""));
  CHECK_FALSE(closed.allowed("/any/thing?x"));
  CHECK(closed.allowed("/robots.txt"));
}

// --- RobotsCache ---

TEST_CASE("robots cache: 2xx bodies are parsed and kept for the lifetime", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache(24h, 10min);
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  const std::string origin = "https://example.com";
  CHECK(cache.find(origin, t0) == nullptr);
  CHECK(cache.state(origin, t0) == RobotsCache::State::Missing);

  const RobotsRules& stored =
      cache.store(origin, 200, "User-agent: *\nDisallow: /private\n", "winnow", t0);
  CHECK_FALSE(stored.allowed("/private"));
  CHECK(cache.size() == 1);

  const RobotsRules* found = cache.find(origin, t0 + 23h);
  REQUIRE(found != nullptr);
  CHECK_FALSE(found->allowed("/private"));
  CHECK(found->allowed("/public"));
  CHECK(cache.state(origin, t0 + 23h) == RobotsCache::State::Fresh);

  CHECK(cache.find(origin, t0 + 24h) == nullptr);
  CHECK(cache.state(origin, t0 + 25h) == RobotsCache::State::Missing);
  CHECK(cache.find("https://other.example", t0) == nullptr);
}

TEST_CASE("robots cache: 4xx and exhausted redirects allow all for the lifetime", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache(1h, 1min);
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  for (long status : {301L, 302L, 400L, 401L, 403L, 404L, 410L, 429L}) {
    INFO(status);
    std::string origin = "https://s" + std::to_string(status) + ".example";
    const RobotsRules& rules = cache.store(origin, status, "User-agent: *\nDisallow: /\n", "w", t0);
    CHECK(rules.allowed("/anything"));
    CHECK(cache.find(origin, t0 + 59min) != nullptr);
    CHECK(cache.find(origin, t0 + 1h) == nullptr);
  }
}

TEST_CASE("robots cache: 5xx and network errors disallow all, briefly", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache(24h, 10min);
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  for (long status : {0L, 500L, 502L, 503L, 599L}) {
    INFO(status);
    std::string origin = "https://s" + std::to_string(status) + ".example";
    const RobotsRules& rules = cache.store(origin, status, "User-agent: *\nAllow: /\n", "w", t0);
    CHECK_FALSE(rules.allowed("/"));
    CHECK_FALSE(rules.allowed("/page"));
    const RobotsRules* found = cache.find(origin, t0 + 9min);
    REQUIRE(found != nullptr);
    CHECK_FALSE(found->allowed("/page"));
    CHECK(cache.find(origin, t0 + 10min) == nullptr);
  }
}

TEST_CASE("robots cache: a new fetch replaces the old rules", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache(24h, 10min);
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  const std::string origin = "http://example.com:8080";
  cache.store(origin, 503, "", "winnow", t0);
  CHECK_FALSE(cache.find(origin, t0)->allowed("/a"));
  cache.store(origin, 200, "User-agent: winnow\nDisallow: /b\n", "winnow", t0 + 11min);
  CHECK(cache.size() == 1);
  const RobotsRules* found = cache.find(origin, t0 + 12h);
  REQUIRE(found != nullptr);
  CHECK(found->allowed("/a"));
  CHECK_FALSE(found->allowed("/b"));
}

TEST_CASE("robots cache: expired entries are dropped on store", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache(1h, 1min);
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  cache.store("https://a.example", 200, "", "winnow", t0);
  cache.store("https://b.example", 0, "", "winnow", t0);
  CHECK(cache.size() == 2);
  cache.store("https://c.example", 404, "", "winnow", t0 + 30min);  // b has expired
  CHECK(cache.size() == 2);
  CHECK(cache.find("https://a.example", t0 + 30min) != nullptr);
  cache.store("https://d.example", 200, "", "winnow", t0 + 2h);  // a and c have expired
  CHECK(cache.size() == 1);
}

TEST_CASE("robots cache: the user agent is applied when parsing", "[robots]") {
  using namespace std::chrono_literals;
  RobotsCache cache;
  auto t0 = RobotsCache::Clock::time_point{} + 1000h;
  std::string body = "User-agent: winnow\nDisallow: /w\nCrawl-delay: 4\n";
  const RobotsRules& ours = cache.store("https://a.example", 200, body, "winnow", t0);
  CHECK_FALSE(ours.allowed("/w"));
  CHECK(ours.crawl_delay == 4.0);
  const RobotsRules& theirs = cache.store("https://b.example", 200, body, "otherbot", t0);
  CHECK(theirs.allowed("/w"));
  CHECK_FALSE(theirs.crawl_delay.has_value());
}

// --- robots_origin ---

TEST_CASE("robots_origin: scheme and host are lower-cased, the default port dropped",
          "[robots]") {
  auto origin = robots_origin("https://Example.com:443/x");
  REQUIRE(origin.has_value());
  CHECK(origin->first == "https://example.com");
  CHECK(origin->second == "https://example.com/robots.txt");

  origin = robots_origin("HTTP://WWW.Example.ORG:80/a/b?c=d#e");
  REQUIRE(origin.has_value());
  CHECK(origin->first == "http://www.example.org");
  CHECK(origin->second == "http://www.example.org/robots.txt");
}

TEST_CASE("robots_origin: another port is kept", "[robots]") {
  auto origin = robots_origin("http://example.com:8080/page");
  REQUIRE(origin.has_value());
  CHECK(origin->first == "http://example.com:8080");
  CHECK(origin->second == "http://example.com:8080/robots.txt");
  // 443 is not the default for http.
  CHECK(robots_origin("http://example.com:443/")->first == "http://example.com:443");
}

TEST_CASE("robots_origin: userinfo is dropped", "[robots]") {
  auto origin = robots_origin("https://user:secret@example.com/private");
  REQUIRE(origin.has_value());
  CHECK(origin->first == "https://example.com");
  CHECK(origin->second == "https://example.com/robots.txt");
}

TEST_CASE("robots_origin: IPv6 literals keep their brackets", "[robots]") {
  auto origin = robots_origin("http://[2001:DB8::1]:8080/x");
  REQUIRE(origin.has_value());
  CHECK(origin->first == "http://[2001:db8::1]:8080");
  CHECK(origin->second == "http://[2001:db8::1]:8080/robots.txt");
}

TEST_CASE("robots_origin: non-http schemes and bad URLs are refused", "[robots]") {
  CHECK_FALSE(robots_origin("ftp://example.com/file").has_value());
  CHECK_FALSE(robots_origin("file:///etc/passwd").has_value());
  CHECK_FALSE(robots_origin("mailto:someone@example.com").has_value());
  CHECK_FALSE(robots_origin("javascript:alert(1)").has_value());
  CHECK_FALSE(robots_origin("example.com/no-scheme").has_value());
  CHECK_FALSE(robots_origin("/relative/path").has_value());
  CHECK_FALSE(robots_origin("").has_value());
  CHECK_FALSE(robots_origin("https://").has_value());
  CHECK_FALSE(robots_origin("http://exa mple.com/").has_value());
  CHECK_FALSE(robots_origin("https://example.com:99999/").has_value());
}

TEST_CASE("robots_origin: URLs on one origin share one key", "[robots]") {
  auto a = robots_origin("https://example.com/a");
  auto b = robots_origin("https://EXAMPLE.com:443/b?q#f");
  auto c = robots_origin("https://me@example.com");
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  REQUIRE(c.has_value());
  CHECK(a->first == b->first);
  CHECK(a->first == c->first);
  CHECK(robots_origin("http://example.com/a")->first != a->first);
}

}  // namespace winnow::fetch
