// The crawl stores' frontier: adding, leasing, completing, and what a crash leaves. Every case
// runs on SQLite, and on PostgreSQL when tests/postgres_test.sh has started a server
// (WINNOW_TEST_PG_URI); the cases about several workers at once are PostgreSQL's alone.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/frontier.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;

// A database for one test case, and a way to look into it.
class TestDb {
 public:
  virtual ~TestDb() = default;
  virtual const std::string& uri() const = 0;
  /// The first column of the first row of `sql`, as a number.
  virtual long long value(const std::string& sql) = 0;
};

class SqliteDb final : public TestDb {
 public:
  SqliteDb() {
    char tmpl[] = "/tmp/winnow-frontier-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    uri_ = "sqlite:" + (dir_ / "crawl.db").string();
  }
  ~SqliteDb() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& uri() const override { return uri_; }
  long long value(const std::string& sql) override {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir_ / "crawl.db").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }

 private:
  fs::path dir_;
  std::string uri_;
};

// The server's database, emptied of winnow's tables first.
class PostgresDb final : public TestDb {
 public:
  explicit PostgresDb(std::string uri) : uri_(std::move(uri)) {
    conn_ = PQconnectdb(uri_.c_str());
    INFO(PQerrorMessage(conn_));
    REQUIRE(PQstatus(conn_) == CONNECTION_OK);
    PQclear(PQexec(conn_, "SET client_min_messages = warning"));
    PQclear(PQexec(conn_, "DROP TABLE IF EXISTS pages, frontier, crawl_hosts, winnow_schema"));
  }
  ~PostgresDb() override { PQfinish(conn_); }
  const std::string& uri() const override { return uri_; }
  long long value(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    INFO(sql << ": " << PQresultErrorMessage(r));
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    long long v = ok && !PQgetisnull(r, 0, 0) ? std::atoll(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    REQUIRE(ok);
    return v;
  }

 private:
  std::string uri_;
  PGconn* conn_ = nullptr;
};

std::optional<std::string> server_uri() {
  const char* uri = std::getenv("WINNOW_TEST_PG_URI");
  if (uri == nullptr || *uri == '\0') return std::nullopt;
  return std::string(uri);
}

// Runs `check` on a fresh database of each kind: SQLite always, PostgreSQL when there is a server.
#define FRONTIER_CASE(name, check)                                                                  \
  TEST_CASE("frontier (sqlite): " name, "[frontier]") {                                             \
    SqliteDb db;                                                                                    \
    check(db);                                                                                      \
  }                                                                                                 \
  TEST_CASE("frontier (postgres): " name, "[frontier][postgres]") {                                 \
    std::optional<std::string> uri = server_uri();                                                  \
    if (!uri) {                                                                                     \
      WARN("WINNOW_TEST_PG_URI is not set: run tests/postgres_test.sh for the PostgreSQL tests"); \
      SUCCEED();                                                                                    \
      return;                                                                                       \
    }                                                                                               \
    PostgresDb db(*uri);                                                                            \
    check(db);                                                                                      \
  }

NewUrl page(const std::string& path, int depth = 0, std::string lastmod = {}, const std::string& host = "a.example") {
  return NewUrl{"https://" + host + path, "https://" + host, depth, UrlKind::Page, std::move(lastmod)};
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

std::vector<LeasedUrl> lease(CrawlStore& store, std::size_t max_urls, std::int64_t now, std::int64_t seconds,
                             std::size_t max_hosts = 0) {
  return store.lease(LeaseRequest{max_urls, max_hosts, now, seconds});
}

std::vector<std::string> urls_of(std::vector<LeasedUrl> leased) {
  std::vector<std::string> urls;
  for (const LeasedUrl& u : leased) urls.push_back(u.url);
  std::sort(urls.begin(), urls.end());
  return urls;
}

void new_urls_once_earliest_first(TestDb& db) {
  auto store = open_crawl_store(db.uri(), "w1");
  store->add_urls({page("/1"), page("/2", 1), page("/1", 0)}, 1000);
  store->commit();
  CHECK(store->urls_added() == 2);
  store->add_urls({page("/2", 3), page("/3", 2)}, 1005);
  store->commit();
  CHECK(store->urls_added() == 3);
  auto first = lease(*store, 2, 1010, 60);
  REQUIRE(first.size() == 2);
  CHECK(first[0].url == "https://a.example/1");
  CHECK(first[1].url == "https://a.example/2");
  CHECK(first[1].depth == 1);  // the shallower depth stays
  auto second = lease(*store, 10, 1010, 60);
  REQUIRE(second.size() == 1);  // /1 and /2 are leased
  CHECK(second[0].url == "https://a.example/3");
  CHECK(lease(*store, 10, 1010, 60).empty());
  CHECK(lease(*store, 10, 1069, 60).empty());
  CHECK(lease(*store, 10, 1071, 60).size() == 3);  // every lease ran out
  FrontierCounts c = store->counts(1071);
  CHECK(c.known == 3);
  CHECK(c.leased == 3);
  CHECK(c.due == 0);
  CHECK(c.leased_by_others == 0);
  store->renew_leases(1120, 60);
  CHECK(store->counts(1135).due == 0);  // renewed: held until 1180
  CHECK(store->counts(1181).due == 3);
}
FRONTIER_CASE("new URLs once, earliest due first, one lease at a time", new_urls_once_earliest_first)

void page_and_url_commit_together(TestDb& db) {
  {
    auto store = open_crawl_store(db.uri(), "w1");
    store->add_urls({page("/1"), page("/2")}, 1000);
    store->commit();
    auto leased = lease(*store, 2, 1000, 60);
    REQUIRE(leased.size() == 2);
    store->store_page(record_for(leased[0].url, "First story text."), done(leased[0].url, 1001, 5000));
    store->commit();
    store->store_page(record_for(leased[1].url, "Second story text."), done(leased[1].url, 1002, 5000));
    // destroyed without commit: as if killed
  }
  CHECK(db.value("SELECT count(*) FROM pages") == 1);
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/1'") == 5000);
  auto store = open_crawl_store(db.uri(), "w1");
  store->release_leases();  // what a new run does first
  auto again = lease(*store, 10, 1003, 60);
  REQUIRE(again.size() == 1);  // the stored page is not fetched again; the lost one is
  CHECK(again[0].url == "https://a.example/2");
}
FRONTIER_CASE("a page and its URL commit together; a crash loses both", page_and_url_commit_together)

void failures_and_not_modified(TestDb& db) {
  auto store = open_crawl_store(db.uri(), "w1");
  store->add_urls({page("/ok"), page("/flaky"), page("/gone")}, 1000);
  store->commit();
  auto leased = lease(*store, 3, 1000, 60);
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
  CHECK(db.value("SELECT last_status FROM frontier WHERE url = 'https://a.example/gone'") == 404);
  FrontierCounts c = store->counts(1060);
  CHECK(c.failed == 1);
  CHECK(c.due == 1);  // flaky; ok is due at 1100
  CHECK(c.next_due == 1050);
  auto retry = lease(*store, 10, 1100, 60);
  REQUIRE(retry.size() == 2);
  std::sort(retry.begin(), retry.end(), [](const LeasedUrl& a, const LeasedUrl& b) { return a.url < b.url; });
  CHECK(retry[0].url == "https://a.example/flaky");
  CHECK(retry[0].attempts == 1);
  CHECK(retry[1].etag == "\"v1\"");  // sent as If-None-Match next time
  store->complete(done("https://a.example/ok", 4102444800, 4102531200), true);  // in 2100
  store->commit();
  CHECK(db.value("SELECT count(*) FROM pages WHERE last_seen > first_seen AND key = 'https://a.example/ok'") == 1);
}
FRONTIER_CASE("failures count attempts, give-ups are counted, 304 touches the page", failures_and_not_modified)

void not_modified_article_waits_longer(TestDb& db) {
  auto store = open_crawl_store(db.uri(), "w1");
  store->add_urls({page("/story"), page("/section")}, 1000);
  store->commit();
  REQUIRE(lease(*store, 2, 1000, 60).size() == 2);
  Record story = record_for("https://a.example/story", "A story.");
  story.article.is_article = true;
  store->store_page(story, done("https://a.example/story", 1000, 2000));
  store->store_page(record_for("https://a.example/section", "Links."), done("https://a.example/section", 1000, 2000));
  store->commit();
  REQUIRE(lease(*store, 2, 2000, 60).size() == 2);
  for (const char* url : {"https://a.example/story", "https://a.example/section"}) {
    UrlDone not_modified = done(url, 2000, 2000 + 3600);  // a listing's interval
    not_modified.status = 304;
    not_modified.next_due_if_article = 2000 + 86400;     // an article's
    store->complete(not_modified, true);
  }
  store->commit();
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/story'") == 2000 + 86400);
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/section'") == 2000 + 3600);
}
FRONTIER_CASE("a 304 of a stored article waits an article's interval, of a listing a listing's",
              not_modified_article_waits_longer)

void newer_lastmod_makes_due(TestDb& db) {
  auto store = open_crawl_store(db.uri(), "w1");
  store->add_urls({page("/s", 0, "2026-01-01")}, 1000);
  store->commit();
  REQUIRE(lease(*store, 1, 1000, 60).size() == 1);
  store->complete(done("https://a.example/s", 1767312000, 1767312000 + 86400 * 30));  // fetched 2026-01-02
  store->commit();
  store->add_urls({page("/s", 0, "2026-01-01T12:00:00Z")}, 1767312100);  // older than the fetch
  store->commit();
  CHECK(lease(*store, 1, 1767312100, 60).empty());
  store->add_urls({page("/s", 0, "2026-01-03T08:00:00Z")}, 1767312200);  // newer
  store->commit();
  CHECK(lease(*store, 1, 1767312200, 60).size() == 1);
}
FRONTIER_CASE("a newer sitemap lastmod makes a fetched URL due again", newer_lastmod_makes_due)

void page_link_becomes_feed(TestDb& db) {
  auto store = open_crawl_store(db.uri(), "w1");
  store->add_urls({page("/feed.xml", 2)}, 1000);
  store->commit();
  REQUIRE(lease(*store, 1, 1000, 60).size() == 1);
  UrlDone skipped = done("https://a.example/feed.xml", 1000, 900000);
  skipped.failed = skipped.give_up = true;
  store->complete(skipped);
  store->commit();
  CHECK(lease(*store, 1, 2000, 60).empty());
  store->add_urls({NewUrl{"https://a.example/feed.xml", "https://a.example", 0, UrlKind::Feed, ""}}, 2000);
  store->commit();
  auto again = lease(*store, 1, 2000, 60);
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == UrlKind::Feed);
  CHECK(again[0].depth == 0);
}
FRONTIER_CASE("a page link later announced as a feed is fetched again as a feed", page_link_becomes_feed)

TEST_CASE("frontier: files and pipes cannot hold a crawl", "[frontier]") {
  CHECK_THROWS_AS(open_crawl_store("jsonl:-", "w"), StoreUriError);
  CHECK_THROWS_AS(open_crawl_store("dir:/tmp/x", "w"), StoreUriError);
}

// Schema version 5 reads the two kinds of due URLs apart, from an index in the lease's order; the
// URLs leased must be the ones the single query of version 4 chose: earliest due first, then the
// shallowest, waiting ones before expired leases, then in the order they were found.
TEST_CASE("frontier (sqlite): leases take the due URLs in the order of schema version 4's query", "[frontier]") {
  SqliteDb db;
  auto store = open_crawl_store(db.uri(), "w1");
  std::mt19937 random(5);
  std::vector<NewUrl> urls;
  for (int i = 0; i < 300; ++i) urls.push_back(page("/" + std::to_string(random() % 1000), static_cast<int>(random() % 3)));
  store->add_urls(urls, 1000);
  store->commit();
  // Leases that run out at 1005, and URLs due again at several times.
  REQUIRE(lease(*store, 40, 1000, 5).size() == 40);
  store->commit();
  // Found later, due as early as the leased ones: they come first all the same.
  urls.clear();
  for (int i = 0; i < 100; ++i) urls.push_back(page("/later/" + std::to_string(i), static_cast<int>(random() % 2)));
  store->add_urls(urls, 1000);
  store->commit();
  for (const LeasedUrl& u : lease(*store, 60, 1000, 600)) {
    store->complete(done(u.url, 1000, 1000 + 2 * static_cast<int>(random() % 4)));
  }
  store->commit();

  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.uri().substr(7).c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* expected = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw,
                             "SELECT url FROM frontier WHERE (state = 0 AND next_due <= ?1) OR (state = 1 AND "
                             "lease_until < ?1) ORDER BY next_due, depth, state, rowid LIMIT ?2",
                             -1, &expected, nullptr) == SQLITE_OK);
  std::size_t leased = 0;
  for (std::int64_t now : {1003, 1004, 1006, 1006, 1006, 1010, 1010, 1010, 1010, 1010, 1010}) {
    sqlite3_reset(expected);
    sqlite3_bind_int64(expected, 1, now);
    sqlite3_bind_int(expected, 2, 23);
    std::vector<std::string> want;
    while (sqlite3_step(expected) == SQLITE_ROW) want.push_back(reinterpret_cast<const char*>(sqlite3_column_text(expected, 0)));
    std::sort(want.begin(), want.end());
    auto got = lease(*store, 23, now, 600);
    store->commit();
    INFO("at " << now);
    CHECK(urls_of(got) == want);
    leased += got.size();
  }
  sqlite3_finalize(expected);
  sqlite3_close(raw);
  CHECK(leased > 150);
}

