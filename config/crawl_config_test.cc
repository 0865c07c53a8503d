#include "config/crawl_config.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

using namespace winnow::config;
using namespace std::chrono_literals;

namespace {

const std::string kSeed = "seeds = [\"https://example.com/\"]\n";

ConfigError parse_error(const std::string& text) {
  try {
    parse_crawl_config(text, "crawl.toml");
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("no ConfigError for:\n" << text);
  throw std::logic_error("unreachable");
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// Every key path of a TOML document: "scope.max_depth", "recrawl.site.host", "site.keep"...
void collect_keys(const toml::table& table, const std::string& prefix, std::set<std::string>& out) {
  for (auto&& [key, value] : table) {
    std::string path = prefix + std::string(key.str());
    out.insert(path);
    if (const toml::table* sub = value.as_table()) collect_keys(*sub, path + ".", out);
    if (const toml::array* array = value.as_array()) {
      for (const toml::node& item : *array) {
        if (const toml::table* sub = item.as_table()) collect_keys(*sub, path + ".", out);
      }
    }
  }
}

std::set<std::string> keys_of(const std::string& text) {
  std::set<std::string> keys;
  collect_keys(toml::parse(text), "", keys);
  return keys;
}

const std::string kFullConfig = R"toml(
name = "news-crawl"
store = "postgresql://winnow@db.local/crawl"
warc = "/var/archive/news.warc.gz"
user_agent = "NewsBot/2.0 (+https://bot.example.org/\"about\")"
allow_private_addresses = true
seeds = ["https://news.example.com/", "http://blog.example.org:8080/start"]
sitemaps = ["https://news.example.com/sitemap.xml"]
feeds = ["https://feeds.example.net/rss"]
sitemaps_from_robots = false

[scope]
allowed_hosts = ["Example.COM.", "example.org"]
include = ['^https://news\.example\.com/\d{4}/']
exclude = ['\.pdf$', "/tag/"]
max_depth = 0
max_pages_per_run = 0
max_pages_per_host = 500
max_listings_per_run = 40
follow_links = false

[recrawl]
article = "2w"
section = "30m"
feed = 600
sitemap = "12h"
retry = "90s"
max_attempts = 2
lease = "2m"

[[recrawl.site]]
host = "example.com"
article = "1d"

[[recrawl.site]]
host = "live.example.com"
section = "5m"
feed = "1m"

[politeness]
concurrency = 8
per_host = 1
delay = 2.5
obey_robots = false
max_crawl_delay = 0

[fetch]
connect_timeout = "5s"
timeout = "2m"
max_body_bytes = "512KB"
max_redirects = 0
tries = 1

[clean]
focus = "Precision"
keep_captions = true
keep_comments = true
keep_links = true
keep_tables = false
articles_only = true
time_budget = "10s"
max_elements = 0
prescan = false

[log]
level = "debug"
file = "/var/log/winnow/news.log"
max_size = 1048576
max_files = 2

[[site]]
host = "news.example.com"
keep = ["article .story"]
drop = ['//aside[contains(@class, "promo")]']
)toml";

}  // namespace

TEST_CASE("crawl config: one seed is enough, everything else has a default") {
  CrawlConfig config = parse_crawl_config(kSeed, "/etc/winnow/news.toml");
  CHECK(config.source_name == "/etc/winnow/news.toml");
  CHECK(config.name == "news");
  CHECK(config.store == "sqlite:winnow.db");  // no base_dir: kept relative
  CHECK(config.warc.empty());
  CHECK(config.user_agent == default_user_agent());
  CHECK_FALSE(config.allow_private_addresses);
  CHECK(config.seeds == std::vector<std::string>{"https://example.com/"});
  CHECK(config.sitemaps.empty());
  CHECK(config.feeds.empty());
  CHECK(config.sitemaps_from_robots);

  CHECK(config.scope.allowed_hosts == std::vector<std::string>{"example.com"});
  CHECK(config.scope.include.empty());
  CHECK(config.scope.exclude.empty());
  CHECK(config.scope.max_depth == 3);
  CHECK(config.scope.max_pages_per_run == 10000);
  CHECK(config.scope.max_pages_per_host == 0);
  CHECK(config.scope.max_listings_per_run == 1000);
  CHECK(config.scope.follow_links);

  CHECK(config.recrawl.article == std::chrono::days(7));
  CHECK(config.recrawl.section == 6h);
  CHECK(config.recrawl.feed == 1h);
  CHECK(config.recrawl.sitemap == std::chrono::days(1));
  CHECK(config.recrawl.retry == 1h);
  CHECK(config.recrawl.max_attempts == 5);
  CHECK(config.recrawl.lease == 15min);
  CHECK(config.recrawl.sites.empty());

  CHECK(config.politeness.concurrency == 32);
  CHECK(config.politeness.per_host == 2);
  CHECK(config.politeness.delay == 1.0);
  CHECK(config.politeness.obey_robots);
  CHECK(config.politeness.max_crawl_delay == 30s);

  CHECK(config.fetch.connect_timeout.count() == kConnectTimeoutSeconds);
  CHECK(config.fetch.timeout.count() == kTotalTimeoutSeconds);
  CHECK(config.fetch.max_body_bytes == kMaxBodyBytes);
  CHECK(config.fetch.max_redirects == kMaxRedirects);
  CHECK(config.fetch.tries == 3);

  CHECK(config.clean.focus == CleanFocus::Balanced);
  CHECK_FALSE(config.clean.keep_captions);
  CHECK_FALSE(config.clean.keep_comments);
  CHECK_FALSE(config.clean.keep_links);
  CHECK(config.clean.keep_tables);
  CHECK_FALSE(config.clean.articles_only);
  CHECK(config.clean.time_budget == 2s);
  CHECK(config.clean.max_elements == 200000);
  CHECK(config.clean.prescan);

  CHECK(config.log.level == LogLevel::Info);
  CHECK(config.log.file.empty());
  CHECK(config.log.max_size == 10 * 1024 * 1024);
  CHECK(config.log.max_files == 5);
  CHECK(config.site_rules.sites.empty());
}

TEST_CASE("crawl config: every section is read") {
  CrawlConfig config = parse_crawl_config(kFullConfig, "full.toml");
  CHECK(config.name == "news-crawl");
  CHECK(config.store == "postgresql://winnow@db.local/crawl");
  CHECK(config.warc == "/var/archive/news.warc.gz");
  CHECK(config.user_agent == "NewsBot/2.0 (+https://bot.example.org/\"about\")");
  CHECK(config.allow_private_addresses);
  CHECK(config.seeds.size() == 2);
  CHECK(config.seeds[1] == "http://blog.example.org:8080/start");
  CHECK(config.sitemaps == std::vector<std::string>{"https://news.example.com/sitemap.xml"});
  CHECK(config.feeds == std::vector<std::string>{"https://feeds.example.net/rss"});
  CHECK_FALSE(config.sitemaps_from_robots);

  const ScopeConfig& scope = config.scope;
  CHECK(scope.allowed_hosts == std::vector<std::string>{"example.com", "example.org"});
  REQUIRE(scope.include.size() == 1);
  CHECK(scope.include[0].text == "^https://news\\.example\\.com/\\d{4}/");
  CHECK(scope.include[0].matches("https://news.example.com/2024/05/story"));
  CHECK_FALSE(scope.include[0].matches("https://news.example.com/about"));
  REQUIRE(scope.exclude.size() == 2);
  CHECK(scope.exclude[0].matches("https://x.com/a/file.pdf"));
  CHECK_FALSE(scope.exclude[0].matches("https://x.com/a/file.pdf.html"));
  CHECK_FALSE(UrlPattern{"x", nullptr}.matches("x"));  // never compiled: matches nothing
  CHECK(scope.max_depth == 0);
  CHECK(scope.max_pages_per_run == 0);
  CHECK(scope.max_pages_per_host == 500);
  CHECK(scope.max_listings_per_run == 40);
  CHECK_FALSE(scope.follow_links);

  const RecrawlConfig& recrawl = config.recrawl;
  CHECK(recrawl.article == std::chrono::weeks(2));
  CHECK(recrawl.section == 30min);
  CHECK(recrawl.feed == 600s);
  CHECK(recrawl.sitemap == 12h);
  CHECK(recrawl.retry == 90s);
  CHECK(recrawl.max_attempts == 2);
  CHECK(recrawl.lease == 2min);
  REQUIRE(recrawl.sites.size() == 2);
  CHECK(recrawl.sites[0].host == "example.com");
  CHECK(recrawl.sites[0].article == std::chrono::days(1));
  CHECK_FALSE(recrawl.sites[0].feed);
  CHECK(recrawl.sites[1].section == 5min);
  CHECK(recrawl.sites[1].feed == 1min);

  CHECK(config.politeness.concurrency == 8);
  CHECK(config.politeness.per_host == 1);
  CHECK(config.politeness.delay == 2.5);
  CHECK_FALSE(config.politeness.obey_robots);
  CHECK(config.politeness.max_crawl_delay == 0s);

  CHECK(config.fetch.connect_timeout == 5s);
  CHECK(config.fetch.timeout == 120s);
  CHECK(config.fetch.max_body_bytes == 512 * 1024);
  CHECK(config.fetch.max_redirects == 0);
  CHECK(config.fetch.tries == 1);

  CHECK(config.clean.focus == CleanFocus::Precision);
  CHECK(config.clean.keep_captions);
  CHECK(config.clean.keep_comments);
  CHECK(config.clean.keep_links);
  CHECK_FALSE(config.clean.keep_tables);
  CHECK(config.clean.articles_only);
  CHECK(config.clean.time_budget == 10s);
  CHECK(config.clean.max_elements == 0);
  CHECK_FALSE(config.clean.prescan);

  CHECK(config.log.level == LogLevel::Debug);
  CHECK(config.log.file == "/var/log/winnow/news.log");
  CHECK(config.log.max_size == 1048576);
  CHECK(config.log.max_files == 2);

  REQUIRE(config.site_rules.sites.size() == 1);
  CHECK(config.site_rules.sites[0].host == "news.example.com");
  CHECK(config.site_rules.sites[0].keep == std::vector<std::string>{"article .story"});
  CHECK(config.site_rules.source_name == "full.toml");
}

TEST_CASE("crawl config: allowed hosts default to the hosts of seeds, sitemaps and feeds, once each") {
  CrawlConfig config = parse_crawl_config(R"(
seeds = ["https://WWW.Example.com./a", "https://user@www.example.com:8443/b"]
sitemaps = ["https://example.org/sitemap.xml"]
feeds = ["http://[::1]:8080/feed"]
[scope]
allowed_hosts = []
)",
                                          "c.toml");
  CHECK(config.scope.allowed_hosts == std::vector<std::string>{"www.example.com", "example.org", "[::1]"});
  CrawlConfig sitemap_only = parse_crawl_config("sitemaps = [\"https://news.example.com/sitemap.xml\"]\n", "c.toml");
  CHECK(sitemap_only.scope.allowed_hosts == std::vector<std::string>{"news.example.com"});
}

