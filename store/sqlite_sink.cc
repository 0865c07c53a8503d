// The embedded default store: SQLite in WAL mode, one transaction per batch, schema versioned
// with PRAGMA user_version, an FTS5 index over title and text.

#include "store/sqlite_sink.h"

#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <span>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow::store {
namespace {

constexpr int kSchemaVersion = 5;
constexpr int kMaxNearDistance = 3;  // simhash bits: a page this close to an earlier one is a copy
constexpr std::size_t kNearCandidates = 64;  // pages sharing a band that are looked at, at most

// Every statement of the schema, in order; each migration step is one entry. The sink keeps
// pages_fts in step itself (see write()): an FTS5 insert made by a trigger flushes FTS5's
// in-memory index at every statement, which made each write three times slower.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS pages (
  key TEXT PRIMARY KEY,
  url TEXT, canonical_url TEXT, title TEXT, author TEXT, date TEXT, date_modified TEXT,
  site_name TEXT, hostname TEXT, language TEXT, description TEXT, image TEXT,
  tags TEXT, categories TEXT, is_article INTEGER, text TEXT, word_count INTEGER,
  content_hash TEXT, simhash TEXT,
  simhash_band0 INTEGER, simhash_band1 INTEGER, simhash_band2 INTEGER, simhash_band3 INTEGER,
  fetch_status INTEGER, fetched_at TEXT, etag TEXT, last_modified TEXT,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_changed TEXT NOT NULL, duplicate_of TEXT
);
CREATE INDEX IF NOT EXISTS pages_content_hash ON pages(content_hash);
CREATE INDEX IF NOT EXISTS pages_band0 ON pages(simhash_band0);
CREATE INDEX IF NOT EXISTS pages_band1 ON pages(simhash_band1);
CREATE INDEX IF NOT EXISTS pages_band2 ON pages(simhash_band2);
CREATE INDEX IF NOT EXISTS pages_band3 ON pages(simhash_band3);
CREATE INDEX IF NOT EXISTS pages_hostname ON pages(hostname);
CREATE VIRTUAL TABLE IF NOT EXISTS pages_fts USING fts5(title, text, content='pages', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS pages_fts_delete AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts(pages_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
)sql";

// Version 2: the insert and update triggers of version 1 are gone (the sink indexes directly).
constexpr const char* kSchemaV2 = R"sql(
DROP TRIGGER IF EXISTS pages_fts_insert;
DROP TRIGGER IF EXISTS pages_fts_update;
)sql";

// Version 3: the crawl frontier. state: 0 waiting (due at next_due), 1 leased to a worker,
// 2 failed for good (due again only at next_due, after a long wait).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE IF NOT EXISTS frontier (
  url TEXT PRIMARY KEY, host TEXT NOT NULL, depth INTEGER NOT NULL, kind INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0, next_due INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER, last_error TEXT, etag TEXT, last_modified TEXT, lastmod TEXT,
  last_fetched INTEGER, lease_owner TEXT, lease_until INTEGER, found_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS frontier_due ON frontier(state, next_due);
)sql";

// Version 4: the page's type, clean::page_type_name's word. Adding a column rewrites no row: rows
// stored before keep NULL until they are written again, and export and search read "article"
// for those whose is_article is set (query.cc).
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE pages ADD COLUMN page_type TEXT;
)sql";

// Version 5: indexes that hand out candidates in the order the queries want them, so that a
// write and a lease read a bounded number of index entries however big the store grows. A near
// copy's candidates (near_candidates) come per band originals first, then by first_seen, with
// the fingerprint to check, without reading a row; pages without text are no candidates and stay
// out. Due URLs come in (next_due, depth, rowid) order. These replace the band indexes and
// frontier_due, which made each write read and sort every page sharing a band (their texts too)
// and each lease every due URL.
constexpr const char* kSchemaV5 = R"sql(
DROP INDEX IF EXISTS pages_band0;
DROP INDEX IF EXISTS pages_band1;
DROP INDEX IF EXISTS pages_band2;
DROP INDEX IF EXISTS pages_band3;
CREATE INDEX IF NOT EXISTS pages_near0 ON pages(simhash_band0, duplicate_of IS NOT NULL, first_seen, simhash)
  WHERE text IS NOT NULL;
