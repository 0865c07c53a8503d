// The PostgreSQL store: the SQLite sink's pages table with jsonb lists, timestamptz times and a
// generated tsvector for search. Every value travels as a query parameter; the only SQL built
// at run time is a row count's worth of placeholders.

#include "store/postgres_sink.h"

#include <libpq-fe.h>
#include <unistd.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include "store/search_query.h"

namespace winnow::store {
namespace {

constexpr int kSchemaVersion = 4;
constexpr int kMaxNearDistance = 3;      // simhash bits: a page this close to an earlier one is a copy
constexpr int kReconnectAttempts = 3;    // replays of a batch after a dropped connection
constexpr size_t kRowsPerChunk = 100;    // rows an upsert statement sends: 2 900 parameters
constexpr int kExportFetchRows = 500;    // rows per FETCH of the export cursor
constexpr const char* kConnectTimeout = "connect_timeout=10";
constexpr std::chrono::milliseconds kFirstReconnectDelay{100};  // doubled on each attempt
constexpr std::chrono::milliseconds kMaxReconnectDelay{5000};
// A crawl runs unattended: it waits out a server restart (some 25 s) rather than stop.
constexpr int kCrawlReconnectAttempts = 9;
constexpr int kConflictRetries = 6;      // replays of a transaction the server aborted (deadlock)
// A crawl's statements never wait longer for a row than this: a wait through this long is
// treated as a conflict and the transaction replayed, rather than hanging a cron job.
constexpr const char* kCrawlLockTimeout = "30s";

// One entry per schema version; migrate() runs the ones the database has not seen. The tsvector
// reads the first 100 000 characters of the text: the type holds at most 1 MB, and a longer
// text would fail its whole batch.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE pages (
  key text PRIMARY KEY,
  url text, canonical_url text, title text, author text, date text, date_modified text,
  site_name text, hostname text, language text, description text, image text,
  tags jsonb, categories jsonb, is_article boolean, "text" text, word_count integer,
  content_hash text, simhash text,
  simhash_band0 integer, simhash_band1 integer, simhash_band2 integer, simhash_band3 integer,
  fetch_status integer, fetched_at text, etag text, last_modified text,
  first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, last_changed timestamptz NOT NULL,
  duplicate_of text,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, left(coalesce("text", ''), 100000)), 'B')) STORED
);
CREATE INDEX pages_content_hash ON pages (content_hash, first_seen);
CREATE INDEX pages_band0_original ON pages (simhash_band0) WHERE duplicate_of IS NULL;
CREATE INDEX pages_band1_original ON pages (simhash_band1) WHERE duplicate_of IS NULL;
CREATE INDEX pages_band2_original ON pages (simhash_band2) WHERE duplicate_of IS NULL;
CREATE INDEX pages_band3_original ON pages (simhash_band3) WHERE duplicate_of IS NULL;
CREATE INDEX pages_band0_copy ON pages (simhash_band0) WHERE duplicate_of IS NOT NULL;
CREATE INDEX pages_band1_copy ON pages (simhash_band1) WHERE duplicate_of IS NOT NULL;
CREATE INDEX pages_band2_copy ON pages (simhash_band2) WHERE duplicate_of IS NOT NULL;
CREATE INDEX pages_band3_copy ON pages (simhash_band3) WHERE duplicate_of IS NOT NULL;
CREATE INDEX pages_hostname ON pages (hostname);
CREATE INDEX pages_last_changed ON pages (last_changed);
CREATE INDEX pages_search ON pages USING gin (search_vector);
)sql";

// The tsvector of a 400-word page (5 kB) never compresses: storing it as it is spares the
// writer a compression attempt on every row (5% of its time). Existing rows stay as they are.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE pages ALTER COLUMN search_vector SET STORAGE EXTERNAL;
)sql";

// Version 3: the crawl frontier, as in the SQLite store (times in unix seconds; state 0 waiting,
// 1 leased, 2 given up), and the hosts that workers lease with their URLs.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE IF NOT EXISTS frontier (
  url text PRIMARY KEY, host text NOT NULL, depth integer NOT NULL, kind smallint NOT NULL,
  state smallint NOT NULL DEFAULT 0, next_due bigint NOT NULL, attempts integer NOT NULL DEFAULT 0,
  last_status integer, last_error text, etag text, last_modified text, lastmod text,
  last_fetched bigint, lease_owner text, lease_until bigint, found_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS frontier_due ON frontier (state, next_due);
CREATE INDEX IF NOT EXISTS frontier_host_due ON frontier (host, state, next_due);
CREATE INDEX IF NOT EXISTS frontier_leased ON frontier (lease_owner) WHERE state = 1;
CREATE TABLE IF NOT EXISTS crawl_hosts (host text PRIMARY KEY, lease_owner text, lease_until bigint);
CREATE INDEX IF NOT EXISTS crawl_hosts_owner ON crawl_hosts (lease_owner);
)sql";

// Version 4: the page's type, clean::page_type_name's word. A column without a default is added
// without touching a row: rows stored before keep NULL until they are written again (see
// OnConflict::ReplaceIfChangedOrUntyped), and export and search read "article" for those whose
// is_article is set.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE pages ADD COLUMN IF NOT EXISTS page_type text;
)sql";

// The key itself, then duplicate candidates: pages with the same text (earliest first), then
// pages sharing a 16-bit band with the fingerprint (two within 3 bits always share one), the
// originals before the copies. The band indexes are split the same way, so a cluster of
// thousands of near copies costs one index probe, not a scan of the cluster.
constexpr const char* kLookupSql = R"sql(
(SELECT 0, key, content_hash, simhash, duplicate_of FROM pages WHERE key = $1)
UNION ALL
(SELECT 1, key, content_hash, simhash, duplicate_of FROM pages
  WHERE content_hash = $2 AND key <> $1 AND "text" IS NOT NULL ORDER BY first_seen, key LIMIT 8)
UNION ALL
(SELECT 2, key, content_hash, simhash, duplicate_of FROM pages
  WHERE duplicate_of IS NULL AND key <> $1
    AND (simhash_band0 = $3 OR simhash_band1 = $4 OR simhash_band2 = $5 OR simhash_band3 = $6)
  ORDER BY first_seen, key LIMIT 64)
UNION ALL
(SELECT 3, key, content_hash, simhash, duplicate_of FROM pages
  WHERE duplicate_of IS NOT NULL AND key <> $1
    AND (simhash_band0 = $3 OR simhash_band1 = $4 OR simhash_band2 = $5 OR simhash_band3 = $6)
  LIMIT 64)
)sql";
constexpr const char* kLookupName = "winnow_lookup";
// A near candidate's text, read only for candidates whose fingerprint is close (find_duplicate).
constexpr const char* kCandidateTextSql = R"sql(SELECT "text" FROM pages WHERE key = $1)sql";
constexpr const char* kCandidateTextName = "winnow_candidate_text";
constexpr const char* kUpsertName = "winnow_upsert";  // kRowsPerChunk rows; a batch's tail goes unprepared

// What an upsert does to a column of a row that exists. ReplaceIfChangedOrUntyped is for the
// page's type (page_type, is_article): a row stored before page_type existed takes both from the
// record written over it, even with the same text, so that the two always come from one cleaning.
enum class OnConflict { Keep, Replace, ReplaceIfChanged, ReplaceIfChangedOrUntyped };