TEST_CASE("crawl config: durations take units or whole seconds") {
  auto article = [](const std::string& value) {
    return parse_crawl_config(kSeed + "[recrawl]\narticle = " + value + "\n", "c.toml").recrawl.article;
  };
  CHECK(article("\"90s\"") == 90s);
  CHECK(article("\"30m\"") == 30min);
  CHECK(article("\"6h\"") == 6h);
  CHECK(article("\"7d\"") == std::chrono::days(7));
  CHECK(article("\"2w\"") == std::chrono::weeks(2));
  CHECK(article("3600") == 1h);
  CHECK(article("\"45\"") == 45s);
  CHECK(article("\"12 h\"") == 12h);
}

TEST_CASE("crawl config: sizes take units of 1024 or whole bytes") {
  auto body = [](const std::string& value) {
    return parse_crawl_config(kSeed + "[fetch]\nmax_body_bytes = " + value + "\n", "c.toml").fetch.max_body_bytes;
  };
  CHECK(body("\"10MB\"") == kMaxBodyBytes);
  CHECK(body("\"512KB\"") == 512 * 1024);
  CHECK(body("\"1GB\"") == std::size_t{1} << 30);
  CHECK(body("\"2 MiB\"") == 2u << 20);
  CHECK(body("\"100b\"") == 100);
  CHECK(body("4096") == 4096);
}