// ---- several workers on one PostgreSQL frontier ----------------------------------------------------

#define NEEDS_SERVER(uri)                                                                           \
  std::optional<std::string> uri = server_uri();                                                    \
  if (!uri) {                                                                                       \
    WARN("WINNOW_TEST_PG_URI is not set: run tests/postgres_test.sh for the PostgreSQL tests");     \
    SUCCEED();                                                                                      \
    return;                                                                                         \
  }

TEST_CASE("frontier (postgres): a host is leased with its URLs, by one worker at a time", "[frontier][postgres]") {
  NEEDS_SERVER(uri);
  PostgresDb db(*uri);
  auto w1 = open_crawl_store(*uri, "w1");
  auto w2 = open_crawl_store(*uri, "w2");
  w1->add_urls({page("/a1"), page("/a2"), page("/a3"), page("/b1", 0, {}, "b.example")}, 1000);
  w1->commit();
  CHECK(urls_of(lease(*w1, 2, 1000, 60, 1)) ==
        std::vector<std::string>{"https://a.example/a1", "https://a.example/a2"});
  CHECK(urls_of(lease(*w2, 10, 1000, 60, 1)) == std::vector<std::string>{"https://b.example/b1"});
  CHECK(lease(*w2, 10, 1000, 60, 5).empty());  // a.example's /a3 is due, but w1 holds the host
  FrontierCounts seen_by_w2 = w2->counts(1000);
  CHECK(seen_by_w2.due == 1);
  CHECK(seen_by_w2.leased_by_others == 2);
  CHECK(db.value("SELECT count(*) FROM crawl_hosts WHERE lease_owner = 'w1'") == 1);

  w1->complete(done("https://a.example/a1", 1001, 9000));
  w1->complete(done("https://a.example/a2", 1001, 9000));
  w1->commit();
  CHECK(lease(*w2, 10, 1002, 60, 5).empty());  // w1 still holds a.example until it leases again
  CHECK(urls_of(lease(*w1, 10, 1002, 60, 1)) == std::vector<std::string>{"https://a.example/a3"});
  w1->complete(done("https://a.example/a3", 1003, 9000));
  w1->commit();
  CHECK(lease(*w1, 10, 1004, 60, 1).empty());
  CHECK(db.value("SELECT count(*) FROM crawl_hosts WHERE lease_owner = 'w1'") == 0);  // given back

  // w2 dies holding b.example: after its lease runs out, another worker takes host and URL.
  w2.reset();
  auto w3 = open_crawl_store(*uri, "w3");
  CHECK(lease(*w3, 10, 1050, 60, 5).empty());
  CHECK(urls_of(lease(*w3, 10, 1061, 60, 5)) == std::vector<std::string>{"https://b.example/b1"});
  CHECK(db.value("SELECT count(*) FROM crawl_hosts WHERE lease_owner = 'w3'") == 1);
}