struct ParamColumn {
  const char* name;
  const char* type;
  OnConflict on_conflict;
};

// The columns a write supplies, in parameter order. An unchanged text (same content_hash)
// refreshes only the fetch's own fields; first_seen, last_seen and last_changed come from now().
constexpr std::array<ParamColumn, 29> kParamColumns = {{
    {"key", "text", OnConflict::Keep},
    {"url", "text", OnConflict::ReplaceIfChanged}, {"canonical_url", "text", OnConflict::ReplaceIfChanged},
    {"title", "text", OnConflict::ReplaceIfChanged}, {"author", "text", OnConflict::ReplaceIfChanged},
    {"date", "text", OnConflict::ReplaceIfChanged}, {"date_modified", "text", OnConflict::ReplaceIfChanged},
    {"site_name", "text", OnConflict::ReplaceIfChanged}, {"hostname", "text", OnConflict::ReplaceIfChanged},
    {"language", "text", OnConflict::ReplaceIfChanged}, {"description", "text", OnConflict::ReplaceIfChanged},
    {"image", "text", OnConflict::ReplaceIfChanged}, {"tags", "jsonb", OnConflict::ReplaceIfChanged},
    {"categories", "jsonb", OnConflict::ReplaceIfChanged}, {"is_article", "boolean", OnConflict::ReplaceIfChangedOrUntyped},
    {"\"text\"", "text", OnConflict::ReplaceIfChanged}, {"word_count", "integer", OnConflict::ReplaceIfChanged},
    {"content_hash", "text", OnConflict::ReplaceIfChanged}, {"simhash", "text", OnConflict::ReplaceIfChanged},
    {"simhash_band0", "integer", OnConflict::ReplaceIfChanged}, {"simhash_band1", "integer", OnConflict::ReplaceIfChanged},
    {"simhash_band2", "integer", OnConflict::ReplaceIfChanged}, {"simhash_band3", "integer", OnConflict::ReplaceIfChanged},
    {"fetch_status", "integer", OnConflict::Replace}, {"fetched_at", "text", OnConflict::Replace},
    {"etag", "text", OnConflict::Replace}, {"last_modified", "text", OnConflict::Replace},
    {"duplicate_of", "text", OnConflict::ReplaceIfChanged},
    {"page_type", "text", OnConflict::ReplaceIfChangedOrUntyped},
}};
constexpr size_t kKeyParam = 0;
constexpr size_t kFirstBandParam = 19;
constexpr size_t kTextParam = 15;
constexpr size_t kDuplicateOfParam = 27;
constexpr size_t kPageTypeParam = 28;
static_assert(std::string_view(kParamColumns[kKeyParam].name) == "key");
static_assert(std::string_view(kParamColumns[kFirstBandParam].name) == "simhash_band0");
static_assert(std::string_view(kParamColumns[kTextParam].name) == "\"text\"");
static_assert(std::string_view(kParamColumns[kDuplicateOfParam].name) == "duplicate_of");
static_assert(std::string_view(kParamColumns[kPageTypeParam].name) == "page_type");

// How export and search render a column.
enum class Render { Text, Json, Bool, Int };

struct OutputColumn {
  const char* sql;
  const char* name;
  Render render;
};

#define WINNOW_UTC_SECONDS(column) \
  "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

// store::to_json's keys in its order, then the store's own. A row stored before page_type existed
// was an article when is_article says so, and is of no known type otherwise; select_list() takes
// the column out for a database no writer has opened since.
constexpr const char* kPageTypeOutput = "coalesce(page_type, CASE WHEN is_article THEN 'article' END)";
constexpr const char* kPageTypeOutputBeforeV4 = "CASE WHEN is_article THEN 'article' END";
constexpr std::array<OutputColumn, 28> kOutputColumns = {{
    {"url", "url", Render::Text}, {"canonical_url", "canonical_url", Render::Text},
    {"title", "title", Render::Text}, {"author", "author", Render::Text}, {"date", "date", Render::Text},
    {"date_modified", "date_modified", Render::Text}, {"site_name", "site_name", Render::Text},
    {"hostname", "hostname", Render::Text}, {"language", "language", Render::Text},
    {"description", "description", Render::Text}, {"image", "image", Render::Text},
    {"tags", "tags", Render::Json}, {"categories", "categories", Render::Json},
    {kPageTypeOutput, "page_type", Render::Text}, {"is_article", "is_article", Render::Bool},
    {"\"text\"", "text", Render::Text},
    {"word_count", "word_count", Render::Int}, {"content_hash", "content_hash", Render::Text},
    {"simhash", "simhash", Render::Text}, {"fetch_status", "status", Render::Int},
    {"fetched_at", "fetched_at", Render::Text}, {"etag", "etag", Render::Text},
    {"last_modified", "last_modified", Render::Text}, {"key", "key", Render::Text},
    {WINNOW_UTC_SECONDS("first_seen"), "first_seen", Render::Text},
    {WINNOW_UTC_SECONDS("last_seen"), "last_seen", Render::Text},
    {WINNOW_UTC_SECONDS("last_changed"), "last_changed", Render::Text},
    {"duplicate_of", "duplicate_of", Render::Text},
}};

#undef WINNOW_UTC_SECONDS

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

/// The connection went away (PQstatus is bad): the work can be replayed after a reconnect.
class ConnectionLost : public StoreError {
 public:
  using StoreError::StoreError;
};

/// The server aborted the transaction for another's sake (a deadlock, a lock wait over the
/// timeout): replaying it is expected to succeed.
class TransactionConflict : public StoreError {
 public:
  using StoreError::StoreError;
};

bool is_conflict(const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr) return false;
  std::string_view code(state);
  return code == "40P01" || code == "40001" || code == "55P03";  // deadlock, serialization, lock timeout
}