TEST_CASE("crawl config: TOML syntax errors carry toml++'s message and position") {
  ConfigError e = parse_error(kSeed + "[politeness]\ndelay = \n");
  CHECK(e.source() == "crawl.toml");
  CHECK(e.line() == 3);
  CHECK(std::string(e.what()).rfind("crawl.toml:3:", 0) == 0);
}

TEST_CASE("crawl config: unknown keys name the nearest key or the section they belong in") {
  ConfigError typo = parse_error(kSeed + "[politeness]\ndelya = 2\n");
  CHECK(contains(typo.what(), "crawl.toml:3:1: unknown key 'delya' in [politeness] (did you mean 'delay'?)"));

  ConfigError elsewhere = parse_error(kSeed + "delay = 2\n");
  CHECK(elsewhere.line() == 2);
  CHECK(contains(elsewhere.what(), "unknown key 'delay' at top level; it belongs in [politeness]"));

  ConfigError section = parse_error(kSeed + "[scop]\nmax_depth = 2\n");
  CHECK(section.line() == 2);
  CHECK(contains(section.what(), "unknown key 'scop' at top level (did you mean 'scope'?)"));

  ConfigError seed = parse_error("seed = [\"https://example.com/\"]\n");
  CHECK(contains(seed.what(), "(did you mean 'seeds'?)"));

  ConfigError site_key = parse_error(kSeed + "[[recrawl.site]]\nhost = \"x.com\"\nkeep = [\"a\"]\n");
  CHECK(site_key.line() == 4);
  CHECK(contains(site_key.what(), "unknown key 'keep' in [[recrawl.site]]; it belongs in [[site]]"));

  ConfigError article_only = parse_error(kSeed + "[clean]\narticle_only = true\n");
  CHECK(contains(article_only.what(), "unknown key 'article_only' in [clean] (did you mean 'articles_only'?)"));
  ConfigError top_level = parse_error(kSeed + "articles_only = true\n");
  CHECK(contains(top_level.what(), "unknown key 'articles_only' at top level; it belongs in [clean]"));

  ConfigError nothing_like = parse_error(kSeed + "[log]\ncolour = true\n");
  CHECK(contains(nothing_like.what(), "unknown key 'colour' in [log]; expected level, file, max_size or max_files"));

  // [[site]] is the site rules' own format, checked by site_rules_from_table.
  ConfigError rule = parse_error(kSeed + "[[site]]\nhost = \"x.com\"\nkep = [\"a\"]\n");
  CHECK(rule.line() == 4);
  CHECK(contains(rule.what(), "did you mean 'keep'?"));
}