TEST_CASE("frontier (postgres): one process per worker name; release gives back only its own", "[frontier][postgres]") {
  NEEDS_SERVER(uri);
  PostgresDb db(*uri);
  auto w1 = open_crawl_store(*uri, "crawler-1");
  CHECK_THROWS_AS(open_crawl_store(*uri, "crawler-1"), StoreLocked);
  CHECK_THROWS_WITH(open_crawl_store(*uri, "crawler-1"),
                    Catch::Contains("worker 'crawler-1' is already crawling") && Catch::Contains("winnow crawl crawler-1"));
  auto w2 = open_crawl_store(*uri, "crawler-2");
  w1->add_urls({page("/1"), page("/2", 0, {}, "b.example")}, 1000);
  w1->commit();
  REQUIRE(lease(*w1, 10, 1000, 600, 1).size() == 1);
  REQUIRE(lease(*w2, 10, 1000, 600, 1).size() == 1);
  w2->release_leases();
  CHECK(w1->counts(1001).leased == 1);
  CHECK(w1->counts(1001).due == 1);
  w1.reset();
  auto again = open_crawl_store(*uri, "crawler-1");  // the lock ended with its session
  again->release_leases();                           // what a restarted worker does first
  CHECK(again->counts(1001).due == 2);
  CHECK(db.value("SELECT count(*) FROM crawl_hosts WHERE lease_owner IS NOT NULL") == 0);
}