// PostgreSQL refuses ill-formed UTF-8 and NUL characters, and one such value (an etag from a
// careless server, say) would fail the whole batch: both become U+FFFD or nothing.
std::string valid_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(in.data());
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(in.size());
  while (i < length) {
    std::int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) out += "\xEF\xBF\xBD";
    else if (c != 0) out.append(in.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

std::optional<std::string> text_or_null(std::string_view value) {
  if (value.empty()) return std::nullopt;
  return valid_utf8(value);
}

std::optional<std::string> json_list_or_null(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  return valid_utf8(nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

int band(std::uint64_t h, int i) { return static_cast<int>((h >> (16 * i)) & 0xFFFF); }

std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

std::string conninfo_with_timeout(std::string_view uri) {
  std::string conninfo(uri);
  if (conninfo.find("connect_timeout=") != std::string::npos) return conninfo;
  if (conninfo.find('?') == std::string::npos) conninfo += '?';
  else if (conninfo.back() != '?' && conninfo.back() != '&') conninfo += '&';
  return conninfo + kConnectTimeout;
}

// One libpq connection in UTF-8 and UTC; every failed call throws, ConnectionLost when the
// connection itself is gone.
class Connection {
 public:
  explicit Connection(std::string_view uri) : redacted_uri_(redact_postgres_uri(uri)) {
    conn_ = PQconnectdb(conninfo_with_timeout(uri).c_str());
    if (conn_ == nullptr) throw StoreError("cannot connect to " + redacted_uri_ + ": out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = trimmed(PQerrorMessage(conn_));
      PQfinish(conn_);
      throw StoreError("cannot connect to " + redacted_uri_ + ": " + message);
    }
    try {
      set_up_session();
    } catch (...) {
      PQfinish(conn_);
      throw;
    }
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& redacted_uri() const { return redacted_uri_; }

  /// Sets a run-time parameter now and after every reconnect.
  void set(std::string name, std::string value) {
    exec_params("SELECT set_config($1, $2, false)", {name.c_str(), value.c_str()}, PGRES_TUPLES_OK);
    settings_.emplace_back(std::move(name), std::move(value));
  }

  Result exec(const char* sql, ExecStatusType expected = PGRES_COMMAND_OK) {
    return check(PQexec(conn_, sql), expected);
  }

  Result exec_params(const std::string& sql, const std::vector<const char*>& values,
                     ExecStatusType expected = PGRES_COMMAND_OK) {
    return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0),
                 expected);
  }

  Result exec_prepared(const char* name, const std::vector<const char*>& values, ExecStatusType expected) {
    return check(PQexecPrepared(conn_, name, static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
                 expected);
  }

  void prepare(const char* name, const char* sql) { check(PQprepare(conn_, name, sql, 0, nullptr), PGRES_COMMAND_OK); }

  // send_prepared() and send_params() return once the statement is on its way; finish()
  // waits for it. One statement at a time: the next send comes after finish().
  void send_prepared(const char* name, const std::vector<const char*>& values) {
    if (PQsendQueryPrepared(conn_, name, static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0) == 0) {
      check(nullptr, PGRES_COMMAND_OK);
    }
  }

  void send_params(const std::string& sql, const std::vector<const char*>& values) {
    if (PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                          nullptr, 0) == 0) {
      check(nullptr, PGRES_COMMAND_OK);
    }
  }

  // Reads every result of the statement sent, then throws for the first that is not `expected`.
  void finish(ExecStatusType expected = PGRES_COMMAND_OK) {
    Result failed(nullptr, &PQclear);
    bool any = false;
    while (PGresult* raw = PQgetResult(conn_)) {
      any = true;
      if (!failed && PQresultStatus(raw) != expected) failed.reset(raw);
      else PQclear(raw);
    }
    if (failed) check(failed.release(), expected);
    if (!any) check(nullptr, expected);
  }

  // After a dropped connection: the server's session state is gone and is set up again.
  void reset() {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw ConnectionLost("cannot reconnect to " + redacted_uri_ + ": " + trimmed(PQerrorMessage(conn_)));
    }
    set_up_session();
  }

  // Ends a failed transaction; its own failure changes nothing about the error being reported.
  void rollback_quietly() { PQclear(PQexec(conn_, "ROLLBACK")); }

 private:
  void set_up_session() {
    if (PQsetClientEncoding(conn_, "UTF8") != 0) {
      throw StoreError(redacted_uri_ + ": cannot use UTF-8: " + trimmed(PQerrorMessage(conn_)));
    }
    // UTC so that a --since date without a zone means the same day everywhere; warnings only,
    // so that "already exists, skipping" notices stay off stderr.
    exec("SET TimeZone = 'UTC'; SET client_min_messages = warning");
    for (const auto& [name, value] : settings_) {
      exec_params("SELECT set_config($1, $2, false)", {name.c_str(), value.c_str()}, PGRES_TUPLES_OK);
    }
  }

  Result check(PGresult* raw, ExecStatusType expected) {
    Result result(raw, &PQclear);
    if (raw != nullptr && PQresultStatus(raw) == expected) return result;
    std::string message = trimmed(raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(conn_));
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    if (PQstatus(conn_) == CONNECTION_BAD) throw ConnectionLost(redacted_uri_ + ": connection lost: " + message);
    if (is_conflict(raw)) throw TransactionConflict(redacted_uri_ + ": " + message);
    throw StoreError(redacted_uri_ + ": " + message);
  }

  std::string redacted_uri_;
  PGconn* conn_ = nullptr;
  std::vector<std::pair<std::string, std::string>> settings_;
};

std::vector<const char*> pointers(const std::vector<std::optional<std::string>>& values) {
  std::vector<const char*> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// A page waiting in the batch, and what duplicate detection needs to know about it.
struct PendingRow {
  std::array<std::optional<std::string>, kParamColumns.size()> values;
  std::string key, content_hash, duplicate_of;
  std::uint64_t simhash = 0;
  bool has_text = false;
  bool near_copies = false;  // an article: near copies count too (see find_duplicate)

  const std::string& original() const { return duplicate_of.empty() ? key : duplicate_of; }
  std::string_view text() const { return values[kTextParam] ? std::string_view(*values[kTextParam]) : std::string_view(); }
};

// The row's parameters in kParamColumns' order; `key` is already valid UTF-8.
PendingRow make_row(std::string key, const Record& record) {
  const clean::Metadata& m = record.article.meta;
  PendingRow row;
  row.has_text = !record.text.empty();
  row.near_copies = record.article.page_type == clean::PageType::Article;
  row.simhash = record.simhash;
  row.content_hash = record.content_hash;
  auto& v = row.values;
  v[kKeyParam] = key;
  v[1] = text_or_null(m.url);
  v[2] = text_or_null(m.canonical_url);
  v[3] = text_or_null(m.title);
  v[4] = text_or_null(m.author);
  v[5] = text_or_null(m.date);
  v[6] = text_or_null(m.date_modified);
  v[7] = text_or_null(m.site_name);
  v[8] = text_or_null(m.hostname);
  v[9] = text_or_null(m.language);
  v[10] = text_or_null(m.description);
  v[11] = text_or_null(m.image);
  v[12] = json_list_or_null(m.tags);
  v[13] = json_list_or_null(m.categories);
  v[14] = record.article.is_article ? "true" : "false";
  v[kTextParam] = text_or_null(record.text);
  v[16] = std::to_string(record.article.word_count());
  v[17] = text_or_null(record.content_hash);
  if (row.has_text) {
    v[18] = simhash_hex(record.simhash);
    for (int i = 0; i < 4; ++i) v[kFirstBandParam + static_cast<size_t>(i)] = std::to_string(band(record.simhash, i));
  }
  if (record.status != 0) v[23] = std::to_string(record.status);
  v[24] = text_or_null(record.fetched_at);
  v[25] = text_or_null(record.etag);
  v[26] = text_or_null(record.last_modified);
  v[kPageTypeParam] = std::string(clean::page_type_name(record.article.page_type));
  row.key = std::move(key);
  return row;
}

// A stored page the lookup found: 0 the key's own row, 1 same text, 2 and 3 near originals
// and near copies.
struct Candidate {
  int kind = 0;
  std::string key, content_hash, duplicate_of;
  std::uint64_t simhash = 0;

  const std::string& original() const { return duplicate_of.empty() ? key : duplicate_of; }
};

// INSERT ... VALUES with `rows` tuples of placeholders, upserting by key. Built with += only:
// GCC 12 warns falsely (-Wrestrict) about chains of std::string operator+.
std::string insert_sql(size_t rows) {
  std::string sql = "INSERT INTO pages AS p (";
  for (const ParamColumn& c : kParamColumns) {
    sql += c.name;
    sql += ", ";
  }
  sql += "first_seen, last_seen, last_changed) VALUES ";
  size_t n = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (const ParamColumn& c : kParamColumns) {
      sql += '$';
      sql += std::to_string(n++);
      sql += "::";
      sql += c.type;
      sql += ", ";
    }
    sql += "now(), now(), now())";
  }
  constexpr std::string_view same = "p.content_hash IS NOT DISTINCT FROM excluded.content_hash";
  sql += " ON CONFLICT (key) DO UPDATE SET last_seen = excluded.last_seen, last_changed = CASE WHEN ";
  sql += same;
  sql += " THEN p.last_changed ELSE excluded.last_changed END";
  for (const ParamColumn& c : kParamColumns) {
    if (c.on_conflict == OnConflict::Keep) continue;
    sql += ", ";
    sql += c.name;
    sql += " = ";
    if (c.on_conflict == OnConflict::ReplaceIfChanged || c.on_conflict == OnConflict::ReplaceIfChangedOrUntyped) {
      sql += "CASE WHEN ";
      sql += same;
      if (c.on_conflict == OnConflict::ReplaceIfChangedOrUntyped) sql += " AND p.page_type IS NOT NULL";
      sql += " THEN p.";
      sql += c.name;
      sql += " ELSE excluded.";
      sql += c.name;
      sql += " END";
    } else {
      sql += "excluded.";
      sql += c.name;
    }
  }
  return sql;
}

// Two connections, so that the server stores one part of the batch while the sink looks the next
// records up: the reader answers write()'s lookups; the writer holds the batch's transaction and
// gets the rows kRowsPerChunk at a time as they come, and commit() sends the rest and COMMITs.
// A key written again after its row went out makes the transaction stale, as the upsert of the
// last version against the stored row is what counts: it is rolled back, and the batch waits for
// commit() to send all of it.
//
// As a crawl store (a worker name given), frontier changes wait in the batch and go out in
// commit()'s transaction after the rows, which are then not streamed: a crawl's transactions
// hold row locks only while their statements run, so that every lock wait between workers is
// one the server sees, and a deadlock is broken by the server (and the batch replayed) instead
// of hanging two workers.
class PostgresSink final : public CrawlStore {
 public:
  explicit PostgresSink(std::string_view uri, std::string worker = {})
      : reader_(uri), writer_(uri), worker_(std::move(worker)) {
    migrate();
    prepare_reader();
    prepare_writer();
    if (!worker_.empty()) {
      stream_rows_ = false;
      reconnect_attempts_ = kCrawlReconnectAttempts;
      const std::string application = "winnow crawl " + worker_ + " (pid " + std::to_string(::getpid()) + ")";
      for (Connection* conn : {&reader_, &writer_}) {
        conn->set("application_name", application);
        conn->set("lock_timeout", kCrawlLockTimeout);
      }
      lock_worker_name();
    }
  }

  WriteOutcome write(const Record& record) override {
    // Cleaned before anything else: two keys that differ only in bad bytes are one row.
    std::string key = valid_utf8(record_key(record));
    if (key.empty()) throw StoreError("a record without URL or source cannot be stored");
    PendingRow row = make_row(std::move(key), record);
    std::vector<Candidate> found = with_reconnect(
        reader_, [&] { after_reader_reconnect(); }, [&] { return lookup(row); });

    const Candidate* stored = found.empty() || found.front().kind != 0 ? nullptr : &found.front();
    auto in_batch = batch_index_.find(row.key);
    const PendingRow* earlier = in_batch == batch_index_.end() ? nullptr : &batch_[in_batch->second];
    WriteOutcome outcome = WriteOutcome::New;
    if (earlier != nullptr) {
      outcome = earlier->content_hash == row.content_hash ? WriteOutcome::Unchanged : WriteOutcome::Changed;
    } else if (stored != nullptr) {
      outcome = stored->content_hash == row.content_hash ? WriteOutcome::Unchanged : WriteOutcome::Changed;
    }

    if (!row.has_text) {
      row.duplicate_of.clear();
    } else if (stored != nullptr && stored->content_hash == row.content_hash) {
      row.duplicate_of = stored->duplicate_of;  // the upsert keeps the stored row's verdict
    } else {
      row.duplicate_of = find_duplicate(row, found);
    }
    if (!row.duplicate_of.empty()) row.values[kDuplicateOfParam] = row.duplicate_of;
    if (!row.duplicate_of.empty() && outcome != WriteOutcome::Unchanged) outcome = WriteOutcome::Duplicate;

    if (in_batch != batch_index_.end()) {
      if (in_batch->second < rows_sent_) {
        abandon_transaction();
        hold_until_commit_ = true;  // once a batch at most, however often keys come back
      }
      batch_[in_batch->second] = std::move(row);  // last write wins, one row per key
    } else {
      batch_index_.emplace(row.key, batch_.size());
      batch_.push_back(std::move(row));
    }
    if (stream_rows_ && !hold_until_commit_ && batch_.size() - rows_sent_ >= kRowsPerChunk) stream();
    return outcome;
  }

  void commit() override {
    if (batch_.empty() && added_.empty() && done_.empty()) return;
    std::size_t added = 0;
    try {
      for (int conflicts = 0;; ++conflicts) {
        try {
          with_reconnect(writer_, [&] { reconnect_writer(); }, [&] {
            send_rest();
            finish_chunk();
            added = send_frontier_changes();
            writer_.exec("COMMIT");
            in_transaction_ = false;
          });
          break;
        } catch (const TransactionConflict&) {
          abandon_transaction();
          if (conflicts == kConflictRetries) throw;
          wait_before_replay(conflicts);
        }
      }
    } catch (...) {
      abandon_transaction();  // the batch is kept, and the next commit sends all of it
      throw;
    }
    batch_.clear();
    batch_index_.clear();
    added_.clear();
    done_.clear();
    done_index_.clear();
    urls_added_ += added;
    rows_sent_ = 0;
    hold_until_commit_ = false;
    try {
      replan_lookup();
    } catch (const ConnectionLost&) {
      // The batch is in; the next write reconnects and prepares its statements anew.
    }
  }

  const std::string& uri() const override { return reader_.redacted_uri(); }

  // ---- the frontier ----------------------------------------------------------------------------

  void add_urls(const std::vector<NewUrl>& urls, std::int64_t now) override {
    for (const NewUrl& u : urls) {
      added_.push_back({{"url", valid_utf8(u.url)}, {"host", valid_utf8(u.host)}, {"depth", u.depth},
                        {"kind", static_cast<int>(u.kind)}, {"now", now}});
      if (!u.lastmod.empty()) added_.back()["lastmod"] = valid_utf8(u.lastmod);
    }
  }

  std::size_t urls_added() const override { return urls_added_; }

  std::vector<LeasedUrl> lease(const LeaseRequest& request) override {
    const std::string now = std::to_string(request.now);
    const std::string until = std::to_string(request.now + request.lease_seconds);
    const std::string max_urls = std::to_string(request.max_urls);
    std::optional<std::string> max_hosts;
    if (request.max_hosts > 0) max_hosts = std::to_string(request.max_hosts);
    const char* me = worker_.c_str();
    std::vector<LeasedUrl> leased;
    in_reader_transaction([&] {
      leased.clear();
      // Hosts with none of this worker's URLs left go back, so that others may take them.
      reader_.exec_params(
          "UPDATE crawl_hosts h SET lease_owner = NULL, lease_until = NULL WHERE h.lease_owner = $1 "
          "AND NOT EXISTS (SELECT 1 FROM frontier f WHERE f.host = h.host AND f.state = 1 AND f.lease_owner = $1)",
          {me});
      // More hosts, up to max_hosts: free ones (or ones whose worker's lease ran out) with URLs due.
      reader_.exec_params(
          "UPDATE crawl_hosts SET lease_owner = $1, lease_until = $3::bigint WHERE host IN ("
          "  SELECT h.host FROM crawl_hosts h WHERE (h.lease_owner IS NULL OR h.lease_until < $2::bigint) "
          "  AND EXISTS (SELECT 1 FROM frontier f WHERE f.host = h.host AND "
          "    ((f.state = 0 AND f.next_due <= $2::bigint) OR (f.state = 1 AND f.lease_until < $2::bigint))) "
          "  ORDER BY h.host "
          "  LIMIT CASE WHEN $4::bigint IS NULL THEN NULL "
          "    ELSE greatest(0, $4::bigint - (SELECT count(*) FROM crawl_hosts WHERE lease_owner = $1)) END "
          "  FOR UPDATE SKIP LOCKED)",
          {me, now.c_str(), until.c_str(), max_hosts ? max_hosts->c_str() : nullptr});
      Result taken = reader_.exec_params(
          "WITH taken AS (UPDATE frontier f SET state = 1, lease_owner = $1, lease_until = $3::bigint "
          "  WHERE f.url IN (SELECT c.url FROM frontier c "
          "    WHERE c.host IN (SELECT host FROM crawl_hosts WHERE lease_owner = $1) "
          "    AND ((c.state = 0 AND c.next_due <= $2::bigint) OR (c.state = 1 AND c.lease_until < $2::bigint)) "
          "    ORDER BY c.next_due, c.depth LIMIT $4::bigint FOR UPDATE SKIP LOCKED) "
          "  RETURNING f.url, f.host, f.depth, f.kind, f.attempts, f.etag, f.last_modified, f.next_due) "
          "SELECT url, host, depth, kind, attempts, etag, last_modified FROM taken ORDER BY next_due, depth, url",
          {me, now.c_str(), until.c_str(), max_urls.c_str()}, PGRES_TUPLES_OK);
      for (int r = 0, n = PQntuples(taken.get()); r < n; ++r) {
        LeasedUrl u;
        u.url = PQgetvalue(taken.get(), r, 0);
        u.host = PQgetvalue(taken.get(), r, 1);
        u.depth = std::atoi(PQgetvalue(taken.get(), r, 2));
        u.kind = static_cast<UrlKind>(std::atoi(PQgetvalue(taken.get(), r, 3)));
        u.attempts = std::atoi(PQgetvalue(taken.get(), r, 4));
        u.etag = PQgetvalue(taken.get(), r, 5);
        u.last_modified = PQgetvalue(taken.get(), r, 6);
        leased.push_back(std::move(u));
      }
    });
    return leased;
  }

  void renew_leases(std::int64_t now, std::int64_t lease_seconds) override {
    const std::string at = std::to_string(now), until = std::to_string(now + lease_seconds);
    in_reader_transaction([&] { renew(at.c_str(), until.c_str()); });
  }

  WriteOutcome store_page(const Record& record, const UrlDone& done) override {
    WriteOutcome outcome = write(record);
    complete(done, false);
    return outcome;
  }

  void complete(const UrlDone& done, bool not_modified) override {
    nlohmann::json row = {{"url", valid_utf8(done.url)},
                          {"state", done.give_up ? 2 : 0},
                          {"next_due", done.next_due},
                          {"next_due_if_article", not_modified ? done.next_due_if_article : 0},
                          {"failed", done.failed},
                          {"now", done.now},
                          {"seen", not_modified}};
    if (done.status != 0) row["status"] = done.status;
    if (!done.error.empty()) row["error"] = valid_utf8(done.error);
    if (!done.etag.empty()) row["etag"] = valid_utf8(done.etag);
    if (!done.last_modified.empty()) row["last_modified"] = valid_utf8(done.last_modified);
    // The last word on a URL in the batch is the one that counts.
    auto [it, fresh] = done_index_.emplace(row["url"].get<std::string>(), done_.size());
    if (fresh) done_.push_back(std::move(row));
    else done_[it->second] = std::move(row);
  }

  void release_leases() override {
    const char* me = worker_.c_str();
    in_reader_transaction([&] {
      reader_.exec_params(
          "UPDATE frontier SET state = 0, lease_owner = NULL, lease_until = NULL WHERE state = 1 AND lease_owner = $1",
          {me});
      reader_.exec_params("UPDATE crawl_hosts SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1", {me});
    });
  }

  FrontierCounts counts(std::int64_t now) override {
    const std::string at = std::to_string(now);
    const char* params[] = {at.c_str(), worker_.c_str()};
    Result result = with_reconnect(reader_, [&] { after_reader_reconnect(); }, [&] {
      return reader_.exec_params(
          "SELECT count(*), "
          "count(*) FILTER (WHERE (state = 0 AND next_due <= $1::bigint) OR (state = 1 AND lease_until < $1::bigint)), "
          "count(*) FILTER (WHERE state = 1), count(*) FILTER (WHERE state = 2), "
          "coalesce(min(next_due) FILTER (WHERE state = 0), 0), "
          "count(*) FILTER (WHERE state = 1 AND lease_until >= $1::bigint AND lease_owner IS DISTINCT FROM $2) "
          "FROM frontier",
          {params[0], params[1]}, PGRES_TUPLES_OK);
    });
    auto number = [&](int column) { return std::strtoll(PQgetvalue(result.get(), 0, column), nullptr, 10); };
    FrontierCounts c;
    c.known = static_cast<std::size_t>(number(0));
    c.due = static_cast<std::size_t>(number(1));
    c.leased = static_cast<std::size_t>(number(2));
    c.failed = static_cast<std::size_t>(number(3));
    c.next_due = number(4);
    c.leased_by_others = static_cast<std::size_t>(number(5));
    return c;
  }

 private:
  // One process per worker name: a second `winnow crawl` as the same worker (cron starting a
  // run while the last one still goes) is refused, and one worker's release_leases() never
  // takes back the URLs of a live one. The lock is the session's, so it ends with the process.
  void lock_worker_name() {
    const std::string key = "winnow crawl worker " + worker_;
    // A run that just ended holds the lock until its server process has exited, which happens
    // after its client has gone: a run started right after it (a retrying cron job, a test)
    // waits that out. A live holder keeps the lock, and the refusal only comes 3 s later.
    for (int attempt = 0; attempt < 30; ++attempt) {
      Result locked = reader_.exec_params("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", {key.c_str()},
                                          PGRES_TUPLES_OK);
      if (PQgetvalue(locked.get(), 0, 0)[0] == 't') return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    Result holder = reader_.exec_params(
        "SELECT a.application_name, coalesce(host(a.client_addr), 'a local socket') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid, hashtextextended($1, 0) AS k "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.classid::bigint = (k >> 32) & 4294967295 AND l.objid::bigint = k & 4294967295",
        {key.c_str()}, PGRES_TUPLES_OK);
    std::string who = "another process";
    if (PQntuples(holder.get()) > 0) {
      who = std::string("'") + PQgetvalue(holder.get(), 0, 0) + "' from " + PQgetvalue(holder.get(), 0, 1);
    }
    throw StoreLocked("another run holds the lock: worker '" + worker_ + "' is already crawling into " +
                      reader_.redacted_uri() + " (" + who +
                      "); give each worker on a machine its own --worker name");
  }

  // After a reconnect the session's lock is gone: it is taken again, or the run must stop.
  void after_reader_reconnect() {
    prepare_reader();
    if (!worker_.empty()) lock_worker_name();
  }

  void renew(const char* now, const char* until) {
    const char* me = worker_.c_str();
    reader_.exec_params("UPDATE crawl_hosts SET lease_until = $2::bigint WHERE lease_owner = $1", {me, until});
    reader_.exec_params(
        "UPDATE frontier SET lease_until = $2::bigint WHERE state = 1 AND lease_owner = $1 AND lease_until >= $3::bigint",
        {me, until, now});
  }

  // Runs `work` in a transaction of its own on the reader, replayed after a conflict or a
  // dropped connection.
  template <class Work>
  void in_reader_transaction(Work&& work) {
    for (int conflicts = 0;; ++conflicts) {
      try {
        with_reconnect(reader_, [&] { after_reader_reconnect(); }, [&] {
          reader_.exec("BEGIN");
          try {
            work();
            reader_.exec("COMMIT");
          } catch (...) {
            reader_.rollback_quietly();
            throw;
          }
        });
        return;
      } catch (const TransactionConflict&) {
        if (conflicts == kConflictRetries) throw;
        wait_before_replay(conflicts);
      }
    }
  }

  // Two workers that deadlocked would deadlock again if both replayed at once.
  static void wait_before_replay(int conflicts) {
    thread_local std::minstd_rand random(static_cast<unsigned>(::getpid()) * 2654435761u);
    int ceiling = 20 << std::min(conflicts, 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + static_cast<int>(random() % static_cast<unsigned>(ceiling))));
  }

  // The batch's frontier changes, in its open transaction after the rows; returns how many URLs
  // were new. Rows go in key order, so that two workers lock shared rows in the same order.
  std::size_t send_frontier_changes() {
    std::size_t added = 0;
    if (!added_.empty()) {
      const std::string urls = added_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      writer_.exec_params(
          "INSERT INTO crawl_hosts (host) SELECT DISTINCT host FROM jsonb_to_recordset($1::jsonb) AS d(host text) "
          "ORDER BY host ON CONFLICT DO NOTHING",
          {urls.c_str()});
      Result inserted = writer_.exec_params(
          "INSERT INTO frontier (url, host, depth, kind, next_due, lastmod, found_at) "
          "SELECT DISTINCT ON (url) url, host, depth, kind, now, lastmod, now "
          "FROM jsonb_to_recordset($1::jsonb) AS d(url text, host text, depth integer, kind smallint, lastmod text, now bigint) "
          "ORDER BY url, depth, kind DESC ON CONFLICT (url) DO NOTHING",
          {urls.c_str()});
      added = static_cast<std::size_t>(std::strtoull(PQcmdTuples(inserted.get()), nullptr, 10));
      // Known URLs: a shallower depth; a lastmod later than the last fetch, or a page link now
      // announced as a feed or sitemap, makes it due (as in the SQLite store). Rows that need no
      // change are not touched, so not locked.
      writer_.exec_params(
          "WITH d AS (SELECT url, min(depth) AS depth, max(lastmod) AS lastmod, max(kind) AS kind, max(now) AS now "
          "  FROM jsonb_to_recordset($1::jsonb) AS d(url text, depth integer, kind smallint, lastmod text, now bigint) "
          "  GROUP BY url), "
          "w AS (SELECT d.*, f.state <> 1 AND ((d.lastmod IS NOT NULL AND (f.last_fetched IS NULL OR "
          "    d.lastmod > to_char(to_timestamp(f.last_fetched) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))) "
          "    OR (f.kind = 0 AND d.kind <> 0)) AS due_now "
          "  FROM d JOIN frontier f ON f.url = d.url "
          "  WHERE f.depth > d.depth OR (d.lastmod IS NOT NULL AND d.lastmod IS DISTINCT FROM f.lastmod) "
          "    OR (d.kind <> 0 AND d.kind <> f.kind)) "
          "UPDATE frontier f SET depth = least(f.depth, w.depth), lastmod = coalesce(w.lastmod, f.lastmod), "
          "  state = CASE WHEN w.due_now THEN 0 ELSE f.state END, "
          "  next_due = CASE WHEN w.due_now THEN least(f.next_due, w.now) ELSE f.next_due END, "
          "  kind = CASE WHEN w.kind <> 0 THEN w.kind ELSE f.kind END "
          "FROM w WHERE f.url = w.url",
          {urls.c_str()});
    }
    if (!done_.empty()) {
      std::sort(done_.begin(), done_.end(),
                [](const nlohmann::json& a, const nlohmann::json& b) { return a["url"] < b["url"]; });
      done_index_.clear();
      for (std::size_t i = 0; i < done_.size(); ++i) done_index_[done_[i]["url"].get<std::string>()] = i;
      const std::string done = done_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      writer_.exec_params(
          "UPDATE frontier f SET state = d.state, lease_owner = NULL, lease_until = NULL, "
          "  next_due = CASE WHEN d.next_due_if_article <> 0 AND EXISTS "
          "    (SELECT 1 FROM pages p WHERE p.key = d.url AND p.is_article) THEN d.next_due_if_article ELSE d.next_due END, "
          "  attempts = CASE WHEN d.failed THEN f.attempts + 1 ELSE 0 END, last_status = d.status, "
          "  last_error = d.error, etag = CASE WHEN d.failed THEN f.etag ELSE d.etag END, "
          "  last_modified = CASE WHEN d.failed THEN f.last_modified ELSE d.last_modified END, last_fetched = d.now "
          "FROM jsonb_to_recordset($1::jsonb) AS d(url text, state smallint, next_due bigint, "
          "  next_due_if_article bigint, failed boolean, "
          "  status integer, error text, etag text, last_modified text, now bigint) "
          "WHERE f.url = d.url",
          {done.c_str()});
      writer_.exec_params(
          "UPDATE pages p SET last_seen = to_timestamp(d.now) "
          "FROM jsonb_to_recordset($1::jsonb) AS d(url text, now bigint, seen boolean) "
          "WHERE d.seen AND p.key = d.url",
          {done.c_str()});
    }
    return added;
  }

  // Runs `work`; when the connection drops, reconnects (then `after_reconnect`) and runs it
  // again, reconnect_attempts_ times at most, waiting a little longer each time for a server that
  // is restarting.
  template <class AfterReconnect, class Work>
  auto with_reconnect(Connection& conn, AfterReconnect&& after_reconnect, Work&& work) -> decltype(work()) {
    std::chrono::milliseconds delay = kFirstReconnectDelay;
    for (int attempt = 0;; ++attempt) {
      try {
        if (attempt > 0) {
          std::this_thread::sleep_for(delay);
          delay = std::min(delay * 2, kMaxReconnectDelay);
          conn.reset();
          after_reconnect();
        }
        return work();
      } catch (const ConnectionLost& lost) {
        if (attempt == reconnect_attempts_) {
          throw StoreError(std::string(lost.what()) + " (gave up after " + std::to_string(reconnect_attempts_) +
                           " reconnects)");
        }
      }
    }
  }

  void migrate() {
    reader_.exec("BEGIN");
    try {
      // Two winnows opening a new database at once: the second waits, then sees the new version.
      reader_.exec("SELECT pg_advisory_xact_lock(7596546785163047)", PGRES_TUPLES_OK);
      reader_.exec("CREATE TABLE IF NOT EXISTS winnow_schema (version integer NOT NULL)");
      Result version = reader_.exec("SELECT coalesce(max(version), 0) FROM winnow_schema", PGRES_TUPLES_OK);
      int current = std::atoi(PQgetvalue(version.get(), 0, 0));
      if (current > kSchemaVersion) {
        throw StoreError(reader_.redacted_uri() + ": the database has schema version " + std::to_string(current) +
                         ", newer than this winnow (" + std::to_string(kSchemaVersion) + "): upgrade winnow");
      }
      if (current < kSchemaVersion) {
        if (current < 1) reader_.exec(kSchemaV1);
        if (current < 2) reader_.exec(kSchemaV2);
        if (current < 3) reader_.exec(kSchemaV3);
        if (current < 4) reader_.exec(kSchemaV4);
        reader_.exec("DELETE FROM winnow_schema");
        std::string target = std::to_string(kSchemaVersion);
        reader_.exec_params("INSERT INTO winnow_schema (version) VALUES ($1::integer)", {target.c_str()});
      }
      reader_.exec("COMMIT");
    } catch (...) {
      reader_.rollback_quietly();
      throw;
    }
  }

  void prepare_reader() {
    reader_.prepare(kLookupName, kLookupSql);
    reader_.prepare(kCandidateTextName, kCandidateTextSql);
  }
  void prepare_writer() { writer_.prepare(kUpsertName, chunk_insert_sql_.c_str()); }

  // The server ended the transaction with the connection: all of the batch goes again.
  void reconnect_writer() {
    in_transaction_ = false;
    in_flight_ = false;
    rows_sent_ = 0;
    prepare_writer();
  }

  // A prepared statement settles on one generic plan after a few runs, with the table's size at
  // that time: planned on an empty table, the lookup would scan the whole table for good. A new
  // plan after each batch follows the table's growth (planning on every write costs 5 times
  // the lookup itself).
  void replan_lookup() {
    reader_.exec("DEALLOCATE winnow_lookup");
    reader_.prepare(kLookupName, kLookupSql);
  }

  std::vector<Candidate> lookup(const PendingRow& row) {
    std::vector<std::optional<std::string>> params(6);
    params[0] = row.values[kKeyParam];
    if (row.has_text) {
      params[1] = row.content_hash;
      for (size_t i = 0; i < 4; ++i) params[2 + i] = row.values[kFirstBandParam + i];
    }
    Result result = reader_.exec_prepared(kLookupName, pointers(params), PGRES_TUPLES_OK);
    std::vector<Candidate> found;
    for (int r = 0, n = PQntuples(result.get()); r < n; ++r) {
      auto text = [&](int column) { return std::string(PQgetvalue(result.get(), r, column)); };
      Candidate c;
      c.kind = std::atoi(PQgetvalue(result.get(), r, 0));
      c.key = text(1);
      c.content_hash = text(2);
      if (!PQgetisnull(result.get(), r, 3)) c.simhash = std::strtoull(PQgetvalue(result.get(), r, 3), nullptr, 16);
      c.duplicate_of = text(4);
      found.push_back(std::move(c));
    }
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) { return a.kind < b.kind; });
    return found;
  }

  // The original (coalesce(duplicate_of, key)) of the first page with the same text, else, for
  // an article, of the first within kMaxNearDistance bits whose text confirms it
  // (kMinNearCopyOverlap: pages that merely share words can have close fingerprints; a site's
  // listings, shops and threads share its vocabulary: only their exact copies count): stored
  // pages before the batch's, as they came first. A stored page that this batch rewrites with
  // other text is no longer a candidate. A stored candidate's text is read only when its
  // fingerprint is close, kMaxNearCopyComparisons texts at most.
  std::string find_duplicate(const PendingRow& row, const std::vector<Candidate>& found) {
    auto usable = [&](const Candidate& c) {
      auto it = batch_index_.find(c.key);
      return (it == batch_index_.end() || batch_[it->second].content_hash == c.content_hash) && c.original() != row.key;
    };
    auto near = [&](std::uint64_t other) { return hamming_distance(other, row.simhash) <= kMaxNearDistance; };
    auto other_page = [&](const PendingRow& e) { return e.has_text && e.key != row.key && e.original() != row.key; };
    for (const Candidate& c : found) {
      if (c.kind == 1 && usable(c)) return c.original();
    }
    for (const PendingRow& e : batch_) {
      if (other_page(e) && e.simhash == row.simhash && e.content_hash == row.content_hash) return e.original();
    }
    if (!row.near_copies) return {};
    std::vector<std::uint64_t> shingles;  // the row's, once a candidate needs them
    int compared = 0;
    auto confirmed = [&](std::string_view other_text) {
      if (shingles.empty()) shingles = word_shingles(row.text());
      ++compared;
      return shingle_overlap(shingles, word_shingles(other_text)) >= kMinNearCopyOverlap;
    };
    for (const Candidate& c : found) {
      if (compared == kMaxNearCopyComparisons) return {};
      if (c.kind >= 2 && usable(c) && near(c.simhash) && confirmed(candidate_text(c.key))) return c.original();
    }
    for (const PendingRow& e : batch_) {
      if (compared == kMaxNearCopyComparisons) return {};
      if (other_page(e) && near(e.simhash) && confirmed(e.text())) return e.original();
    }
    return {};
  }

  // A stored page's text ("" when it has none any more).
  std::string candidate_text(const std::string& key) {
    return with_reconnect(reader_, [&] { after_reader_reconnect(); }, [&] {
      Result result = reader_.exec_prepared(kCandidateTextName, {key.c_str()}, PGRES_TUPLES_OK);
      bool has_text = PQntuples(result.get()) > 0 && !PQgetisnull(result.get(), 0, 0);
      return has_text ? std::string(PQgetvalue(result.get(), 0, 0)) : std::string();
    });
  }

  // Sends the rows that have not gone out yet while write() goes on. A failure leaves the batch
  // to commit(), which sends all of it again and reports what goes wrong.
  void stream() {
    try {
      with_reconnect(writer_, [&] { reconnect_writer(); }, [&] { send_rest(); });
    } catch (const StoreError&) {
      abandon_transaction();
      hold_until_commit_ = true;
    }
  }

  // Opens the batch's transaction when needed, then sends batch_[rows_sent_, end) in chunks,
  // each once the server is done with the one before: the last one may still be running.
  void send_rest() {
    if (!in_transaction_) {
      writer_.exec("BEGIN");
      in_transaction_ = true;
      rows_sent_ = 0;
    }
    std::vector<const char*> values;
    values.reserve(kRowsPerChunk * kParamColumns.size());
    while (rows_sent_ < batch_.size()) {
      size_t rows = std::min(kRowsPerChunk, batch_.size() - rows_sent_);
      values.clear();
      for (size_t r = rows_sent_; r < rows_sent_ + rows; ++r) {
        for (const auto& v : batch_[r].values) values.push_back(v ? v->c_str() : nullptr);
      }
      finish_chunk();
      if (rows == kRowsPerChunk) writer_.send_prepared(kUpsertName, values);
      else writer_.send_params(insert_sql(rows), values);
      in_flight_ = true;
      rows_sent_ += rows;
    }
  }

  // Waits for the chunk on its way, if any.
  void finish_chunk() {
    if (!in_flight_) return;
    in_flight_ = false;
    writer_.finish();
  }

  // Rolls the writer's transaction back; its own failure changes nothing about what is reported.
  void abandon_transaction() {
    try {
      finish_chunk();
    } catch (const StoreError&) {
    }
    if (in_transaction_) writer_.rollback_quietly();
    in_flight_ = false;
    in_transaction_ = false;
    rows_sent_ = 0;
  }

  Connection reader_;
  Connection writer_;
  std::vector<PendingRow> batch_;
  std::unordered_map<std::string, size_t> batch_index_;
  size_t rows_sent_ = 0;        // batch_[0, rows_sent_) are in the writer's open transaction
  bool in_transaction_ = false;
  bool in_flight_ = false;      // the writer's last chunk has not been finished
  bool hold_until_commit_ = false;  // rows wait for commit(), which sends all of them
  const std::string chunk_insert_sql_ = insert_sql(kRowsPerChunk);

  // As a crawl store:
  std::string worker_;
  bool stream_rows_ = true;  // send rows while write() goes on; not for a crawl (see the class)
  int reconnect_attempts_ = kReconnectAttempts;
  nlohmann::json added_ = nlohmann::json::array();  // add_urls() since the last commit
  nlohmann::json done_ = nlohmann::json::array();   // complete(), one per URL
  std::unordered_map<std::string, std::size_t> done_index_;
  std::size_t urls_added_ = 0;
};