TEST_CASE("crawl config: wrong types say what to write") {
  ConfigError quoted = parse_error(kSeed + "[scope]\nmax_depth = \"2\"\n");
  CHECK(quoted.line() == 3);
  CHECK(quoted.column() == 13);
  CHECK(contains(quoted.what(), "max_depth must be a whole number, e.g. max_depth = 3 (got a string); write it without quotes"));

  ConfigError articles_only = parse_error(kSeed + "[clean]\narticles_only = 1\n");
  CHECK(articles_only.line() == 3);
  CHECK(contains(articles_only.what(), "articles_only must be true or false, e.g. articles_only = false (got an integer)"));

  ConfigError prescan = parse_error(kSeed + "[clean]\nprescan = \"no\"\n");
  CHECK(prescan.line() == 3);
  CHECK(contains(prescan.what(), "prescan must be true or false, e.g. prescan = true (got a string)"));

  ConfigError boolean = parse_error(kSeed + "[politeness]\nobey_robots = \"yes\"\n");
  CHECK(contains(boolean.what(), "obey_robots must be true or false, e.g. obey_robots = true (got a string)"));

  ConfigError string = parse_error(kSeed + "user_agent = 7\n");
  CHECK(contains(string.what(), "user_agent must be a string"));

  ConfigError table = parse_error(kSeed + "scope = 3\n");
  CHECK(contains(table.what(), "scope must be a table: write its keys under a [scope] line (got an integer)"));

  ConfigError array = parse_error("seeds = \"https://example.com/\"\n");
  CHECK(array.line() == 1);
  CHECK(contains(array.what(), "seeds must be an array of strings, e.g. seeds = [\"https://example.com/\"]"));

  ConfigError item = parse_error("seeds = [\"https://example.com/\", 3]\n");
  CHECK(item.column() == 34);
  CHECK(contains(item.what(), "seeds[1] must be a string"));

  ConfigError fraction = parse_error(kSeed + "[fetch]\ntries = 2.5\n");
  CHECK(contains(fraction.what(), "tries must be a whole number, e.g. tries = 3 (got a number with a fraction)"));

  ConfigError sites = parse_error(kSeed + "[recrawl]\nsite = \"x.com\"\n");
  CHECK(contains(sites.what(), "[[recrawl.site]]"));
}

TEST_CASE("crawl config: bad durations show the accepted forms") {
  const std::string forms = "\"90s\", \"30m\", \"6h\", \"7d\", \"2w\"";
  ConfigError words = parse_error(kSeed + "[recrawl]\narticle = \"7 days\"\n");
  CHECK(words.line() == 3);
  CHECK(words.column() == 11);
  CHECK(contains(words.what(), "'7 days' is not a duration for article; write a whole number of seconds"));
  CHECK(contains(words.what(), forms));
  CHECK(contains(parse_error(kSeed + "[recrawl]\nretry = \"1.5h\"\n").what(), "is not a duration for retry"));
  CHECK(contains(parse_error(kSeed + "[recrawl]\nfeed = \"\"\n").what(), "is not a duration for feed"));
  CHECK(contains(parse_error(kSeed + "[recrawl]\nfeed = \"10M\"\n").what(), forms));

  ConfigError zero = parse_error(kSeed + "[recrawl]\nsection = 0\n");
  CHECK(contains(zero.what(), "section must be more than 0"));
  CHECK(contains(parse_error(kSeed + "[fetch]\ntimeout = \"0s\"\n").what(), "timeout must be more than 0"));
  ConfigError negative = parse_error(kSeed + "[politeness]\nmax_crawl_delay = -5\n");
  CHECK(contains(negative.what(), "max_crawl_delay must be 0 or more"));
  ConfigError fraction = parse_error(kSeed + "[fetch]\nconnect_timeout = 2.5\n");
  CHECK(contains(fraction.what(), "connect_timeout must be a duration, e.g. connect_timeout = \"10s\" (got a number with a fraction)"));
  ConfigError huge = parse_error(kSeed + "[recrawl]\narticle = \"999999999w\"\n");
  CHECK(contains(huge.what(), "longer than 100 years"));

  ConfigError site = parse_error(kSeed + "[[recrawl.site]]\nhost = \"x.com\"\nfeed = \"soon\"\n");
  CHECK(site.line() == 4);
  CHECK(contains(site.what(), "'soon' is not a duration for feed"));
}

TEST_CASE("crawl config: bad sizes show the accepted forms") {
  ConfigError words = parse_error(kSeed + "[fetch]\nmax_body_bytes = \"10 megabytes\"\n");
  CHECK(words.line() == 3);
  CHECK(contains(words.what(), "'10 megabytes' is not a size for max_body_bytes; write a number of bytes, or a number and a unit"));
  CHECK(contains(parse_error(kSeed + "[log]\nmax_size = 0\n").what(), "max_size must be more than 0 bytes"));
  CHECK(contains(parse_error(kSeed + "[log]\nmax_size = \"99999999999GB\"\n").what(), "is not a size"));
  CHECK(contains(parse_error(kSeed + "[log]\nmax_size = true\n").what(), "max_size must be a size, e.g. max_size = \"10MB\""));
}

TEST_CASE("crawl config: negative and out-of-range numbers are errors") {
  ConfigError pages = parse_error(kSeed + "[scope]\nmax_pages_per_run = -1\n");
  CHECK(pages.line() == 3);
  CHECK(contains(pages.what(), "max_pages_per_run must be at least 0, not -1 (0 means no limit)"));
  ConfigError concurrency = parse_error(kSeed + "[politeness]\nconcurrency = 0\n");
  CHECK(contains(concurrency.what(), "concurrency must be at least 1, not 0"));
  CHECK(contains(parse_error(kSeed + "[politeness]\nper_host = -2\n").what(), "per_host must be at least 1"));
  CHECK(contains(parse_error(kSeed + "[recrawl]\nmax_attempts = 0\n").what(), "max_attempts must be at least 1"));
  CHECK(contains(parse_error(kSeed + "[recrawl]\nlease = \"5s\"\n").what(), "lease must be at least 6s"));
  CHECK(contains(parse_error(kSeed + "[log]\nmax_files = 0\n").what(), "max_files must be at least 1"));
  CHECK(contains(parse_error(kSeed + "[scope]\nmax_depth = 5000000000\n").what(), "max_depth must be at most 1000"));
  ConfigError delay = parse_error(kSeed + "[politeness]\ndelay = -0.5\n");
  CHECK(delay.line() == 3);
  CHECK(contains(delay.what(), "delay must be a number of seconds from 0 up"));
  CHECK(contains(parse_error(kSeed + "[politeness]\ndelay = nan\n").what(), "delay must be a number of seconds from 0 up"));
  CHECK(parse_crawl_config(kSeed + "[politeness]\ndelay = 0\n", "c.toml").politeness.delay == 0.0);
}