CREATE INDEX IF NOT EXISTS pages_near1 ON pages(simhash_band1, duplicate_of IS NOT NULL, first_seen, simhash)
  WHERE text IS NOT NULL;
CREATE INDEX IF NOT EXISTS pages_near2 ON pages(simhash_band2, duplicate_of IS NOT NULL, first_seen, simhash)
  WHERE text IS NOT NULL;
CREATE INDEX IF NOT EXISTS pages_near3 ON pages(simhash_band3, duplicate_of IS NOT NULL, first_seen, simhash)
  WHERE text IS NOT NULL;
DROP INDEX IF EXISTS frontier_due;
CREATE INDEX IF NOT EXISTS frontier_due_depth ON frontier(state, next_due, depth);
)sql";

// The pages sharing band `i` with a fingerprint, in the order of pages_near<i> itself: nothing
// to sort, and no row read.
std::string near_band_sql(int i) {
  const std::string band = "simhash_band" + std::to_string(i);
  return "SELECT rowid, duplicate_of IS NOT NULL, first_seen, simhash FROM pages WHERE " + band +
         " = ?1 AND text IS NOT NULL AND rowid <> ?2 ORDER BY duplicate_of IS NOT NULL, first_seen, simhash, rowid";
}

std::string json_list(const std::vector<std::string>& values) {
  return values.empty() ? std::string() : nlohmann::json(values).dump();
}

