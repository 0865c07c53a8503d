// The sinks: SQLite (upserts, timestamps, duplicates, search, export, a killed writer), JSON
// Lines and directories; the simhash fingerprint.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "store/lookalike_page_test.h"
#include "store/query.h"
#include "store/sink.h"
#include "tests/temp_dir.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;

const std::string kStory =
    "The two sides discussed bilateral cooperation, regional security and the prospects of the "
    "relationship, the foreign ministry said in a statement released late on Tuesday evening. "
    "Observers see the visit as an attempt to strengthen ties with Moscow and to put pressure on "
    "Washington to return to the negotiating table with a changed attitude, analysts said. The "
    "delegation is expected to travel on to Beijing on Thursday for a further round of talks with "
    "officials there, according to people familiar with the plans, who spoke on condition of anonymity. "
    "The foreign ministry did not say whether a joint statement would follow the talks, and state "
    "media carried only a short report on the first day, with a photograph of the two delegations "
    "seated across a long table in a hall of the ministry. Trade between the two countries has grown "
    "in recent years, officials said, and both sides hope to expand cooperation in energy, transport "
    "and agriculture, though sanctions limit what can be agreed in public.";

Record record(const std::string& url, const std::string& text, const std::string& title = "Talks") {
  clean::Article a;
  a.meta.url = url;
  a.meta.hostname = url.substr(8, url.find('/', 8) - 8);
  a.meta.title = title;
  a.is_article = true;
  clean::Block b;
  b.text = text;
  a.blocks.push_back(b);
  return make_record(std::move(a));
}

// A page of another type than Article, as the cleaner reports it.
Record typed(Record r, clean::PageType type) {
  r.article.page_type = type;
  r.article.is_article = type == clean::PageType::Article;
  return r;
}

// Runs one statement on the database, outside any sink (to build an older schema).
void exec_raw(const std::string& db_path, const char* sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &raw) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &error);
  INFO(sql << ": " << (error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

// The exported rows by key.
std::map<std::string, nlohmann::ordered_json> exported(const std::string& db_path) {
  std::map<std::string, nlohmann::ordered_json> rows;
  export_pages("sqlite:" + db_path, {}, [&](const nlohmann::ordered_json& row) { rows[row["key"]] = row; });
  return rows;
}

using winnow::testing::TempDir;

long long count_rows(const std::string& db_path, const std::string& where = "1") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM pages WHERE " + where).c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  long long n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

std::string integrity(const std::string& db_path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  std::string result = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return result;
}

}  // namespace

TEST_CASE("simhash: near copies are a few bits apart, other texts far apart", "[store]") {
  std::string edited = kStory;
  edited.replace(edited.find("Tuesday"), 7, "Monday");
  std::string other =
      "A farmer in the valley has grown a pumpkin weighing more than a small car, and the village "
      "plans a festival around it next weekend with music, games and a parade through the square.";
  CHECK(hamming_distance(simhash64(kStory), simhash64(kStory)) == 0);
  CHECK(hamming_distance(simhash64(kStory), simhash64(edited)) <= 3);
  CHECK(hamming_distance(simhash64(kStory), simhash64(other)) > 10);
  CHECK(simhash64("") == 0);
  CHECK(simhash_hex(0x0123456789abcdefull) == "0123456789abcdef");
  CHECK(simhash64("東京都は新しい公園を開いた") != 0);
}

TEST_CASE("sqlite: one row per key, with New, Unchanged and Changed", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    CHECK(sink->write(record("https://a.example/1", kStory)) == WriteOutcome::New);
    CHECK(sink->write(record("https://a.example/2", "A different short story about the weather.")) == WriteOutcome::New);
    sink->commit();
  }
  {
    auto sink = open_sink("sqlite:" + db);
    CHECK(sink->write(record("https://a.example/1", kStory)) == WriteOutcome::Unchanged);
    CHECK(sink->write(record("https://a.example/2", "The weather changed overnight, says the forecast.")) ==
          WriteOutcome::Changed);
    sink->commit();
  }
  CHECK(count_rows(db) == 2);
  CHECK(count_rows(db, "first_seen <= last_seen AND last_changed <= last_seen") == 2);
  CHECK(integrity(db) == "ok");
}

