// Schema version 5 of the SQLite store: its near-copy lookup against the query it replaced (schema version 4's: every page
// sharing a band read, with its text, and sorted): on the same writes, the same page is marked a
// copy of the same original. The pages are variants of one story, so that hundreds share a band
// (more than the 64 candidates looked up), with lookalikes whose fingerprint is close but whose
// text is not, copies, other page types, pages without text, keys written again, and first_seen
// times shuffled so that the order of the candidates is not the order of the writes. And a
// version 4 database migrated to it.
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "store/lookalike_page_test.h"
#include "store/frontier.h"
#include "store/sink.h"
#include "tests/temp_dir.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;

using winnow::testing::TempDir;

Record page(const std::string& url, const std::string& text, clean::PageType type) {
  clean::Article a;
  a.meta.url = url;
  a.meta.hostname = "news.example";
  a.meta.title = "Railway";
  a.page_type = type;
  a.is_article = type == clean::PageType::Article;
  if (!text.empty()) {
    clean::Block b;
    b.text = text;
    a.blocks.push_back(b);
  }
  return make_record(std::move(a));
}

class Raw {
 public:
  explicit Raw(const std::string& path) { REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK); }
  ~Raw() { sqlite3_close(db_); }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    INFO(sqlite3_errmsg(db_));
    REQUIRE(sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) == SQLITE_OK);
    return s;
  }
  void exec(const std::string& sql) { REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK); }
  long long value(const std::string& sql) {
    sqlite3_stmt* s = prepare(sql.c_str());
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : std::string();
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }

// What schema version 4's sink found for `record` on the database as it is, and how many pages
// shared a band with it.
std::string reference_duplicate(Raw& raw, const std::string& key, const Record& record, int& sharing) {
  if (record.text.empty()) return {};
  sqlite3_stmt* same = raw.prepare(
      "SELECT coalesce(duplicate_of, key) FROM pages WHERE content_hash = ?1 AND key <> ?2 "
      "ORDER BY duplicate_of IS NOT NULL, first_seen, rowid LIMIT 1");
  bind_text(same, 1, record.content_hash);
  bind_text(same, 2, key);
  std::string original = sqlite3_step(same) == SQLITE_ROW ? column_text(same, 0) : std::string();
  sqlite3_finalize(same);
  if (!original.empty() || record.article.page_type != clean::PageType::Article) return original;
  const char* where =
      "FROM pages WHERE key <> ?5 AND text IS NOT NULL AND "
      "(simhash_band0 = ?1 OR simhash_band1 = ?2 OR simhash_band2 = ?3 OR simhash_band3 = ?4) ";
  sqlite3_stmt* count = raw.prepare((std::string("SELECT count(*) ") + where).c_str());
  sqlite3_stmt* near = raw.prepare((std::string("SELECT coalesce(duplicate_of, key), simhash, text ") + where +
                                    "ORDER BY duplicate_of IS NOT NULL, first_seen, rowid LIMIT 64").c_str());
  for (sqlite3_stmt* s : {count, near}) {
    for (int i = 0; i < 4; ++i) sqlite3_bind_int(s, 1 + i, static_cast<int>((record.simhash >> (16 * i)) & 0xFFFF));
    bind_text(s, 5, key);
  }
  REQUIRE(sqlite3_step(count) == SQLITE_ROW);
  sharing = sqlite3_column_int(count, 0);
  sqlite3_finalize(count);
  std::vector<std::uint64_t> shingles = word_shingles(record.text);
  for (int compared = 0; original.empty() && compared < kMaxNearCopyComparisons && sqlite3_step(near) == SQLITE_ROW;) {
    if (hamming_distance(std::stoull(column_text(near, 1), nullptr, 16), record.simhash) > 3) continue;
    ++compared;
    if (shingle_overlap(shingles, word_shingles(column_text(near, 2))) >= kMinNearCopyOverlap) {
      original = column_text(near, 0);
    }
  }
  sqlite3_finalize(near);
  return original;
}