// The output columns for the database behind `conn`.
std::string select_list(Connection& conn) {
  Result has = conn.exec(
      "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('pages') AND attname = 'page_type' "
      "AND NOT attisdropped",
      PGRES_TUPLES_OK);
  const bool has_page_type = std::string_view(PQgetvalue(has.get(), 0, 0)) != "0";
  std::string list;
  for (const OutputColumn& c : kOutputColumns) {
    if (!list.empty()) list += ", ";
    list += c.sql == kPageTypeOutput && !has_page_type ? kPageTypeOutputBeforeV4 : c.sql;
  }
  return list;
}

nlohmann::ordered_json row_json(const PGresult* result, int row) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (size_t i = 0; i < kOutputColumns.size(); ++i) {
    const int column = static_cast<int>(i);
    if (PQgetisnull(result, row, column)) continue;
    const OutputColumn& c = kOutputColumns[i];
    const char* value = PQgetvalue(result, row, column);
    switch (c.render) {
      case Render::Text: out[c.name] = value; break;
      case Render::Json: out[c.name] = nlohmann::ordered_json::parse(value, nullptr, false); break;
      case Render::Bool: out[c.name] = value[0] == 't'; break;
      case Render::Int: out[c.name] = std::strtoll(value, nullptr, 10); break;
    }
  }
  return out;
}

}  // namespace