TEST_CASE("sqlite: exact and near duplicates point to the first page", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  auto sink = open_sink("sqlite:" + db);
  CHECK(sink->write(record("https://wire.example/story", kStory)) == WriteOutcome::New);
  CHECK(sink->write(record("https://paper-a.example/copy", kStory)) == WriteOutcome::Duplicate);
  std::string edited = kStory;
  edited.replace(edited.find("Thursday"), 8, "Friday");
  CHECK(sink->write(record("https://paper-b.example/edited", edited)) == WriteOutcome::Duplicate);
  CHECK(sink->write(record("https://paper-c.example/own", "An unrelated story about a pumpkin festival in the valley, "
                                                          "with music, games and a parade next weekend.")) ==
        WriteOutcome::New);
  sink->commit();
  sink.reset();
  CHECK(count_rows(db, "duplicate_of = 'https://wire.example/story'") == 2);
  CHECK(count_rows(db, "duplicate_of IS NULL") == 2);
}

TEST_CASE("sqlite: near copies count for articles, other pages only as exact copies", "[store]") {
  // Two section fronts of one site: the same teasers but one, in the same words.
  std::string front = kStory;
  std::string other_front = kStory;
  other_front.replace(other_front.find("Thursday"), 8, "Friday");
  auto listing = [](Record r) {
    r.article.page_type = clean::PageType::Listing;
    r.article.is_article = false;
    return r;
  };
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  auto sink = open_sink("sqlite:" + db);
  CHECK(sink->write(listing(record("https://a.example/section/world", front))) == WriteOutcome::New);
  CHECK(sink->write(listing(record("https://a.example/section/europe", other_front))) == WriteOutcome::New);
  CHECK(sink->write(listing(record("https://a.example/section/world?page=1", front))) == WriteOutcome::Duplicate);
  // An article in the same words is a near copy: syndicated, lightly edited.
  std::string edited = kStory;
  edited.replace(edited.find("Tuesday"), 7, "Monday");
  CHECK(sink->write(record("https://c.example/story-edited", edited)) == WriteOutcome::Duplicate);
  sink->commit();
  sink.reset();
  CHECK(count_rows(db, "key = 'https://a.example/section/europe' AND duplicate_of IS NULL") == 1);
  CHECK(count_rows(db, "key = 'https://c.example/story-edited' AND duplicate_of IS NOT NULL") == 1);
}

TEST_CASE("sqlite: a simhash candidate is a near copy only when its text overlaps", "[store]") {
  using namespace testing;
  // Two stories of about 250 words that share a site's footer and nothing else, fingerprints 3
  // bits apart or less: the second was marked a copy of the first.
  const std::string lookalike = lookalike_of(kLongStory, 238);
  REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(lookalike)) <= 3);
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    CHECK(sink->write(record("https://coast.example/railway", kLongStory)) == WriteOutcome::New);
    CHECK(sink->write(record("https://coast.example/other-story", lookalike)) == WriteOutcome::New);
    // True near copies still are: one sentence in other words, another site's footer.
    REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(story_one_sentence_changed())) <= 3);
    REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(story_other_footer())) <= 3);
    CHECK(sink->write(record("https://paper.example/railway", story_one_sentence_changed())) ==
          WriteOutcome::Duplicate);
    CHECK(sink->write(record("https://gazette.example/railway", story_other_footer())) == WriteOutcome::Duplicate);
    sink->commit();
  }
  CHECK(count_rows(db, "key = 'https://coast.example/other-story' AND duplicate_of IS NULL") == 1);
  CHECK(count_rows(db, "duplicate_of = 'https://coast.example/railway'") == 2);
  {
    // The lookalike written first: the story is no copy of it, and its near copies find the story.
    auto sink = open_sink("sqlite:" + (dir.path / "w2.db").string());
    CHECK(sink->write(record("https://coast.example/other-story", lookalike)) == WriteOutcome::New);
    CHECK(sink->write(record("https://coast.example/railway", kLongStory)) == WriteOutcome::New);
    CHECK(sink->write(record("https://paper.example/railway", story_one_sentence_changed())) ==
          WriteOutcome::Duplicate);
    sink->commit();
  }
  CHECK(count_rows((dir.path / "w2.db").string(), "duplicate_of = 'https://coast.example/railway'") == 1);
}