// Two workers add the same URLs in opposite orders and complete theirs, over and over: the
// server may pick one of them as a deadlock's victim, and the store replays its batch.
TEST_CASE("frontier (postgres): workers that share URLs commit without losing any", "[frontier][postgres]") {
  NEEDS_SERVER(uri);
  PostgresDb db(*uri);
  constexpr int kUrls = 300, kRounds = 25;
  std::atomic<int> failures{0};
  auto work = [&](const std::string& worker, bool reverse) {
    try {
      auto store = open_crawl_store(*uri, worker);
      std::minstd_rand random(reverse ? 7 : 11);
      for (int round = 0; round < kRounds; ++round) {
        std::vector<NewUrl> urls;
        for (int i = 0; i < kUrls; ++i) {
          std::string path = "/", host = "h";  // appended: GCC 12 warns falsely (-Wrestrict) on + chains
          path += std::to_string(i);
          host += std::to_string(i % 7);
          host += ".example";
          urls.push_back(page(path, kRounds - round, {}, host));
        }
        if (reverse) std::reverse(urls.begin(), urls.end());
        std::shuffle(urls.begin() + kUrls / 3, urls.end(), random);
        store->add_urls(urls, 1000 + round);
        for (const LeasedUrl& u : lease(*store, 20, 1000 + round, 600, 3)) {
          std::string text = "Story ";
          text += u.url;
          store->store_page(record_for(u.url, text), done(u.url, 1000 + round, 1000 + round));
        }
        store->commit();
      }
    } catch (const std::exception& e) {
      UNSCOPED_INFO(worker << ": " << e.what());
      ++failures;
    }
  };
  std::thread first(work, "w1", false), second(work, "w2", true);
  first.join();
  second.join();
  CHECK(failures == 0);
  CHECK(db.value("SELECT count(*) FROM frontier") == kUrls);
  CHECK(db.value("SELECT min(depth) FROM frontier") == 1);
  CHECK(db.value("SELECT count(*) FROM frontier WHERE state = 1") == 0);
  CHECK(db.value("SELECT count(*) FROM pages") == db.value("SELECT count(*) FROM frontier WHERE last_fetched IS NOT NULL"));
}

