// The SQLite crawl store's frontier: adding, leasing, completing, and what a crash leaves.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "store/frontier.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;

struct TempDb {
  fs::path dir;
  std::string uri;
  TempDb() {
    char tmpl[] = "/tmp/winnow-frontier-XXXXXX";
    dir = ::mkdtemp(tmpl);
    uri = "sqlite:" + (dir / "crawl.db").string();
  }
  ~TempDb() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  long long value(const std::string& sql) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "crawl.db").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }
};

NewUrl page(const std::string& path, int depth = 0, std::string lastmod = {}) {
  return NewUrl{"https://a.example" + path, "https://a.example", depth, UrlKind::Page, std::move(lastmod)};
}

Record record_for(const std::string& url, const std::string& text) {
  clean::Article a;
  a.meta.url = url;
  a.meta.title = "T";
  clean::Block b;
  b.text = text;
  a.blocks.push_back(b);
  return make_record(std::move(a));
}

UrlDone done(const std::string& url, std::int64_t now, std::int64_t next_due) {
  UrlDone d;
  d.url = url;
  d.now = now;
  d.next_due = next_due;
  d.status = 200;
  return d;
}

}  // namespace

TEST_CASE("frontier: new URLs once, earliest due first, one lease at a time", "[frontier]") {
  TempDb db;
  auto store = open_crawl_store(db.uri, "w1");
  CHECK(store->add_urls({page("/1"), page("/2", 1), page("/1", 0)}, 1000) == 2);
  CHECK(store->add_urls({page("/2", 3), page("/3", 2)}, 1005) == 1);
  auto first = store->lease(2, 1010, 60);
  REQUIRE(first.size() == 2);
  CHECK(first[0].url == "https://a.example/1");
  CHECK(first[1].url == "https://a.example/2");
  CHECK(first[1].depth == 1);  // the shallower depth stays
  auto second = store->lease(10, 1010, 60);
  REQUIRE(second.size() == 1);  // /1 and /2 are leased
  CHECK(second[0].url == "https://a.example/3");
  CHECK(store->lease(10, 1010, 60).empty());
  CHECK(store->lease(10, 1069, 60).empty());
  CHECK(store->lease(10, 1071, 60).size() == 3);  // every lease ran out
  FrontierCounts c = store->counts(1071);
  CHECK(c.known == 3);
  CHECK(c.leased == 3);
  CHECK(c.due == 0);
}

TEST_CASE("frontier: a page and its URL commit together; a crash loses both", "[frontier]") {
  TempDb db;
  {
    auto store = open_crawl_store(db.uri, "w1");
    store->add_urls({page("/1"), page("/2")}, 1000);
    store->commit();
    auto leased = store->lease(2, 1000, 60);
    REQUIRE(leased.size() == 2);
    store->store_page(record_for(leased[0].url, "First story text."), done(leased[0].url, 1001, 5000));
    store->commit();
    store->store_page(record_for(leased[1].url, "Second story text."), done(leased[1].url, 1002, 5000));
    // destroyed without commit: as if killed
  }
  CHECK(db.value("SELECT count(*) FROM pages") == 1);
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/1'") == 5000);
  auto store = open_crawl_store(db.uri, "w1");
  store->release_leases();  // what a new run does first
  auto again = store->lease(10, 1003, 60);
  REQUIRE(again.size() == 1);  // the stored page is not fetched again; the lost one is
  CHECK(again[0].url == "https://a.example/2");
}

TEST_CASE("frontier: failures count attempts, give-ups are counted, 304 touches the page", "[frontier]") {
  TempDb db;
  auto store = open_crawl_store(db.uri, "w1");
  store->add_urls({page("/ok"), page("/flaky"), page("/gone")}, 1000);
  auto leased = store->lease(3, 1000, 60);
  REQUIRE(leased.size() == 3);
  UrlDone ok = done("https://a.example/ok", 1000, 1100);
  ok.etag = "\"v1\"";
  store->store_page(record_for("https://a.example/ok", "Text."), ok);
  UrlDone flaky = done("https://a.example/flaky", 1000, 1050);
  flaky.failed = true;
  flaky.status = 503;
  flaky.error = "http: 503";
  store->complete(flaky);
  UrlDone gone = done("https://a.example/gone", 1000, 999999);
  gone.failed = gone.give_up = true;
  gone.status = 404;
  store->complete(gone);
  store->commit();
  CHECK(db.value("SELECT attempts FROM frontier WHERE url = 'https://a.example/flaky'") == 1);
  FrontierCounts c = store->counts(1060);
  CHECK(c.failed == 1);
  CHECK(c.due == 1);  // flaky; ok is due at 1100
  CHECK(c.next_due == 1050);
  auto retry = store->lease(10, 1100, 60);
  REQUIRE(retry.size() == 2);
  std::sort(retry.begin(), retry.end(), [](const LeasedUrl& a, const LeasedUrl& b) { return a.url < b.url; });
  CHECK(retry[0].url == "https://a.example/flaky");
  CHECK(retry[0].attempts == 1);
  CHECK(retry[1].etag == "\"v1\"");  // sent as If-None-Match next time
  store->complete(done("https://a.example/ok", 4102444800, 4102531200), true);  // in 2100
  store->commit();
  CHECK(db.value("SELECT last_seen > first_seen FROM pages WHERE key = 'https://a.example/ok'") == 1);
}

TEST_CASE("frontier: a newer sitemap lastmod makes a fetched URL due again", "[frontier]") {
  TempDb db;
  auto store = open_crawl_store(db.uri, "w1");
  store->add_urls({page("/s", 0, "2026-01-01")}, 1000);
  REQUIRE(store->lease(1, 1000, 60).size() == 1);
  store->complete(done("https://a.example/s", 1767312000, 1767312000 + 86400 * 30));  // fetched 2026-01-02
  store->commit();
  store->add_urls({page("/s", 0, "2026-01-01T12:00:00Z")}, 1767312100);  // older than the fetch
  CHECK(store->lease(1, 1767312100, 60).empty());
  store->add_urls({page("/s", 0, "2026-01-03T08:00:00Z")}, 1767312200);  // newer
  CHECK(store->lease(1, 1767312200, 60).size() == 1);
}

TEST_CASE("frontier: a page link later announced as a feed is fetched again as a feed", "[frontier]") {
  TempDb db;
  auto store = open_crawl_store(db.uri, "w1");
  store->add_urls({page("/feed.xml", 2)}, 1000);
  REQUIRE(store->lease(1, 1000, 60).size() == 1);
  UrlDone skipped = done("https://a.example/feed.xml", 1000, 900000);
  skipped.failed = skipped.give_up = true;
  store->complete(skipped);
  CHECK(store->lease(1, 2000, 60).empty());
  store->add_urls({NewUrl{"https://a.example/feed.xml", "https://a.example", 0, UrlKind::Feed, ""}}, 2000);
  auto again = store->lease(1, 2000, 60);
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == UrlKind::Feed);
  CHECK(again[0].depth == 0);
}

TEST_CASE("frontier: files and pipes cannot hold a crawl", "[frontier]") {
  CHECK_THROWS_AS(open_crawl_store("jsonl:-", "w"), StoreUriError);
  CHECK_THROWS_AS(open_crawl_store("dir:/tmp/x", "w"), StoreUriError);
}

}  // namespace winnow::store