std::string redact_postgres_uri(std::string_view uri) {
  std::string out(uri);
  // postgresql://user:PASSWORD@host...: the user part ends at the last '@' before the query.
  if (size_t scheme = out.find("://"); scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t query = out.find('?', start);
    size_t at = out.rfind('@', query == std::string::npos ? std::string::npos : query);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos)) {
    size_t value = pos + 9;
    size_t end = out.find_first_of("& ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
    pos = value + 3;
  }
  return out;
}

std::unique_ptr<Sink> open_postgres_sink(std::string_view uri) { return std::make_unique<PostgresSink>(uri); }

std::unique_ptr<CrawlStore> open_postgres_crawl_store(std::string_view uri, const std::string& worker) {
  if (worker.empty()) throw StoreError("a crawl store needs a worker name");
  return std::make_unique<PostgresSink>(uri, worker);
}

std::vector<nlohmann::ordered_json> postgres_search(std::string_view uri, std::string_view query, int limit) {
  // The query's syntax is FTS5's, as on SQLite (store/search_query.h); its words are parameters.
  TsQuerySql tsquery = tsquery_sql(valid_utf8(query), 2);
  Connection conn(uri);
  const std::string sql = "SELECT " + select_list(conn) + " FROM pages, (SELECT " + tsquery.sql +
                          ") AS q(query) WHERE search_vector @@ query"
                          " ORDER BY ts_rank(search_vector, query) DESC, key LIMIT $1::bigint";
  std::optional<std::string> max_rows;
  if (limit >= 0) max_rows = std::to_string(limit);
  std::vector<const char*> values = {max_rows ? max_rows->c_str() : nullptr};
  for (const std::string& word : tsquery.words) values.push_back(word.c_str());
  Result result = conn.exec_params(sql, values, PGRES_TUPLES_OK);
  std::vector<nlohmann::ordered_json> rows;
  for (int r = 0, n = PQntuples(result.get()); r < n; ++r) rows.push_back(row_json(result.get(), r));
  return rows;
}