// A deadlock's victim, made to order: a trigger fails the frontier's updates with the deadlock
// code a number of times (a sequence counts them, as it is not rolled back with them).
TEST_CASE("frontier (postgres): a batch the server aborts as a deadlock victim is replayed", "[frontier][postgres]") {
  NEEDS_SERVER(uri);
  PostgresDb db(*uri);
  auto store = open_crawl_store(*uri, "w1");
  store->add_urls({page("/1"), page("/2")}, 1000);
  store->commit();
  REQUIRE(lease(*store, 2, 1000, 60).size() == 2);
  PGconn* conn = PQconnectdb(uri->c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    INFO(sql << ": " << PQresultErrorMessage(r));
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK);
    PQclear(r);
  };
  exec("CREATE SEQUENCE fail_updates");
  exec("CREATE TABLE fail_limit (n bigint)");
  exec("INSERT INTO fail_limit VALUES (2)");
  exec("CREATE FUNCTION fail_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
       "IF nextval('fail_updates') <= (SELECT n FROM fail_limit) THEN "
       "RAISE EXCEPTION 'forced deadlock' USING ERRCODE = '40P01'; END IF; RETURN NEW; END $$");
  exec("CREATE TRIGGER fail_updates BEFORE UPDATE ON frontier FOR EACH ROW EXECUTE FUNCTION fail_updates()");

  store->store_page(record_for("https://a.example/1", "First story text."), done("https://a.example/1", 1001, 5000));
  store->commit();  // two aborts, then through
  CHECK(db.value("SELECT nextval('fail_updates')") >= 4);
  CHECK(db.value("SELECT count(*) FROM pages") == 1);
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/1'") == 5000);

  exec("UPDATE fail_limit SET n = 1000");
  store->store_page(record_for("https://a.example/2", "Second story text."), done("https://a.example/2", 1002, 6000));
  CHECK_THROWS_WITH(store->commit(), Catch::Contains("forced deadlock"));  // replays have a limit
  CHECK(db.value("SELECT count(*) FROM pages") == 1);
  exec("DROP TRIGGER fail_updates ON frontier");
  store->commit();  // the batch was kept
  CHECK(db.value("SELECT count(*) FROM pages") == 2);
  CHECK(db.value("SELECT next_due FROM frontier WHERE url = 'https://a.example/2'") == 6000);
  exec("DROP FUNCTION fail_updates(); DROP TABLE fail_limit; DROP SEQUENCE fail_updates");
  PQfinish(conn);
}

}  // namespace
}  // namespace winnow::store