// SQLite says only "unable to open database file" or "attempt to write a readonly database"
// when it may not write the database or create its -wal and -shm files beside it.
std::string read_only_hint(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  struct statvfs fs{};
  if (::statvfs(folder.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0) {
    return " (the file system of " + folder + " is mounted read-only)";
  }
  if (::access(folder.c_str(), W_OK) != 0) return " (read-only: no write permission on the folder " + folder + ")";
  if (::access(path.c_str(), F_OK) == 0 && ::access(path.c_str(), W_OK) != 0) {
    return " (read-only: no write permission on the file)";
  }
  return {};
}

int band(std::uint64_t h, int i) { return static_cast<int>((h >> (16 * i)) & 0xFFFF); }

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  void bind(int i, const std::string& value) {
    if (value.empty()) sqlite3_bind_null(stmt_, i);
    else sqlite3_bind_text(stmt_, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, long long value) { sqlite3_bind_int64(stmt_, i, value); }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  std::string text(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t ? reinterpret_cast<const char*>(t) : std::string();
  }
  /// Valid until the next step() or reset().
  std::string_view text_view(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string_view();
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw StoreError("sqlite: " + message);
  }
}

class SqliteSink final : public CrawlStore {
 public:
  SqliteSink(std::string uri, const std::string& path, std::string worker = {})
      : uri_(std::move(uri)), worker_(std::move(worker)) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("cannot open " + path + ": " + message);
    }
    try {
      sqlite3_busy_timeout(db_, 10000);
      // An 8 MB page cache: 64 MB wrote no faster (bench/store.sh) and made a crawl's memory grow
      // with its database up to the cache's size (bench/crawl.sh).
      exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192;");
      migrate();
      find_ = std::make_unique<Statement>(db_, "SELECT rowid, content_hash, title, text FROM pages WHERE key = ?1");
      index_ = std::make_unique<Statement>(db_, "INSERT INTO pages_fts(rowid, title, text) VALUES (?1, ?2, ?3)");
      unindex_ = std::make_unique<Statement>(
          db_, "INSERT INTO pages_fts(pages_fts, rowid, title, text) VALUES ('delete', ?1, ?2, ?3)");
      same_hash_ = std::make_unique<Statement>(
          db_, "SELECT coalesce(duplicate_of, key) FROM pages WHERE content_hash = ?1 AND key <> ?2 "
          "ORDER BY duplicate_of IS NOT NULL, first_seen, rowid LIMIT 1");
      for (int i = 0; i < 4; ++i) near_band_[i] = std::make_unique<Statement>(db_, near_band_sql(i).c_str());
      near_page_ = std::make_unique<Statement>(db_, "SELECT coalesce(duplicate_of, key), text FROM pages WHERE rowid = ?1");
      upsert_ = std::make_unique<Statement>(db_, R"sql(
INSERT INTO pages (key, url, canonical_url, title, author, date, date_modified, site_name, hostname,
  language, description, image, tags, categories, is_article, text, word_count, content_hash, simhash,
  simhash_band0, simhash_band1, simhash_band2, simhash_band3, fetch_status, fetched_at, etag,
  last_modified, first_seen, last_seen, last_changed, duplicate_of, page_type)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
  ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?28, ?28, ?29, ?30)
ON CONFLICT(key) DO UPDATE SET
  url = excluded.url, canonical_url = excluded.canonical_url, title = excluded.title,
  author = excluded.author, date = excluded.date, date_modified = excluded.date_modified,
  site_name = excluded.site_name, hostname = excluded.hostname, language = excluded.language,
  description = excluded.description, image = excluded.image, tags = excluded.tags,
  categories = excluded.categories, page_type = excluded.page_type, is_article = excluded.is_article,
  text = excluded.text,
  word_count = excluded.word_count,
  last_changed = CASE WHEN pages.content_hash IS excluded.content_hash THEN pages.last_changed
                      ELSE excluded.last_changed END,
  content_hash = excluded.content_hash, simhash = excluded.simhash,
  simhash_band0 = excluded.simhash_band0, simhash_band1 = excluded.simhash_band1,
  simhash_band2 = excluded.simhash_band2, simhash_band3 = excluded.simhash_band3,
  fetch_status = excluded.fetch_status, fetched_at = excluded.fetched_at, etag = excluded.etag,
  last_modified = excluded.last_modified, last_seen = excluded.last_seen,
  duplicate_of = excluded.duplicate_of
)sql");
    } catch (const StoreError& e) {
      find_.reset();
      index_.reset();
      unindex_.reset();
      same_hash_.reset();
      for (auto& band : near_band_) band.reset();
      near_page_.reset();
      upsert_.reset();
      frontier_.clear();
      sqlite3_close(db_);
      throw StoreError("cannot open " + path + ": " + e.what() + read_only_hint(path));
    }
  }

  ~SqliteSink() override {
    // An uncommitted batch is rolled back: records are durable only once commit() returned.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    find_.reset();
    index_.reset();
    unindex_.reset();
    same_hash_.reset();
    for (auto& band : near_band_) band.reset();
    near_page_.reset();
    upsert_.reset();
    frontier_.clear();
    sqlite3_close(db_);
  }

  WriteOutcome write(const Record& record) override {
    std::string key = record_key(record);
    if (key.empty()) throw StoreError("a record without URL or source cannot be stored");
    try {
      begin();
      WriteOutcome outcome = upsert(key, record);
      ++uncommitted_;
      return outcome;
    } catch (const StoreError& e) {
      // The batch cannot be trusted in part (SQLite may already have rolled it back): it is
      // dropped whole, and the caller is told how much that was.
      if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      std::size_t lost = std::exchange(uncommitted_, 0);
      uncommitted_urls_ = 0;
      throw StoreError(std::string(e.what()) + " (the batch in progress, " + std::to_string(lost) +
                       " earlier record(s) and this one, was rolled back)");
    }
  }

  void commit() override {
    if (sqlite3_get_autocommit(db_)) return;
    try {
      exec(db_, "COMMIT");
      uncommitted_ = 0;
      urls_added_ += std::exchange(uncommitted_urls_, 0);
    } catch (const StoreError& e) {
      // A COMMIT that fails (disk full, I/O error) may leave the transaction open; ending it
      // here keeps the next batch from running outside a transaction, one row at a time.
      if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      std::size_t lost = std::exchange(uncommitted_, 0);
      uncommitted_urls_ = 0;
      throw StoreError(std::string(e.what()) + " (the batch of " + std::to_string(lost) +
                       " record(s) was rolled back)");
    }
  }

  const std::string& uri() const override { return uri_; }

  // ---- the frontier ----------------------------------------------------------------------------

  void add_urls(const std::vector<NewUrl>& urls, std::int64_t now) override {
    in_batch([&] {
      Statement& insert = frontier_statement(kInsertUrl,
          "INSERT INTO frontier (url, host, depth, kind, next_due, lastmod, found_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5) ON CONFLICT(url) DO NOTHING");
      // Due again: a lastmod later than the last fetch, or a URL first met as a page link and now
      // announced as a feed or sitemap (its fetch as a page skipped the XML).
      Statement& revisit = frontier_statement(kRevisitUrl,
          "UPDATE frontier SET depth = min(depth, ?2), lastmod = coalesce(?3, lastmod), "
          "state = CASE WHEN state <> 1 AND ((?3 IS NOT NULL AND (last_fetched IS NULL OR "
          "  ?3 > strftime('%Y-%m-%dT%H:%M:%SZ', last_fetched, 'unixepoch'))) OR (kind = 0 AND ?5 <> 0)) "
          "  THEN 0 ELSE state END, "
          "next_due = CASE WHEN state <> 1 AND ((?3 IS NOT NULL AND (last_fetched IS NULL OR "
          "  ?3 > strftime('%Y-%m-%dT%H:%M:%SZ', last_fetched, 'unixepoch'))) OR (kind = 0 AND ?5 <> 0)) "
          "  THEN min(next_due, ?4) ELSE next_due END, "
          "kind = CASE WHEN ?5 <> 0 THEN ?5 ELSE kind END "
          "WHERE url = ?1");
      for (const NewUrl& u : urls) {
        insert.reset();
        insert.bind(1, u.url);
        insert.bind(2, u.host);
        insert.bind(3, static_cast<long long>(u.depth));
        insert.bind(4, static_cast<long long>(u.kind));
        insert.bind(5, static_cast<long long>(now));
        insert.bind(6, u.lastmod);
        insert.step();
        if (sqlite3_changes(db_) > 0) {
          ++uncommitted_urls_;
          continue;
        }
        revisit.reset();
        revisit.bind(1, u.url);
        revisit.bind(2, static_cast<long long>(u.depth));
        revisit.bind(3, u.lastmod);
        revisit.bind(4, static_cast<long long>(now));
        revisit.bind(5, static_cast<long long>(u.kind));
        revisit.step();
      }
      return 0;
    });
  }

  std::size_t urls_added() const override { return urls_added_; }

  // One worker at a time (the crawl's lock): hosts need no leases here. The due URLs, earliest
  // first, waiting ones before expired leases, then in the order they were found; each kind read
  // apart, in that order, from frontier_due_depth: an OR of the two made SQLite read and sort
  // every due URL at each lease.
  std::vector<LeasedUrl> lease(const LeaseRequest& request) override {
    return in_batch([&] {
      Statement& take = frontier_statement(kLease,
          "UPDATE frontier SET state = 1, lease_owner = ?3, lease_until = ?1 + ?4 WHERE rowid IN ("
          "  SELECT id FROM ("
          "    SELECT * FROM (SELECT rowid AS id, next_due, depth, state FROM frontier "
          "      WHERE state = 0 AND next_due <= ?1 ORDER BY next_due, depth, rowid LIMIT ?2) "
          "    UNION ALL "
          "    SELECT * FROM (SELECT rowid AS id, next_due, depth, state FROM frontier "
          "      WHERE state = 1 AND lease_until < ?1 ORDER BY next_due, depth, rowid LIMIT ?2)) "
          "  ORDER BY next_due, depth, state, id LIMIT ?2) "
          "RETURNING url, host, depth, kind, attempts, etag, last_modified");
      take.reset();
      take.bind(1, static_cast<long long>(request.now));
      take.bind(2, static_cast<long long>(request.max_urls));
      take.bind(3, worker_);
      take.bind(4, static_cast<long long>(request.lease_seconds));
      std::vector<LeasedUrl> leased;
      while (take.step()) {
        LeasedUrl u;
        u.url = take.text(0);
        u.host = take.text(1);
        u.depth = sqlite3_column_int(take.get(), 2);
        u.kind = static_cast<UrlKind>(sqlite3_column_int(take.get(), 3));
        u.attempts = sqlite3_column_int(take.get(), 4);
        u.etag = take.text(5);
        u.last_modified = take.text(6);
        leased.push_back(std::move(u));
      }
      take.reset();
      return leased;
    });
  }

  WriteOutcome store_page(const Record& record, const UrlDone& done) override {
    WriteOutcome outcome = write(record);  // rolls the batch back itself on failure
    complete(done, false);
    return outcome;
  }

  void complete(const UrlDone& done, bool not_modified) override {
    in_batch([&] {
      Statement& finish = frontier_statement(kComplete,
          "UPDATE frontier SET state = ?2, lease_owner = NULL, lease_until = NULL, "
          "next_due = CASE WHEN ?10 <> 0 AND (SELECT is_article FROM pages WHERE key = ?1) THEN ?10 ELSE ?3 END, "
          "attempts = CASE WHEN ?4 THEN attempts + 1 ELSE 0 END, last_status = ?5, last_error = ?6, "
          "etag = CASE WHEN ?4 THEN etag ELSE ?7 END, last_modified = CASE WHEN ?4 THEN last_modified ELSE ?8 END, "
          "last_fetched = ?9 WHERE url = ?1");
      finish.reset();
      finish.bind(1, done.url);
      finish.bind(2, static_cast<long long>(done.give_up ? 2 : 0));
      finish.bind(3, static_cast<long long>(done.next_due));
      finish.bind(4, static_cast<long long>(done.failed ? 1 : 0));
      if (done.status != 0) finish.bind(5, static_cast<long long>(done.status));
      finish.bind(6, done.error);
      finish.bind(7, done.etag);
      finish.bind(8, done.last_modified);
      finish.bind(9, static_cast<long long>(done.now));
      finish.bind(10, static_cast<long long>(not_modified ? done.next_due_if_article : 0));
      finish.step();
      if (not_modified) {
        Statement& seen = frontier_statement(kSeen, "UPDATE pages SET last_seen = ?2 WHERE key = ?1");
        seen.reset();
        seen.bind(1, done.url);
        seen.bind(2, utc_iso8601(done.now));
        seen.step();
      }
      return 0;
    });
  }

  void renew_leases(std::int64_t now, std::int64_t lease_seconds) override {
    in_batch([&] {
      Statement& renew = frontier_statement(kRenew, "UPDATE frontier SET lease_until = ?1 WHERE state = 1");
      renew.reset();
      renew.bind(1, static_cast<long long>(now + lease_seconds));
      renew.step();
      return 0;
    });
  }

  void release_leases() override {
    in_batch([&] {
      Statement& release = frontier_statement(kRelease,
          "UPDATE frontier SET state = 0, lease_owner = NULL, lease_until = NULL WHERE state = 1");
      release.reset();
      release.step();
      return 0;
    });
  }

  FrontierCounts counts(std::int64_t now) override {
    Statement& count = frontier_statement(kCounts,
        "SELECT count(*), coalesce(sum((state = 0 AND next_due <= ?1) OR (state = 1 AND lease_until < ?1)), 0), "
        "coalesce(sum(state = 1), 0), coalesce(sum(state = 2), 0), "
        "coalesce(min(CASE WHEN state = 0 THEN next_due END), 0), "
        "coalesce(sum(state = 1 AND lease_until >= ?1 AND lease_owner IS NOT ?2), 0) FROM frontier");
    count.reset();
    count.bind(1, static_cast<long long>(now));
    count.bind(2, worker_);
    FrontierCounts c;
    if (count.step()) {
      c.known = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0));
      c.due = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 1));
      c.leased = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 2));
      c.failed = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 3));
      c.next_due = sqlite3_column_int64(count.get(), 4);
      c.leased_by_others = static_cast<std::size_t>(sqlite3_column_int64(count.get(), 5));
    }
    count.reset();
    return c;
  }

 private:
  enum FrontierStatement {
    kInsertUrl, kRevisitUrl, kLease, kComplete, kSeen, kRenew, kRelease, kCounts, kFrontierStatements
  };

  Statement& frontier_statement(FrontierStatement which, const char* sql) {
    if (frontier_.empty()) frontier_.resize(kFrontierStatements);
    if (!frontier_[which]) frontier_[which] = std::make_unique<Statement>(db_, sql);
    return *frontier_[which];
  }

  // Frontier changes ride in the current batch, like page writes; a failure drops the batch as
  // write() does, for the same reason.
  template <typename Work>
  auto in_batch(Work work) -> decltype(work()) {
    try {
      begin();
      return work();
    } catch (const StoreError& e) {
      if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      std::size_t lost = std::exchange(uncommitted_, 0);
      uncommitted_urls_ = 0;
      throw StoreError(std::string(e.what()) + " (the batch in progress, " + std::to_string(lost) +
                       " record(s), was rolled back)");
    }
  }

  WriteOutcome upsert(const std::string& key, const Record& record) {
    find_->reset();
    find_->bind(1, key);
    WriteOutcome outcome = WriteOutcome::New;
    long long rowid = 0;
    bool indexed_text_changed = true;
    if (find_->step()) {
      rowid = sqlite3_column_int64(find_->get(), 0);
      outcome = find_->text(1) == record.content_hash ? WriteOutcome::Unchanged : WriteOutcome::Changed;
      std::string old_title = find_->text(2), old_text = find_->text(3);
      find_->reset();
      indexed_text_changed = old_title != record.article.meta.title || old_text != record.text;
      if (indexed_text_changed) {
        unindex_->reset();
        unindex_->bind(1, rowid);
        unindex_->bind(2, old_title);
        unindex_->bind(3, old_text);
        unindex_->step();
      }
    }
    std::string duplicate_of = !record.text.empty() ? find_duplicate(key, rowid, record) : std::string();
    if (!duplicate_of.empty() && outcome != WriteOutcome::Unchanged) outcome = WriteOutcome::Duplicate;

    const clean::Metadata& m = record.article.meta;
    Statement& s = *upsert_;
    s.reset();
    s.bind(1, key);
    s.bind(2, m.url);
    s.bind(3, m.canonical_url);
    s.bind(4, m.title);
    s.bind(5, m.author);
    s.bind(6, m.date);
    s.bind(7, m.date_modified);
    s.bind(8, m.site_name);
    s.bind(9, m.hostname);
    s.bind(10, m.language);
    s.bind(11, m.description);
    s.bind(12, m.image);
    s.bind(13, json_list(m.tags));
    s.bind(14, json_list(m.categories));
    s.bind(15, static_cast<long long>(record.article.is_article ? 1 : 0));
    s.bind(16, record.text);
    s.bind(17, static_cast<long long>(record.article.word_count()));
    s.bind(18, record.content_hash);
    s.bind(19, record.text.empty() ? std::string() : simhash_hex(record.simhash));
    for (int i = 0; i < 4; ++i) s.bind(20 + i, static_cast<long long>(band(record.simhash, i)));
    if (record.status != 0) s.bind(24, static_cast<long long>(record.status));
    s.bind(25, record.fetched_at);
    s.bind(26, record.etag);
    s.bind(27, record.last_modified);
    s.bind(28, utc_iso8601_now());
    s.bind(29, duplicate_of);
    s.bind(30, std::string(clean::page_type_name(record.article.page_type)));
    s.step();
    if (indexed_text_changed) {
      index_->reset();
      index_->bind(1, rowid != 0 ? rowid : static_cast<long long>(sqlite3_last_insert_rowid(db_)));
      index_->bind(2, m.title);
      index_->bind(3, record.text);
      index_->step();
    }
    return outcome;
  }

  void begin() {
    // SQLite itself rolls a transaction back on some errors (SQLITE_FULL, SQLITE_IOERR), so
    // whether one is open is asked, not remembered.
    if (!sqlite3_get_autocommit(db_)) return;
    exec(db_, "BEGIN IMMEDIATE");
  }

  void migrate() {
    int current = 0;
    {
      // Finalized before the migration: DROP INDEX fails while a statement is still reading.
      Statement version(db_, "PRAGMA user_version");
      if (version.step()) current = sqlite3_column_int(version.get(), 0);
    }
    if (current > kSchemaVersion) {
      throw StoreError("the database has schema version " + std::to_string(current) + ", newer than this winnow (" +
                       std::to_string(kSchemaVersion) + "): upgrade winnow");
    }
    if (current == kSchemaVersion) return;
    exec(db_, "BEGIN IMMEDIATE");
    try {
      if (current < 1) exec(db_, kSchemaV1);
      if (current < 2) exec(db_, kSchemaV2);
      if (current < 3) exec(db_, kSchemaV3);
      if (current < 4) exec(db_, kSchemaV4);
      if (current < 5) exec(db_, kSchemaV5);
      exec(db_, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
      exec(db_, "COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  // The original (the earliest page that is no copy itself) of another page with the same
  // text, else, for an article, of one whose fingerprint is within kMaxNearDistance bits (any
  // such pair shares one of the four 16-bit bands) and whose stored text confirms it
  // (kMinNearCopyOverlap: pages that merely share words can have close fingerprints). Near
  // copies are stories syndicated or lightly edited; a site's listings, shops and threads share
  // its vocabulary and their teasers, so only their exact copies count. Candidates are capped
  // (64 looked up, kMaxNearCopyComparisons texts compared): a site of near-identical template
  // pages would otherwise make every write scan all of them. `rowid` is the key's row, 0 when new.
  std::string find_duplicate(const std::string& key, long long rowid, const Record& record) {
    same_hash_->reset();
    same_hash_->bind(1, record.content_hash);
    same_hash_->bind(2, key);
    std::string original = same_hash_->step() ? same_hash_->text(0) : std::string();
    same_hash_->reset();  // no read cursor stays open into the writes that follow
    if (!original.empty() || record.article.page_type != clean::PageType::Article) return original;
    std::span<const NearCandidate> candidates = near_candidates(record.simhash, rowid);
    std::vector<std::uint64_t> shingles;  // the record's, once a candidate needs them
    int compared = 0;
    for (const NearCandidate& c : candidates) {
      if (!original.empty() || compared == kMaxNearCopyComparisons) break;
      if (!c.has_simhash || hamming_distance(c.simhash, record.simhash) > kMaxNearDistance) continue;
      // Only a close candidate's row is read, for its text.
      near_page_->reset();
      near_page_->bind(1, c.rowid);
      if (!near_page_->step()) continue;
      if (shingles.empty()) shingles = word_shingles(record.text);
      ++compared;
      if (shingle_overlap(shingles, word_shingles(near_page_->text_view(1))) >= kMinNearCopyOverlap) {
        original = near_page_->text(0);
      }
    }
    near_page_->reset();
    return original;
  }

  struct NearCandidate {
    long long rowid = 0;
    bool copy = false;       // duplicate_of is set: after the originals
    std::string first_seen;  // ISO 8601: orders as text
    bool has_simhash = false;
    std::uint64_t simhash = 0;
  };

  // The first kNearCandidates pages other than `rowid` sharing a band with `simhash`: originals
  // before copies, then by first_seen and rowid. Each band's index gives its pages in that order
  // but for the fingerprint before the rowid, so each is read up to its kNearCandidates-th page
  // and the pages with the same (copy, first_seen) after it; those hold the first over all bands
  // (a page among them is among the first of each band it shares), and are sorted here. A few
  // hundred index entries at most, however many pages share a band; the vector is reused.
  std::span<const NearCandidate> near_candidates(std::uint64_t simhash, long long rowid) {
    std::size_t used = 0;
    for (int i = 0; i < 4; ++i) {
      Statement& s = *near_band_[i];
      s.reset();
      s.bind(1, static_cast<long long>(band(simhash, i)));
      s.bind(2, rowid);
      const std::size_t start = used;
      while (s.step()) {
        const bool copy = sqlite3_column_int(s.get(), 1) != 0;
        const std::string_view first_seen = s.text_view(2);
        if (used - start >= kNearCandidates) {
          const NearCandidate& last = near_found_[start + kNearCandidates - 1];
          if (copy != last.copy || first_seen != last.first_seen) break;
        }
        if (used == near_found_.size()) near_found_.emplace_back();
        NearCandidate& c = near_found_[used++];
        c.rowid = sqlite3_column_int64(s.get(), 0);
        c.copy = copy;
        c.first_seen.assign(first_seen);
        const unsigned char* hex = sqlite3_column_text(s.get(), 3);
        c.has_simhash = hex != nullptr;
        c.simhash = hex != nullptr ? std::strtoull(reinterpret_cast<const char*>(hex), nullptr, 16) : 0;
      }
      s.reset();  // no read cursor stays open into the writes that follow
    }
    auto end = near_found_.begin() + static_cast<std::ptrdiff_t>(used);
    std::sort(near_found_.begin(), end, [](const NearCandidate& a, const NearCandidate& b) {
      if (a.copy != b.copy) return !a.copy;
      if (int order = a.first_seen.compare(b.first_seen); order != 0) return order < 0;
      return a.rowid < b.rowid;
    });
    end = std::unique(near_found_.begin(), end, [](const NearCandidate& a, const NearCandidate& b) { return a.rowid == b.rowid; });
    const auto count = std::min<std::size_t>(static_cast<std::size_t>(end - near_found_.begin()), kNearCandidates);
    return {near_found_.data(), count};
  }

  std::string uri_;
  std::string worker_;  // names this process in frontier leases
  sqlite3* db_ = nullptr;
  std::vector<std::unique_ptr<Statement>> frontier_;
  std::size_t uncommitted_ = 0;  // records written since the last commit
  std::size_t uncommitted_urls_ = 0, urls_added_ = 0;  // new frontier URLs: since the last commit, before
  std::unique_ptr<Statement> find_, index_, unindex_, same_hash_, near_page_, upsert_;
  std::unique_ptr<Statement> near_band_[4];
  std::vector<NearCandidate> near_found_;  // reused by near_candidates()
};

}  // namespace

std::unique_ptr<Sink> open_sqlite_sink(std::string_view uri, const std::string& path) {
  return std::make_unique<SqliteSink>(std::string(uri), path);
}

std::unique_ptr<CrawlStore> open_sqlite_crawl_store(std::string_view uri, const std::string& path,
                                                    const std::string& worker) {
  return std::make_unique<SqliteSink>(std::string(uri), path, worker);
}

}  // namespace winnow::store