void postgres_export(std::string_view uri, std::string_view since_iso_date, std::string_view site_host,
                     const std::function<void(const nlohmann::ordered_json&)>& each) {
  Connection conn(uri);
  const std::string sql = "DECLARE winnow_export NO SCROLL CURSOR FOR SELECT " + select_list(conn) +
                          " FROM pages WHERE ($1::timestamptz IS NULL OR last_changed >= $1::timestamptz)"
                          " AND ($2::text IS NULL OR hostname = $2::text) ORDER BY key";
  const std::string fetch = "FETCH FORWARD " + std::to_string(kExportFetchRows) + " FROM winnow_export";
  std::optional<std::string> since = text_or_null(since_iso_date);
  std::optional<std::string> site = text_or_null(site_host);
  // A read-only transaction holds the cursor and its snapshot; the connection's end discards
  // both if `each` throws.
  conn.exec("BEGIN READ ONLY");
  conn.exec_params(sql, {since ? since->c_str() : nullptr, site ? site->c_str() : nullptr});
  for (;;) {
    Result batch = conn.exec(fetch.c_str(), PGRES_TUPLES_OK);
    int n = PQntuples(batch.get());
    for (int r = 0; r < n; ++r) each(row_json(batch.get(), r));
    if (n < kExportFetchRows) break;
  }
  conn.exec("COMMIT");
}

}  // namespace winnow::store