std::vector<std::string> words_of(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

TEST_CASE("sqlite: near copies are the ones schema version 4's lookup found, in a store of many lookalikes",
          "[store]") {
  using namespace testing;
  TempDir dir;
  const std::string db = (dir.path / "w.db").string();
  const std::vector<std::string> story = words_of(kLongStory);
  const std::vector<std::string> lookalike = words_of(lookalike_of(kLongStory, 238));
  const std::vector<std::string> other_words = made_up_words(300);
  std::mt19937 random(18);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  // A variant: the story or its lookalike with a few to many words replaced.
  auto variant = [&]() {
    std::vector<std::string> words = pick(4) == 0 ? lookalike : story;
    int changes = pick(3) == 0 ? pick(60) : pick(8);
    for (int i = 0; i < changes; ++i) words[static_cast<std::size_t>(pick(static_cast<int>(words.size())))] =
        other_words[static_cast<std::size_t>(pick(static_cast<int>(other_words.size())))];
    std::string text;
    for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
    return text;
  };
  const char* times[] = {"2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z",
                         "2026-01-02T00:00:00Z"};

  auto sink = open_sink("sqlite:" + db);
  Raw raw(db);
  int most_sharing = 0, copies = 0, near_copies = 0;
  for (int n = 0; n < 400; ++n) {
    // Some keys are written again, with other text.
    std::string key = "https://news.example/" + std::to_string(pick(5) == 0 && n > 0 ? pick(n) : n);
    int kind = pick(20);
    clean::PageType type = kind == 0 ? clean::PageType::Listing : clean::PageType::Article;
    std::string text = kind == 1 ? std::string() : kind == 2 ? kLongStory : variant();
    Record r = page(key, text, type);
    int sharing = 0;
    std::string expected = reference_duplicate(raw, key, r, sharing);
    most_sharing = std::max(most_sharing, sharing);
    sink->write(r);
    sink->commit();
    sqlite3_stmt* stored = raw.prepare("SELECT coalesce(duplicate_of, '') FROM pages WHERE key = ?1");
    bind_text(stored, 1, key);
    REQUIRE(sqlite3_step(stored) == SQLITE_ROW);
    INFO("write " << n << " of " << key << ", " << sharing << " pages sharing a band");
    CHECK(column_text(stored, 0) == expected);
    sqlite3_finalize(stored);
    if (!expected.empty()) ++copies;
    if (!expected.empty() && text != kLongStory) ++near_copies;
    // Candidates come in first_seen order, not in the order they were written.
    raw.exec("UPDATE pages SET first_seen = '" + std::string(times[pick(4)]) + "' WHERE key = '" + key + "'");
  }
  CHECK(most_sharing > 64);  // more candidates than are looked up
  CHECK(copies > 50);
  CHECK(near_copies > 20);
}

// Each band's index orders pages of the same first_seen by fingerprint, the lookup by rowid: the
// original, written first, is the 71st page of its band in the index but among the first 64 in
// the lookup's order, and must be found.
TEST_CASE("sqlite: a near copy finds its original among pages of the same first_seen past the 64th", "[store]") {
  using namespace testing;
  TempDir dir;
  const std::string db = (dir.path / "w.db").string();
  auto sink = open_sink("sqlite:" + db);
  Raw raw(db);
  const Record story = page("https://a.example/story", kLongStory, clean::PageType::Article);
  const Record copy = page("https://b.example/story", story_one_sentence_changed(), clean::PageType::Article);
  REQUIRE(hamming_distance(story.simhash, copy.simhash) <= 3);
  // The others share every band the copy shares with the story, and have 0 in one it does not:
  // the copy sees them wherever it sees the story, their fingerprints sort before the story's,
  // and they are too far from the copy's to be candidates.
  int apart = 0;
  while (apart < 4 && ((story.simhash ^ copy.simhash) >> (16 * apart) & 0xFFFF) == 0) ++apart;
  REQUIRE(apart < 4);
  const std::uint64_t other = story.simhash & ~(std::uint64_t{0xFFFF} << (16 * apart));
  REQUIRE(hamming_distance(other, copy.simhash) > 3);
  sink->write(story);
  const std::vector<std::string> words = made_up_words(400);
  for (int i = 0; i < 70; ++i) {
    std::string text;
    for (int w = 0; w < 40; ++w) text += words[static_cast<std::size_t>((i * 5 + w) % 400)] + " ";
    sink->write(page("https://a.example/other/" + std::to_string(i), text, clean::PageType::Article));
  }
  sink->commit();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(other));
  std::string set = "UPDATE pages SET simhash = '" + std::string(hex) + "'";
  for (int i = 0; i < 4; ++i) set += ", simhash_band" + std::to_string(i) + " = " + std::to_string(other >> (16 * i) & 0xFFFF);
  raw.exec(set + " WHERE key LIKE '%/other/%'");
  raw.exec("UPDATE pages SET first_seen = '2026-01-01T00:00:00Z'");
  CHECK(sink->write(copy) == WriteOutcome::Duplicate);
  sink->commit();
  CHECK(raw.value("SELECT count(*) FROM pages WHERE duplicate_of = 'https://a.example/story'") == 1);
}