TEST_CASE("crawl config: a bad regex is an error at its line") {
  ConfigError e = parse_error(kSeed + "[scope]\nexclude = ['\\.pdf$',\n  '(unclosed']\n");
  CHECK(e.line() == 4);
  CHECK(e.column() == 3);
  CHECK(contains(e.what(), "bad regular expression '(unclosed' in exclude"));
  CHECK(contains(e.what(), "ECMAScript"));
  CHECK(contains(parse_error(kSeed + "[scope]\ninclude = ['[a-']\n").what(), "bad regular expression '[a-' in include"));
}

TEST_CASE("crawl config: patterns that would overflow or stall the regex engine are refused") {
  // Both found by fuzzing: libstdc++ overflowed an int compiling these numbers.
  CHECK(contains(parse_error(kSeed + "[scope]\ninclude = ['\\33333333333']\n").what(), "number too large in regular expression"));
  CHECK(contains(parse_error(kSeed + "[scope]\nexclude = ['a{1,12345678}']\n").what(), "number too large"));
  // Back-references need the backtracking matcher, which is exponential on some patterns.
  CHECK(contains(parse_error(kSeed + "[scope]\nexclude = ['(a)\\1']\n").what(), "bad regular expression"));
  // Literal digits are not counts, and small counts are fine.
  CrawlConfig ok = parse_crawl_config(kSeed + "[scope]\ninclude = ['/artikel,1234567890\\.html$', '/id/[0-9]{4,8}/', '\\d{2}']\n", "c.toml");
  CHECK(ok.scope.include.size() == 3);
}

TEST_CASE("crawl config: a nested quantifier matches a long URL in polynomial time") {
  CrawlConfig config = parse_crawl_config(kSeed + "[scope]\nexclude = ['[^/]+*print/']\n", "c.toml");
  REQUIRE(config.scope.exclude.size() == 1);
  const std::string url = "https://example.com/" + std::string(500, 'a');  // 2^500 paths when backtracking
  CHECK_FALSE(config.scope.exclude[0].matches(url));
  CHECK(config.scope.exclude[0].matches(url + "/print/"));
}

TEST_CASE("crawl config: seeds, sitemaps and feeds must be http(s) URLs") {
  ConfigError bare = parse_error("seeds = [\"example.com/news\"]\n");
  CHECK(bare.line() == 1);
  CHECK(bare.column() == 10);
  CHECK(contains(bare.what(), "'example.com/news' in seeds is not a URL to crawl: it has no scheme; write it in full, "
                              "e.g. \"https://example.com/news\""));
  ConfigError ftp = parse_error("sitemaps = [\"ftp://example.com/sitemap.xml\"]\n");
  CHECK(contains(ftp.what(), "in sitemaps is not a URL to crawl: only http:// and https:// URLs are crawled"));
  CHECK(contains(parse_error("feeds = [\"https:///feed\"]\n").what(), "in feeds is not a URL to crawl: the host is empty"));
  CHECK(contains(parse_error("seeds = [\"https://exa mple.com/\"]\n").what(), "space or control character"));
  CHECK(contains(parse_error("seeds = [\"https://example.com:99999/\"]\n").what(), "port '99999' is not a number from 1 to 65535"));
  CHECK(contains(parse_error("seeds = [\"https://example.com:/\"]\n").what(), "port '' is not a number"));
  CHECK(contains(parse_error("seeds = [\"https://ex!ample.com/\"]\n").what(), "contains '!'"));
  CHECK(contains(parse_error("seeds = [\"https://[::1/\"]\n").what(), "no closing ']'"));
  // A password in a URL with a typo stays out of the message.
  ConfigError secret = parse_error("seeds = [\"https://alice:s3cret@ex!ample.com/?token=t0ken\"]\n");
  CHECK(contains(secret.what(), "'https://alice:***@ex!ample.com/?token=***' in seeds"));
  CHECK_FALSE(contains(secret.what(), "s3cret"));
  CHECK_FALSE(contains(secret.what(), "t0ken"));
  CHECK_FALSE(contains(parse_error("seeds = [\"alice:s3cret@example.com/\"]\n").what(), "s3cret"));
  CHECK_FALSE(contains(parse_error(kSeed + "store = \"mysql://root:s3cret@db/crawl\"\n").what(), "s3cret"));
  CHECK_FALSE(contains(parse_error(kSeed + "[scope]\nallowed_hosts = [\"https://alice:s3cret@x.com/\"]\n").what(), "s3cret"));
  // Upper-case schemes, ports, user info and IPv6 literals are fine.
  CHECK(parse_crawl_config("seeds = [\"HTTPS://u:p@Example.com:8443/?q#f\", \"http://[::1]/\"]\n", "c.toml").seeds.size() == 2);
}