TEST_CASE("sqlite: search ranks by text, bad queries are errors; export filters", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/talks", kStory, "Talks in Moscow"));
    sink->write(record("https://b.example/pumpkin", "A giant pumpkin won the village prize.", "Pumpkin prize"));
    sink->commit();
  }
  auto hits = search_pages("sqlite:" + db, "pumpkin", 10);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["url"] == "https://b.example/pumpkin");
  CHECK(search_pages("sqlite:" + db, "Moscow negotiating", 10).size() == 1);
  CHECK_THROWS_AS(search_pages("sqlite:" + db, "\"unbalanced", 10), StoreError);
  int all = 0, one_site = 0, future = 0;
  export_pages("sqlite:" + db, {}, [&](const nlohmann::ordered_json& row) {
    ++all;
    CHECK(row.contains("text"));
    CHECK(row.contains("first_seen"));
  });
  export_pages("sqlite:" + db, {"", "a.example"}, [&](const nlohmann::ordered_json&) { ++one_site; });
  export_pages("sqlite:" + db, {"2999-01-01", ""}, [&](const nlohmann::ordered_json&) { ++future; });
  CHECK(all == 2);
  CHECK(one_site == 1);
  CHECK(future == 0);
}

TEST_CASE("sqlite: an uncommitted batch is not stored; bad paths and newer schemas are errors", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/1", kStory));
    sink->commit();
    sink->write(record("https://a.example/2", kStory + " More."));
  }  // destroyed without commit
  CHECK(count_rows(db) == 1);
  CHECK_THROWS_AS(open_sink("sqlite:/nonexistent-dir/x/w.db"), StoreError);
  CHECK_THROWS_AS(open_sink("nosuch:thing"), StoreError);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  CHECK_THROWS_WITH(open_sink("sqlite:" + db), Catch::Contains("newer"));
}

TEST_CASE("sqlite: a writer killed with SIGKILL leaves whole batches and a sound database", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  { open_sink("sqlite:" + db); }  // schema in place before the race starts
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      auto sink = open_sink("sqlite:" + db);
      for (int batch = 0; batch < 100; ++batch) {
        for (int i = 0; i < 100; ++i) {
          int n = batch * 100 + i;
          sink->write(record("https://k.example/" + std::to_string(n), "Record " + std::to_string(n) + " " + kStory));
        }
        sink->commit();
      }
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  // Kill it once a few batches are in: wait until rows appear, then a little longer.
  for (int i = 0; i < 2000 && count_rows(db) < 300; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(integrity(db) == "ok");
  long long rows = count_rows(db);
  CHECK(rows >= 300);
  CHECK(rows % 100 == 0);
  CHECK(count_rows(db, "text IS NULL OR title IS NULL OR content_hash IS NULL") == 0);
  // And the database keeps working.
  auto sink = open_sink("sqlite:" + db);
  sink->write(record("https://k.example/after", kStory));
  sink->commit();
  CHECK(count_rows(db) == rows + 1);
}

TEST_CASE("sqlite: the search index follows changed, unchanged and retitled pages", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  std::string uri = "sqlite:" + db;
  {
    auto sink = open_sink(uri);
    sink->write(record("https://a.example/1", "A giant pumpkin won the village prize.", "Pumpkin prize"));
    sink->write(record("https://a.example/2", kStory, "Talks in Moscow"));
    sink->commit();
    sink->write(record("https://a.example/1", "A marrow the size of a canoe won this year.", "Pumpkin prize"));
    sink->write(record("https://a.example/2", kStory, "Talks in Beijing"));  // same text, new title
    sink->write(record("https://a.example/2", kStory, "Talks in Beijing"));  // unchanged
    sink->commit();
  }
  CHECK(search_pages(uri, "pumpkin", 10).size() == 1);  // the title still says it
  CHECK(search_pages(uri, "village", 10).empty());
  CHECK(search_pages(uri, "canoe", 10).size() == 1);
  CHECK(search_pages(uri, "Moscow", 10).size() == 1);  // in the text
  CHECK(search_pages(uri, "title:Moscow", 10).empty());
  CHECK(search_pages(uri, "title:Beijing", 10).size() == 1);
  // FTS5's own check that the index matches the pages table row for row.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "INSERT INTO pages_fts(pages_fts, rank) VALUES ('integrity-check', 1)", nullptr, nullptr,
                     nullptr) == SQLITE_OK);
  sqlite3_close(raw);
}