TEST_CASE("sqlite: a version 4 database gets version 5's indexes and keeps its pages and frontier", "[store]") {
  using namespace testing;
  TempDir dir;
  const std::string db = (dir.path / "w.db").string();
  {
    auto store = open_crawl_store("sqlite:" + db, "w1");
    store->add_urls({{"https://a.example/1", "https://a.example", 0, UrlKind::Page, {}},
                     {"https://a.example/2", "https://a.example", 1, UrlKind::Page, {}},
                     {"https://a.example/3", "https://a.example", 1, UrlKind::Page, {}}},
                    1000);
    store->write(page("https://a.example/story", kLongStory, clean::PageType::Article));
    store->write(page("https://b.example/story", story_other_footer(), clean::PageType::Article));
    store->commit();
  }
  {
    // Put back version 4's indexes and its version number.
    Raw raw(db);
    raw.exec(R"sql(
      DROP INDEX pages_near0; DROP INDEX pages_near1; DROP INDEX pages_near2; DROP INDEX pages_near3;
      DROP INDEX frontier_due_depth;
      CREATE INDEX pages_band0 ON pages(simhash_band0); CREATE INDEX pages_band1 ON pages(simhash_band1);
      CREATE INDEX pages_band2 ON pages(simhash_band2); CREATE INDEX pages_band3 ON pages(simhash_band3);
      CREATE INDEX frontier_due ON frontier(state, next_due);
      PRAGMA user_version = 4;)sql");
  }
  {
    auto store = open_crawl_store("sqlite:" + db, "w1");  // migrates
    auto leased = store->lease(LeaseRequest{2, 0, 1000, 60});
    REQUIRE(leased.size() == 2);
    CHECK(leased[0].url == "https://a.example/1");
    CHECK(store->write(page("https://c.example/story", story_one_sentence_changed(), clean::PageType::Article)) ==
          WriteOutcome::Duplicate);
    store->commit();
  }
  Raw raw(db);
  CHECK(raw.value("SELECT user_version FROM pragma_user_version") == 5);
  CHECK(raw.value("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'pages_band%'") == 0);
  CHECK(raw.value("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'pages_near%'") == 4);
  CHECK(raw.value("SELECT count(*) FROM sqlite_master WHERE name IN ('frontier_due', 'frontier_due_depth')") == 1);
  CHECK(raw.value("SELECT count(*) FROM pages") == 3);
  CHECK(raw.value("SELECT count(*) FROM pages WHERE duplicate_of = 'https://a.example/story'") == 2);
  CHECK(raw.value("SELECT count(*) FROM frontier") == 3);
  CHECK(raw.value("SELECT count(*) FROM frontier WHERE state = 1") == 2);
  sqlite3_stmt* check = raw.prepare("PRAGMA integrity_check");
  REQUIRE(sqlite3_step(check) == SQLITE_ROW);
  CHECK(column_text(check, 0) == "ok");
  sqlite3_finalize(check);
}

}  // namespace winnow::store