TEST_CASE("crawl config: nothing to crawl is an error") {
  ConfigError e = parse_error("[scope]\nmax_depth = 1\n");
  CHECK(e.line() == 0);
  CHECK(std::string(e.what()) ==
        "crawl.toml: nothing to crawl: give seeds, sitemaps or feeds, e.g. seeds = [\"https://example.com/\"]");
  CHECK(contains(parse_error("seeds = []\n").what(), "nothing to crawl"));
}

TEST_CASE("crawl config: the store must be a database, named by its scheme") {
  ConfigError jsonl = parse_error(kSeed + "store = \"jsonl:pages.jsonl\"\n");
  CHECK(jsonl.line() == 2);
  CHECK(jsonl.column() == 9);
  CHECK(contains(jsonl.what(), "store 'jsonl:pages.jsonl' cannot hold a crawl: its frontier lives beside the pages, so it "
                               "needs a database; use sqlite:PATH (relative to this file's folder) or postgresql://..."));
  CHECK(contains(parse_error(kSeed + "store = \"dir:out\"\n").what(), "needs a database"));
  CHECK(contains(parse_error(kSeed + "store = \"winnow.db\"\n").what(), "did you mean \"sqlite:winnow.db\"?"));
  CHECK(contains(parse_error(kSeed + "store = \"mysql://db/crawl\"\n").what(), "unknown kind of store; use sqlite:PATH"));
  CHECK(contains(parse_error(kSeed + "store = \"sqlite:\"\n").what(), "sqlite: needs a path"));
  CHECK(parse_crawl_config(kSeed + "store = \"postgres://db/crawl\"\n", "c.toml").store == "postgres://db/crawl");
}

TEST_CASE("crawl config: log level and focus must be known words") {
  ConfigError level = parse_error(kSeed + "[log]\nlevel = \"verbose\"\n");
  CHECK(level.line() == 3);
  CHECK(contains(level.what(), "unknown level 'verbose'; expected trace, debug, info, warn, error or off"));
  CHECK(contains(parse_error(kSeed + "[log]\nlevel = \"warning\"\n").what(), "(did you mean 'warn'?)"));
  ConfigError focus = parse_error(kSeed + "[clean]\nfocus = \"precise\"\n");
  CHECK(contains(focus.what(), "unknown focus 'precise'; expected balanced, precision or recall (did you mean 'precision'?)"));
  CHECK(contains(parse_error(kSeed + "[clean]\nfocus = 1\n").what(), "focus must be a string, e.g. focus = \"balanced\""));
  CHECK(parse_crawl_config(kSeed + "[log]\nlevel = \"OFF\"\n", "c.toml").log.level == LogLevel::Off);
}

TEST_CASE("crawl config: names and hosts are checked") {
  ConfigError name = parse_error(kSeed + "name = \"my crawl\"\n");
  CHECK(contains(name.what(), "name 'my crawl' must be letters, digits, '.', '_' and '-'"));
  CHECK(contains(parse_error(kSeed + "name = \"../x\"\n").what(), "must be letters"));
  CHECK(parse_crawl_config(kSeed, "dir/my crawl.v2.toml").name == "my-crawl.v2");
  CHECK(parse_crawl_config(kSeed + "name = \"\"\n", "a/b.toml").name == "b");
  // The name goes into file names and every summary line: at most 100 characters.
  CHECK(parse_crawl_config(kSeed + "name = \"" + std::string(100, 'n') + "\"\n", "c.toml").name.size() == 100);
  ConfigError long_name = parse_error(kSeed + "name = \"" + std::string(101, 'n') + "\"\n");
  CHECK(long_name.line() == 2);
  CHECK(contains(long_name.what(), "is 101 characters long; at most 100"));
  CHECK(parse_crawl_config(kSeed, "dir/" + std::string(300, 'x') + ".toml").name == std::string(100, 'x'));

  ConfigError url = parse_error(kSeed + "[scope]\nallowed_hosts = [\"https://x.com/\"]\n");
  CHECK(url.line() == 3);
  CHECK(contains(url.what(), "allowed host 'https://x.com/' is not a bare host name; write just the host, e.g. \"x.com\""));
  CHECK(contains(parse_error(kSeed + "[scope]\nallowed_hosts = [\"*.x.com\"]\n").what(), "write \"x.com\""));
  CHECK(contains(parse_error(kSeed + "[scope]\nallowed_hosts = [\"\"]\n").what(), "the host is empty"));
  CHECK(contains(parse_error(kSeed + "[scope]\nallowed_hosts = [\"x.com:8080\"]\n").what(), "e.g. \"x.com\""));
  CHECK(parse_crawl_config(kSeed + "[scope]\nallowed_hosts = [\"[::1]\"]\n", "c.toml").scope.allowed_hosts ==
        std::vector<std::string>{"[::1]"});

  ConfigError missing = parse_error(kSeed + "[[recrawl.site]]\narticle = \"1d\"\n");
  CHECK(missing.line() == 2);
  CHECK(contains(missing.what(), "[[recrawl.site]] has no host"));
  ConfigError idle = parse_error(kSeed + "[[recrawl.site]]\nhost = \"x.com\"\n");
  CHECK(contains(idle.what(), "[[recrawl.site]] for 'x.com' sets no interval"));
  ConfigError twice = parse_error(kSeed + "[[recrawl.site]]\nhost = \"x.com\"\nfeed = 60\n[[recrawl.site]]\nhost = \"X.com\"\nfeed = 60\n");
  CHECK(twice.line() == 6);
  CHECK(contains(twice.what(), "duplicate [[recrawl.site]] host 'x.com'"));
  CHECK(contains(parse_error(kSeed + "[[recrawl.site]]\nhost = \"x y\"\nfeed = 60\n").what(), "contains ' '"));
  CHECK(contains(parse_error(kSeed + "[[recrawl.site]]\nhost = \"x.com..\"\nfeed = 60\n").what(), "empty label"));
}

