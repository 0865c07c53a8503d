#include "config/site_rules.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

using namespace winnow::config;

namespace {

// The ConfigError that parsing `text` raises; fails the test when none is raised.
ConfigError parse_error(const std::string& text) {
  try {
    parse_site_rules(text, "rules.toml");
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("no ConfigError for:\n" << text);
  throw std::logic_error("unreachable");
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("site rules: a full file parses") {
  SiteRules rules = parse_site_rules(R"(
# comments are fine
[[site]]
host = "Example.COM."
keep = ["article .story-body", "//div[@id='main']"]
drop = [".related", "//aside[contains(@class,'promo')]"]

[[site]]
host = "news.example.org"
drop = ["#comments"]
)",
                                     "rules.toml");
  REQUIRE(rules.sites.size() == 2);
  CHECK(rules.source_name == "rules.toml");
  const SiteRule& first = rules.sites[0];
  CHECK(first.host == "example.com");  // lower case, trailing dot gone
  CHECK(first.keep == std::vector<std::string>{"article .story-body", "//div[@id='main']"});
  CHECK(first.drop == std::vector<std::string>{".related", "//aside[contains(@class,'promo')]"});
  CHECK(first.line == 3);
  CHECK(rules.sites[1].host == "news.example.org");
  CHECK(rules.sites[1].keep.empty());
  CHECK(rules.sites[1].drop == std::vector<std::string>{"#comments"});
  CHECK(rules.sites[1].line == 8);
}

TEST_CASE("site rules: an empty file holds no rules") {
  CHECK(parse_site_rules("", "rules.toml").sites.empty());
  CHECK(parse_site_rules("# nothing yet\n", "rules.toml").sites.empty());
}

TEST_CASE("site rules: TOML syntax errors carry toml++'s message and position") {
  ConfigError e = parse_error("[[site]]\nhost = \"example.com\nkeep = [\"a\"]\n");
  CHECK(e.source() == "rules.toml");
  CHECK(e.line() == 2);
  CHECK(e.column() > 0);
  CHECK(std::string(e.what()).rfind("rules.toml:2:", 0) == 0);
  CHECK_FALSE(e.message().empty());
}

TEST_CASE("site rules: unknown keys are errors") {
  ConfigError in_site = parse_error("[[site]]\nhost = \"example.com\"\nkep = [\"article\"]\n");
  CHECK(contains(in_site.what(), "rules.toml:3:1: unknown key 'kep' in [[site]]; expected host, keep, drop"));
  CHECK(contains(in_site.what(), "did you mean 'keep'?"));

  ConfigError top = parse_error("verbose = true\n[[site]]\nhost = \"example.com\"\ndrop = [\"a\"]\n");
  CHECK(top.line() == 1);
  CHECK(contains(top.what(), "unknown key 'verbose' at top level"));

  ConfigError table = parse_error("[sites]\nhost = \"example.com\"\n");
  CHECK(contains(table.what(), "unknown key 'sites' at top level"));
}

TEST_CASE("site rules: [site] instead of [[site]] is explained") {
  ConfigError e = parse_error("[site]\nhost = \"example.com\"\ndrop = [\"a\"]\n");
  CHECK(contains(e.what(), "[[site]]"));
  ConfigError scalar = parse_error("site = \"example.com\"\n");
  CHECK(contains(scalar.what(), "[[site]]"));
}

TEST_CASE("site rules: a missing, empty or non-string host is an error") {
  ConfigError missing = parse_error("[[site]]\ndrop = [\"a\"]\n");
  CHECK(missing.line() == 1);
  CHECK(contains(missing.what(), "has no host"));
  ConfigError empty = parse_error("[[site]]\nhost = \"\"\ndrop = [\"a\"]\n");
  CHECK(empty.line() == 2);
  CHECK(contains(empty.what(), "host is empty"));
  ConfigError dot = parse_error("[[site]]\nhost = \".\"\ndrop = [\"a\"]\n");
  CHECK(contains(dot.what(), "host is empty"));
  ConfigError number = parse_error("[[site]]\nhost = 42\ndrop = [\"a\"]\n");
  CHECK(contains(number.what(), "host must be a string"));
}

TEST_CASE("site rules: a URL, a path or a port as host gets a hint to write just the host") {
  ConfigError url = parse_error("[[site]]\nhost = \"https://x.com/\"\ndrop = [\"a\"]\n");
  CHECK(url.line() == 2);
  CHECK(contains(url.what(), "is a URL"));
  CHECK(contains(url.what(), "write just the host, e.g. host = \"x.com\""));
  CHECK_FALSE(contains(parse_error("[[site]]\nhost = \"https://alice:s3cret@x.com/\"\ndrop = [\"a\"]\n").what(), "s3cret"));
  ConfigError path = parse_error("[[site]]\nhost = \"x.com/news\"\ndrop = [\"a\"]\n");
  CHECK(contains(path.what(), "host = \"x.com\""));
  ConfigError port = parse_error("[[site]]\nhost = \"x.com:8080\"\ndrop = [\"a\"]\n");
  CHECK(contains(port.what(), "has a port"));
  CHECK(contains(port.what(), "host = \"x.com\""));
  ConfigError wildcard = parse_error("[[site]]\nhost = \"*.x.com\"\ndrop = [\"a\"]\n");
  CHECK(contains(wildcard.what(), "matches its subdomains"));
  CHECK(contains(wildcard.what(), "host = \"x.com\""));
  ConfigError space = parse_error("[[site]]\nhost = \"x .com\"\ndrop = [\"a\"]\n");
  CHECK(contains(space.what(), "contains ' '"));
  // One trailing dot is the root's and is dropped; a second left "x.com." that no page matched.
  CHECK(contains(parse_error("[[site]]\nhost = \"x.com..\"\ndrop = [\"a\"]\n").what(), "has an empty label"));
}

TEST_CASE("site rules: keep and drop must be arrays of non-empty strings") {
  ConfigError scalar = parse_error("[[site]]\nhost = \"x.com\"\nkeep = \"article\"\n");
  CHECK(scalar.line() == 3);
  CHECK(contains(scalar.what(), "keep must be an array of selector strings"));
  ConfigError number = parse_error("[[site]]\nhost = \"x.com\"\ndrop = [\".a\", 3]\n");
  CHECK(number.line() == 3);
  CHECK(number.column() == 15);
  CHECK(contains(number.what(), "drop[1] must be a string"));
  ConfigError empty = parse_error("[[site]]\nhost = \"x.com\"\ndrop = [\"  \"]\n");
  CHECK(contains(empty.what(), "drop[0] is empty"));
  ConfigError nested = parse_error("[[site]]\nhost = \"x.com\"\nkeep = [[\"a\"]]\n");
  CHECK(contains(nested.what(), "keep[0] must be a string"));
}

TEST_CASE("site rules: a rule needs keep or drop") {
  ConfigError none = parse_error("[[site]]\nhost = \"x.com\"\n");
  CHECK(none.line() == 1);
  CHECK(contains(none.what(), "[[site]] for 'x.com' has no selectors"));
  ConfigError empty_arrays = parse_error("[[site]]\nhost = \"x.com\"\nkeep = []\ndrop = []\n");
  CHECK(contains(empty_arrays.what(), "has no selectors"));
}

TEST_CASE("site rules: duplicate hosts are errors, whatever their case") {
  ConfigError e = parse_error("[[site]]\nhost = \"x.com\"\ndrop = [\"a\"]\n\n[[site]]\nhost = \"X.com.\"\nkeep = [\"b\"]\n");
  CHECK(e.line() == 6);
  CHECK(contains(e.what(), "duplicate host 'x.com'"));
  CHECK(contains(e.what(), "line 1"));
}

TEST_CASE("site rules: for_host matches the host and its subdomains, most specific first") {
  SiteRules rules = parse_site_rules(R"(
[[site]]
host = "example.com"
drop = ["a"]
[[site]]
host = "news.example.com"
drop = ["b"]
[[site]]
host = "org"
drop = ["c"]
)",
                                     "rules.toml");
  auto host_of = [&](std::string_view h) -> std::string {
    const SiteRule* r = rules.for_host(h);
    return r ? r->host : "(none)";
  };
  CHECK(host_of("example.com") == "example.com");
  CHECK(host_of("www.example.com") == "example.com");
  CHECK(host_of("WWW.Example.Com.") == "example.com");
  CHECK(host_of("news.example.com") == "news.example.com");
  CHECK(host_of("a.b.news.example.com") == "news.example.com");
  CHECK(host_of("badexample.com") == "(none)");
  CHECK(host_of("example.com.au") == "(none)");
  CHECK(host_of("xnews.example.com") == "example.com");
  CHECK(host_of("wikipedia.org") == "org");
  CHECK(host_of("com") == "(none)");
  CHECK(host_of("") == "(none)");
  CHECK(host_of(".") == "(none)");
  CHECK(SiteRules{}.for_host("example.com") == nullptr);
}

TEST_CASE("site rules: site_rules_from_table reads [[site]] and leaves other keys alone") {
  toml::table crawl = toml::parse(R"(
user_agent = "bot"
[fetch]
timeout = 5
[[site]]
host = "example.com"
keep = ["article"]
)");
  SiteRules rules = site_rules_from_table(crawl, "crawl.toml");
  REQUIRE(rules.sites.size() == 1);
  CHECK(rules.sites[0].keep == std::vector<std::string>{"article"});
  CHECK(rules.source_name == "crawl.toml");

  toml::table bad = toml::parse("[[site]]\nhost = \"example.com\"\nkep = [\"article\"]\n");
  try {
    site_rules_from_table(bad, "crawl.toml");
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).rfind("crawl.toml:3:1: unknown key 'kep'", 0) == 0);
  }
  CHECK(site_rules_from_table(toml::table{}, "crawl.toml").sites.empty());
}

TEST_CASE("site rules: load_site_rules reads a file and reports unreadable ones") {
  std::string path = "/tmp/winnow_site_rules_test_" + std::to_string(reinterpret_cast<uintptr_t>(&path)) + ".toml";
  {
    std::ofstream out(path);
    out << "[[site]]\nhost = \"example.com\"\ndrop = [\".ad\"]\n";
  }
  SiteRules rules = load_site_rules(path);
  std::remove(path.c_str());
  REQUIRE(rules.sites.size() == 1);
  CHECK(rules.source_name == path);
  CHECK(rules.sites[0].drop == std::vector<std::string>{".ad"});

  try {
    load_site_rules("/nonexistent/dir/rules.toml");
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/dir/rules.toml: cannot open: No such file or directory");
    CHECK(e.line() == 0);
  }
  try {
    load_site_rules("/tmp");
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(contains(e.what(), "/tmp: cannot read"));
  }
}
