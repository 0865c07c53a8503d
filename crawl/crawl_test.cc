// The crawl engine through its API, no CLI: crawls of tests/site_server's generated site on
// 127.0.0.1, checked against the summary and the store; a stop flag; errors before the start.
#include "crawl/crawl.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "crawl/run_lock.h"
#include "store/query.h"
#include "tests/temp_dir.h"

namespace winnow::crawl {
namespace {

namespace fs = std::filesystem;

// tests/site_server serving a generated site of `pages` articles, for the life of the object.
class SiteServer {
 public:
  explicit SiteServer(int pages, int delay_ms = 0) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::string n = std::to_string(pages), delay = std::to_string(delay_ms);
      ::execl(WINNOW_SITE_SERVER, WINNOW_SITE_SERVER, "--generate", n.c_str(), "--links", "3", "--delay-ms",
              delay.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    // The server prints its origin once it listens.
    FILE* from = ::fdopen(out[0], "r");
    char line[256] = {};
    if (from != nullptr && std::fgets(line, sizeof line, from) != nullptr) origin_ = line;
    if (from != nullptr) std::fclose(from);
    while (!origin_.empty() && (origin_.back() == '\n' || origin_.back() == '\r')) origin_.pop_back();
    REQUIRE(origin_.starts_with("http://127.0.0.1:"));
  }
  ~SiteServer() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  const std::string& origin() const { return origin_; }