TEST_CASE("crawl config: recrawl intervals apply the most specific site that sets the kind") {
  CrawlConfig config = parse_crawl_config(kFullConfig, "full.toml");
  CHECK(config.recrawl_interval(RecrawlKind::Article, "other.net") == std::chrono::weeks(2));
  CHECK(config.recrawl_interval(RecrawlKind::Article, "example.com") == std::chrono::days(1));
  CHECK(config.recrawl_interval(RecrawlKind::Article, "WWW.Example.com.") == std::chrono::days(1));
  CHECK(config.recrawl_interval(RecrawlKind::Article, "badexample.com") == std::chrono::weeks(2));
  // live.example.com sets no article interval: its parent's applies.
  CHECK(config.recrawl_interval(RecrawlKind::Article, "live.example.com") == std::chrono::days(1));
  CHECK(config.recrawl_interval(RecrawlKind::Section, "a.live.example.com") == 5min);
  CHECK(config.recrawl_interval(RecrawlKind::Section, "example.com") == 30min);
  CHECK(config.recrawl_interval(RecrawlKind::Feed, "live.example.com") == 1min);
  CHECK(config.recrawl_interval(RecrawlKind::Feed, "example.com") == 600s);
  CHECK(config.recrawl_interval(RecrawlKind::Sitemap, "live.example.com") == 12h);
}

TEST_CASE("crawl config: the retry delay doubles with each failure") {
  CrawlConfig config = parse_crawl_config(kSeed, "c.toml");
  CHECK(config.retry_delay(0) == 1h);
  CHECK(config.retry_delay(1) == 1h);
  CHECK(config.retry_delay(2) == 2h);
  CHECK(config.retry_delay(4) == 8h);
  CHECK(config.retry_delay(1000) == 1h * (1 << 20));
}

TEST_CASE("crawl config: host_in_domain matches the domain and its subdomains only") {
  CHECK(host_in_domain("example.com", "example.com"));
  CHECK(host_in_domain("a.b.Example.COM.", "example.com"));
  CHECK_FALSE(host_in_domain("badexample.com", "example.com"));
  CHECK_FALSE(host_in_domain("example.com", "www.example.com"));
  CHECK_FALSE(host_in_domain("", "example.com"));
  CHECK_FALSE(host_in_domain("example.com", ""));
}

TEST_CASE("crawl config: relative paths are resolved against the config's folder") {
  CrawlConfig config = parse_crawl_config(kSeed + "warc = \"archive/crawl.warc.gz\"\n[log]\nfile = \"../logs/crawl.log\"\n",
                                          "crawl.toml", "/srv/crawls/news");
  CHECK(config.store == "sqlite:/srv/crawls/news/winnow.db");
  CHECK(config.warc == "/srv/crawls/news/archive/crawl.warc.gz");
  CHECK(config.log.file == "/srv/crawls/logs/crawl.log");

  CrawlConfig absolute = parse_crawl_config(kSeed + "store = \"sqlite:/data/w.db\"\nwarc = \"/data/a.warc\"\n", "crawl.toml",
                                            "/srv/crawls");
  CHECK(absolute.store == "sqlite:/data/w.db");
  CHECK(absolute.warc == "/data/a.warc");
  CHECK(parse_crawl_config(kSeed + "store = \"sqlite::memory:\"\n", "c.toml", "/srv").store == "sqlite::memory:");
  CHECK(parse_crawl_config(kSeed + "store = \"postgresql://h/db\"\n", "c.toml", "/srv").store == "postgresql://h/db");
  CHECK(parse_crawl_config(kSeed, "c.toml", "/srv").log.file.empty());
}

TEST_CASE("crawl config: load_crawl_config resolves against the file's folder, made absolute") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("winnow_crawl_config_test_" + std::to_string(reinterpret_cast<uintptr_t>(&dir)));
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "daily.toml");
    out << kSeed << "store = \"sqlite:data/daily.db\"\n";
  }
  CrawlConfig config = load_crawl_config((dir / "daily.toml").string());
  CHECK(config.name == "daily");
  CHECK(config.store == "sqlite:" + (dir / "data/daily.db").string());
  CHECK(config.source_name == (dir / "daily.toml").string());

  // A bare file name is in the current folder.
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  CrawlConfig here = load_crawl_config("daily.toml");
  std::filesystem::current_path(previous);
  CHECK(here.source_name == "daily.toml");
  CHECK(here.store == config.store);
  std::filesystem::remove_all(dir);

  try {
    load_crawl_config("/nonexistent/dir/crawl.toml");
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/dir/crawl.toml: cannot open: No such file or directory");
  }
}