TEST_CASE("sqlite: a version 1 database is migrated and keeps its search index", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/1", kStory, "Talks in Moscow"));
    sink->commit();
  }
  // Put back what version 1 had: indexing triggers, no page_type, and its version number.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, R"sql(
    ALTER TABLE pages DROP COLUMN page_type;
    CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
      INSERT INTO pages_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER pages_fts_update AFTER UPDATE ON pages BEGIN
      INSERT INTO pages_fts(pages_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
      INSERT INTO pages_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    PRAGMA user_version = 1;)sql", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/2", "A giant pumpkin won the village prize.", "Pumpkin prize"));
    sink->commit();
  }
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'), "
                                  "(SELECT user_version FROM pragma_user_version)", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 1);  // only the delete trigger is left
  CHECK(sqlite3_column_int(s, 1) == 5);  // the current version
  sqlite3_finalize(s);
  CHECK(sqlite3_exec(raw, "INSERT INTO pages_fts(pages_fts, rank) VALUES ('integrity-check', 1)", nullptr, nullptr,
                     nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  CHECK(search_pages("sqlite:" + db, "Moscow", 10).size() == 1);
  CHECK(search_pages("sqlite:" + db, "pumpkin", 10).size() == 1);
}

TEST_CASE("sqlite: page_type is stored as its word, replaced by a later write, exported and searched", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/story", kStory, "Talks in Moscow"));
    sink->write(typed(record("https://a.example/shop", "Canoes, paddles and life jackets.", "Boats"),
                      clean::PageType::Collection));
    sink->write(typed(record("https://a.example/thread", "Which paddle for a canoe trip?", "Paddles"),
                      clean::PageType::Forum));
    sink->commit();
  }
  CHECK(count_rows(db, "page_type = 'article' AND is_article = 1") == 1);
  CHECK(count_rows(db, "page_type = 'collection' AND is_article = 0") == 1);
  CHECK(count_rows(db, "page_type = 'forum' AND is_article = 0") == 1);
  {
    auto sink = open_sink("sqlite:" + db);
    // The same text, seen again as another type: the row follows the last cleaning.
    CHECK(sink->write(typed(record("https://a.example/shop", "Canoes, paddles and life jackets.", "Boats"),
                            clean::PageType::Listing)) == WriteOutcome::Unchanged);
    sink->commit();
  }
  CHECK(count_rows(db, "page_type = 'listing'") == 1);
  CHECK(count_rows(db, "page_type = 'collection'") == 0);
  auto rows = exported(db);
  REQUIRE(rows.size() == 3);
  CHECK(rows["https://a.example/story"]["page_type"] == "article");
  CHECK(rows["https://a.example/shop"]["page_type"] == "listing");
  CHECK(rows["https://a.example/thread"]["page_type"] == "forum");
  // Exported rows carry to_json's keys in its order: page_type right before is_article.
  std::vector<std::string> keys;
  for (const auto& item : rows["https://a.example/story"].items()) keys.push_back(item.key());
  auto at = std::find(keys.begin(), keys.end(), "page_type");
  REQUIRE(at != keys.end());
  REQUIRE(at + 1 != keys.end());
  CHECK(*(at + 1) == "is_article");
  auto hits = search_pages("sqlite:" + db, "paddle", 10);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["page_type"] == "forum");
}

TEST_CASE("sqlite: a version 3 database gains page_type in place and keeps its rows", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  {
    auto sink = open_sink("sqlite:" + db);
    sink->write(record("https://a.example/story", kStory, "Talks in Moscow"));
    sink->write(typed(record("https://a.example/news", "Latest headlines from the valley.", "News"),
                      clean::PageType::Listing));
    sink->commit();
  }
  // Put back version 3's table: no page_type column, and its version number.
  exec_raw(db, "ALTER TABLE pages DROP COLUMN page_type; PRAGMA user_version = 3;");
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "SELECT count(*) FROM pragma_table_info('pages') WHERE name = 'page_type'", -1,
                               &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    REQUIRE(sqlite3_column_int(s, 0) == 0);
    sqlite3_finalize(s);
    sqlite3_close(raw);
  }

  // Export and search read a version 3 database as it is: an article is known by is_article.
  auto before = exported(db);
  REQUIRE(before.size() == 2);
  CHECK(before["https://a.example/story"]["page_type"] == "article");
  CHECK_FALSE(before["https://a.example/news"].contains("page_type"));
  CHECK(search_pages("sqlite:" + db, "Moscow", 10).at(0)["page_type"] == "article");

  {
    auto sink = open_sink("sqlite:" + db);  // migrates
    CHECK(sink->write(typed(record("https://a.example/news", "Latest headlines from the valley.", "News"),
                            clean::PageType::Listing)) == WriteOutcome::Unchanged);
    sink->write(typed(record("https://a.example/docs", "Install the package, then run the command.", "Docs"),
                      clean::PageType::Documentation));
    sink->commit();
  }
  CHECK(count_rows(db) == 3);
  CHECK(count_rows(db, "key = 'https://a.example/story' AND page_type IS NULL AND is_article = 1 AND "
                       "text IS NOT NULL") == 1);  // untouched by the migration
  CHECK(count_rows(db, "key = 'https://a.example/news' AND page_type = 'listing'") == 1);
  CHECK(count_rows(db, "key = 'https://a.example/docs' AND page_type = 'documentation'") == 1);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT user_version FROM pragma_user_version", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 5);
  sqlite3_finalize(s);
  sqlite3_close(raw);
  auto after = exported(db);
  CHECK(after["https://a.example/story"]["page_type"] == "article");
  CHECK(after["https://a.example/news"]["page_type"] == "listing");
  CHECK(after["https://a.example/docs"]["page_type"] == "documentation");
  CHECK(search_pages("sqlite:" + db, "Moscow", 10).size() == 1);
  CHECK(integrity(db) == "ok");
}