 private:
  pid_t pid_ = -1;
  std::string origin_;
};

// A fresh folder for a test's store.
using winnow::testing::TempDir;

config::CrawlConfig site_config(const SiteServer& server, const TempDir& dir) {
  StartUrls urls;
  urls.sitemaps.push_back(server.origin() + "/sitemap.xml");
  config::CrawlConfig config = config_for_urls(urls, dir.path.string());
  config.allow_private_addresses = true;
  config.politeness.delay = 0;
  return config;
}

std::set<std::string> stored_urls(const std::string& store) {
  std::set<std::string> urls;
  store::export_pages(store, {}, [&](const nlohmann::ordered_json& page) { urls.insert(page.value("url", "")); });
  return urls;
}

TEST_CASE("config_for_urls: the defaults, the URLs' hosts as scope, the default store in the folder given") {
  StartUrls urls;
  urls.seeds = {"https://news.example.com/", "http://blog.example.org/a"};
  urls.feeds = {"https://news.example.com/feed.xml"};
  config::CrawlConfig config = config_for_urls(urls, "/srv/crawl");
  CHECK(config.name == "news.example.com");
  CHECK(config.store == "sqlite:/srv/crawl/winnow.db");
  CHECK(config.seeds == urls.seeds);
  CHECK(config.feeds == urls.feeds);
  CHECK(config.scope.allowed_hosts == std::vector<std::string>{"news.example.com", "blog.example.org"});
  CHECK(config.politeness.obey_robots);
  CHECK_FALSE(config.allow_private_addresses);
  config::CrawlConfig defaults = config_for_urls(urls, "/srv/crawl");
  CHECK(defaults.recrawl == config::RecrawlConfig{});
  CHECK(defaults.politeness == config::PolitenessConfig{});
}

TEST_CASE("config_for_urls: a URL that is not http(s), or no URL, is a config error") {
  StartUrls bad;
  bad.seeds = {"ftp://example.com/"};
  try {
    config_for_urls(bad, "");
    FAIL("no error");
  } catch (const CrawlError& e) {
    CHECK(e.kind() == StartError::Config);
    CHECK(e.exit_code() == 2);
    CHECK(std::string(e.what()).find("ftp://example.com/") != std::string::npos);
  }
  CHECK_THROWS_AS(config_for_urls(StartUrls{}, ""), CrawlError);
}

TEST_CASE("add_start_urls: more seeds, each within its own host") {
  StartUrls first;
  first.seeds = {"https://a.example/"};
  config::CrawlConfig config = config_for_urls(first, "");
  StartUrls more;
  more.seeds = {"https://b.example/x", "https://a.example/"};
  more.sitemaps = {"https://c.example/sitemap.xml"};
  add_start_urls(config, more);
  CHECK(config.seeds == std::vector<std::string>{"https://a.example/", "https://b.example/x"});
  CHECK(config.sitemaps == std::vector<std::string>{"https://c.example/sitemap.xml"});
  CHECK(config.scope.allowed_hosts == std::vector<std::string>{"a.example", "b.example", "c.example"});
}

TEST_CASE("run: a site crawled through the API, summary and store agree") {
  SiteServer server(25);
  TempDir dir;
  config::CrawlConfig config = site_config(server, dir);
  std::mutex mutex;
  std::set<std::string> reported_new;
  std::size_t progress_calls = 0;
  RunOptions options;
  options.once = true;
  options.on_page = [&](const PageDone& page) {
    std::lock_guard lock(mutex);
    if (page.outcome == "new") reported_new.insert(page.url);
  };
  options.on_progress = [&](const Progress&) { ++progress_calls; };
  CrawlSummary summary = run(config, options);
  CHECK(summary.exit_code() == 0);
  CHECK_FALSE(summary.interrupted);
  CHECK(summary.failures == 0);
  CHECK(summary.sitemaps >= 1);
  const std::set<std::string> stored = stored_urls(config.store);
  std::size_t articles = 0;
  for (const std::string& url : stored) articles += url.find("/articles/") != std::string::npos;
  CHECK(articles == 25);
  CHECK(summary.new_pages == stored.size());
  CHECK(reported_new == stored);
  CHECK(summary.frontier_due == 0);
  CHECK(summary.line().starts_with("crawl 127.0.0.1: " + std::to_string(summary.fetched) + " fetched"));
  const std::string json = summary.json();
  CHECK(json.find("\"new\": " + std::to_string(summary.new_pages)) != std::string::npos);
  CHECK(json.find("\"interrupted\": false") != std::string::npos);

  // Again at once: nothing is due, nothing fetched.
  CrawlSummary again = run(config, options);
  CHECK(again.fetched == 0);
  CHECK(again.exit_code() == 0);
}

TEST_CASE("run: the stop flag ends the run early and cleanly; the rest stays due") {
  SiteServer server(400, 30);
  TempDir dir;
  config::CrawlConfig config = site_config(server, dir);
  config.politeness.concurrency = 2;
  config.politeness.per_host = 2;
  std::atomic<bool> stop{false};
  std::atomic<int> done{0};
  RunOptions options;
  options.once = true;
  options.stop = &stop;
  options.on_page = [&](const PageDone&) {
    if (++done == 10) stop = true;
  };
  auto started = std::chrono::steady_clock::now();
  CrawlSummary summary = run(config, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(summary.interrupted);
  CHECK(summary.exit_code() == 0);
  CHECK(seconds < 30);
  CHECK(summary.new_pages >= 9);
  CHECK(summary.new_pages < 400);
  CHECK(summary.frontier_due > 0);
  CHECK(stored_urls(config.store).size() == summary.new_pages);
  CHECK(summary.json().find("\"interrupted\": true") != std::string::npos);
}

TEST_CASE("run: a private address refused without allow_private_addresses, a failure of the run") {
  SiteServer server(3);
  TempDir dir;
  StartUrls urls;
  urls.seeds.push_back(server.origin() + "/articles/0.html");
  config::CrawlConfig config = config_for_urls(urls, dir.path.string());
  RunOptions options;
  options.once = true;
  CrawlSummary summary = run(config, options);
  CHECK(summary.exit_code() == 1);
  CHECK(summary.new_pages == 0);
  REQUIRE(summary.failed_urls.size() == 1);
  CHECK(summary.failed_urls[0].url == server.origin() + "/articles/0.html");
}

TEST_CASE("run: errors before the start are CrawlErrors with the CLI's exit codes") {
  TempDir dir;
  StartUrls urls;
  urls.seeds.push_back("http://127.0.0.1:9/");
  config::CrawlConfig config = config_for_urls(urls, dir.path.string());
  RunOptions options;
  options.once = true;

  SECTION("another run holds the lock: 3") {
    RunLock held(config.store.substr(7) + ".lock");
    REQUIRE(held.ok());
    try {
      run(config, options);
      FAIL("no error");
    } catch (const CrawlError& e) {
      CHECK(e.kind() == StartError::Locked);
      CHECK(e.exit_code() == 3);
      CHECK(std::string(e.what()).find("another run") != std::string::npos);
    }
  }
  SECTION("a store that cannot be opened: 4") {
    options.store = "sqlite:" + (dir.path / "no-such-folder" / "x.db").string();
    try {
      run(config, options);
      FAIL("no error");
    } catch (const CrawlError& e) {
      CHECK(e.exit_code() == 4);
    }
  }
  SECTION("nothing to crawl, a config file with a mistake: 2") {
    config::CrawlConfig empty = config;
    empty.seeds.clear();
    try {
      run(empty, options);
      FAIL("no error");
    } catch (const CrawlError& e) {
      CHECK(e.exit_code() == 2);
    }
    std::ofstream(dir.path / "typo.toml") << "seeds = [\"https://example.com/\"]\n[politeness]\nconcurency = 4\n";
    try {
      run_file((dir.path / "typo.toml").string(), options);
      FAIL("no error");
    } catch (const CrawlError& e) {
      CHECK(e.kind() == StartError::Config);
      CHECK(std::string(e.what()).find("typo.toml:3") != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace winnow::crawl