TEST_CASE("crawl config: to_toml prints every key and loads back to an equal config") {
  CrawlConfig full = parse_crawl_config(kFullConfig, "full.toml");
  std::string printed = to_toml(full);
  CrawlConfig again = parse_crawl_config(printed, "printed.toml");
  CHECK(again == full);
  CHECK(to_toml(again) == printed);
  CHECK(again.scope.exclude[0].text == "\\.pdf$");
  CHECK(again.scope.exclude[0].matches("https://x.com/a.pdf"));
  CHECK(contains(printed, "feed = \"10m\""));
  CHECK(contains(printed, "max_body_bytes = \"512KB\""));
  CHECK(contains(printed, "max_size = \"1MB\""));
  CHECK(contains(printed, "prescan = false"));

  CrawlConfig defaults = parse_crawl_config(kSeed, "defaults.toml", "/srv/crawls");
  std::string printed_defaults = to_toml(defaults);
  CHECK(parse_crawl_config(printed_defaults, "printed.toml", "/elsewhere") == defaults);
  CHECK(contains(printed_defaults, "store = \"sqlite:/srv/crawls/winnow.db\""));
  CHECK(contains(printed_defaults, "name = \"defaults\""));
  CHECK(contains(printed_defaults, "allowed_hosts = [\"example.com\"]"));
  CHECK(contains(printed_defaults, "max_body_bytes = \"10MB\""));
  CHECK(contains(printed_defaults, "prescan = true"));

  // Every key of example.toml is printed, and nothing else.
  CrawlConfig example = load_crawl_config(WINNOW_SOURCE_DIR "/config/example.toml");
  std::ifstream file(WINNOW_SOURCE_DIR "/config/example.toml");
  std::string example_text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CHECK(keys_of(to_toml(example)) == keys_of(example_text));
  CHECK(keys_of(to_toml(defaults)).size() + 8 == keys_of(example_text).size());  // less the example tables' keys
}

TEST_CASE("crawl config: equality ignores where a config came from, not what it says") {
  CrawlConfig a = parse_crawl_config(kFullConfig, "a.toml");
  CrawlConfig b = parse_crawl_config("\n\n" + kFullConfig, "b.toml");
  CHECK(a == b);
  b.scope.exclude[1].text = "/tags/";
  CHECK_FALSE(a == b);
  CrawlConfig c = a;
  c.site_rules.sites[0].drop.clear();
  CHECK_FALSE(a == c);
}

TEST_CASE("crawl config: example.toml loads and shows the defaults") {
  CrawlConfig example = load_crawl_config(WINNOW_SOURCE_DIR "/config/example.toml");
  CHECK(example.name == "example");
  CHECK(example.store == "sqlite:" WINNOW_SOURCE_DIR "/config/winnow.db");
  CHECK(example.user_agent == default_user_agent());
  CHECK(example.seeds == std::vector<std::string>{"https://example.com/"});
  CHECK(example.scope.allowed_hosts == std::vector<std::string>{"example.com"});

  CrawlConfig defaults;
  CHECK(example.politeness == defaults.politeness);
  CHECK(example.fetch == defaults.fetch);
  CHECK(example.clean == defaults.clean);
  CHECK(example.log == defaults.log);
  CHECK(example.scope.include.empty());
  CHECK(example.scope.max_depth == defaults.scope.max_depth);
  CHECK(example.scope.max_pages_per_run == defaults.scope.max_pages_per_run);
  CHECK(example.scope.max_pages_per_host == defaults.scope.max_pages_per_host);
  CHECK(example.scope.max_listings_per_run == defaults.scope.max_listings_per_run);
  RecrawlConfig recrawl = example.recrawl;
  REQUIRE(recrawl.sites.size() == 1);
  recrawl.sites.clear();
  CHECK(recrawl == defaults.recrawl);
  REQUIRE(example.site_rules.sites.size() == 1);
  CHECK(example.site_rules.sites[0].drop.size() == 2);
}

TEST_CASE("crawl config: enum names are the words the file uses") {
  CHECK(to_string(RecrawlKind::Section) == "section");
  CHECK(to_string(CleanFocus::Recall) == "recall");
  CHECK(to_string(LogLevel::Warn) == "warn");
}

TEST_CASE("crawl config: a user_agent with CR/LF or another control character is refused at its line") {
  // TOML basic strings spell control characters as escapes; sent as is, "\r\n" starts a header.
  ConfigError injected = parse_error(kSeed + "user_agent = \"bot\\r\\nHost: evil.example\"\n");
  CHECK(injected.line() == 2);
  CHECK(contains(injected.what(), "crawl.toml:2:"));
  CHECK(contains(injected.what(), "user_agent contains a control character (\\r)"));
  ConfigError escape = parse_error(kSeed + "\n\nuser_agent = \"bot\\u001b[2J\"\n");
  CHECK(escape.line() == 4);
  CHECK(contains(escape.what(), "(\\x1b)"));
  CHECK(parse_crawl_config(kSeed + "user_agent = \"bot/1.0\\t(+https://example.com/bot)\"\n", "crawl.toml").user_agent ==
        "bot/1.0\t(+https://example.com/bot)");
}