TEST_CASE("sqlite: a full disk fails the batch in progress and spares the committed ones", "[store]") {
  TempDir dir;
  std::string db = (dir.path / "w.db").string();
  // The child writes batches of 50 under a file size limit (a full disk as far as SQLite can
  // tell: writes past it fail with EFBIG) and reports through its exit status.
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int code = 5;  // the limit was never reached
    try {
      auto sink = open_sink("sqlite:" + db);
      std::signal(SIGXFSZ, SIG_IGN);
      struct rlimit limit{};
      limit.rlim_cur = limit.rlim_max = 2 << 20;
      ::setrlimit(RLIMIT_FSIZE, &limit);
      for (int batch = 0; batch < 400 && code == 5; ++batch) {
        try {
          for (int i = 0; i < 50; ++i) {
            int n = batch * 50 + i;
            sink->write(record("https://f.example/" + std::to_string(n), "Record " + std::to_string(n) + " " + kStory));
          }
          sink->commit();
        } catch (const StoreError& e) {
          code = std::string(e.what()).find("rolled back") != std::string::npos ? 0 : 6;
        }
      }
      // After the failure the sink still works within the limit's room: nothing is left open.
      if (code == 0) sink->commit();
    } catch (...) {
      code = 7;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(integrity(db) == "ok");
  long long rows = count_rows(db);
  CHECK(rows >= 50);
  CHECK(rows % 50 == 0);
  CHECK(count_rows(db, "text IS NULL OR content_hash IS NULL") == 0);
}

TEST_CASE("jsonl and dir sinks", "[store]") {
  TempDir dir;
  std::string jsonl = (dir.path / "out.jsonl").string();
  {
    auto sink = open_sink("jsonl:" + jsonl);
    sink->write(record("https://a.example/1", kStory));
    sink->write(record("https://a.example/2", "Second."));
    sink->commit();
  }
  {
    auto sink = open_sink("jsonl:" + jsonl);  // appends
    sink->write(record("https://a.example/3", "Third."));
    sink->commit();
  }
  std::ifstream in(jsonl);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    CHECK(j.contains("url"));
    ++lines;
  }
  CHECK(lines == 3);
  {
    auto sink = open_sink("jsonl:" + jsonl);
    sink->write(typed(record("https://a.example/4", "Fourth."), clean::PageType::Product));
    sink->commit();
  }
  std::ifstream again(jsonl);
  std::string last;
  while (std::getline(again, line)) last = line;
  CHECK(nlohmann::json::parse(last)["page_type"] == "product");

  std::string out = (dir.path / "pages").string();
  {
    auto sink = open_sink("dir:" + out);
    sink->write(record("https://a.example/../../etc/passwd", kStory));
    sink->write(record("https://a.example/" + std::string(5000, 'x'), "Long."));
    sink->commit();
  }
  int files = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    ++files;
    std::string name = entry.path().filename().string();
    CHECK(name.size() <= 130);
    CHECK(name.find('/') == std::string::npos);
    CHECK(name.front() != '.');
  }
  CHECK(files == 4);
  CHECK_THROWS_AS(open_sink("dir:/proc/winnow-cannot-write"), StoreError);
}

}  // namespace winnow::store
