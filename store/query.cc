#include "store/query.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "store/postgres_sink.h"

namespace winnow::store {
namespace {

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Db open_read_only(std::string_view uri) {
  if (!uri.starts_with("sqlite:")) {
    // A mistyped postgresql:// URI still carries its password.
    throw StoreError("export reads sqlite:, postgresql:// and jsonl: stores, search sqlite: and postgresql:// ones; '" +
                     redact_postgres_uri(uri) + "' is none of them");
  }
  std::string path(uri.substr(7));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) throw StoreError("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw StoreError(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  return Stmt(raw, &sqlite3_finalize);
}

// The schema's columns in output order (row_json renders them). A row stored before page_type
// existed has NULL there: it was an article when is_article says so, and is of no known type
// otherwise. A database no writer has opened since then has no such column at all.
std::string columns(sqlite3* db) {
  Stmt has = prepare(db, "SELECT count(*) FROM pragma_table_info('pages') WHERE name = 'page_type'");
  bool has_page_type = sqlite3_step(has.get()) == SQLITE_ROW && sqlite3_column_int(has.get(), 0) > 0;
  std::string page_type = has_page_type ? "coalesce(pages.page_type, CASE WHEN pages.is_article THEN 'article' END)"
                                        : "CASE WHEN pages.is_article THEN 'article' END";
  return "pages.url, pages.canonical_url, pages.title, pages.author, pages.date, pages.date_modified, "
         "pages.site_name, pages.hostname, pages.language, pages.description, pages.image, pages.tags, "
         "pages.categories, " + page_type + " AS page_type, pages.is_article, pages.text, pages.word_count, "
         "pages.content_hash, pages.simhash, pages.fetch_status, pages.fetched_at, pages.etag, "
         "pages.last_modified, pages.key, pages.first_seen, pages.last_seen, pages.last_changed, pages.duplicate_of";
}

nlohmann::ordered_json row_json(sqlite3_stmt* s) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  int n = sqlite3_column_count(s);
  for (int i = 0; i < n; ++i) {
    std::string name = sqlite3_column_name(s, i);
    int type = sqlite3_column_type(s, i);
    if (type == SQLITE_NULL) continue;
    if (name == "is_article") {
      out[name] = sqlite3_column_int(s, i) != 0;
    } else if (type == SQLITE_INTEGER) {
      out[name == "fetch_status" ? "status" : name] = sqlite3_column_int64(s, i);
    } else if (type == SQLITE_FLOAT) {
      out[name] = sqlite3_column_double(s, i);
    } else {
      std::string text(reinterpret_cast<const char*>(sqlite3_column_text(s, i)),
                       static_cast<size_t>(sqlite3_column_bytes(s, i)));
      if (name == "tags" || name == "categories") {
        out[name] = nlohmann::ordered_json::parse(text, nullptr, false);
      } else {
        out[name] = std::move(text);
      }
    }
  }
  return out;
}

// The query as a message may quote it: its first bytes, on one line.
// What a query may hold, after the reason FTS5 gives for one it cannot read.
constexpr const char* kSearchSyntaxHint =
    " (a query takes words, \"phrases\", AND, OR, NOT, parentheses, prefix*)";

std::string quoted_query(std::string_view query) {
  constexpr std::size_t kShownBytes = 60;
  std::size_t end = std::min(query.size(), kShownBytes);
  while (end > 0 && end < query.size() && (static_cast<unsigned char>(query[end]) & 0xC0) == 0x80) --end;
  std::string shown;
  for (char c : query.substr(0, end)) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  if (end < query.size()) shown += "...";
  return "search '" + shown + "'";
}

// A JSON Lines store holds every write, a line each: the last line of a key is the page, as a
// database keeps the last write of a key. It keeps no change times to filter on.
void export_json_lines(std::string_view uri, const ExportFilter& filter,
                       const std::function<void(const nlohmann::ordered_json&)>& each) {
  std::string path(uri.substr(6));
  if (path.empty() || path == "-") throw StoreError("jsonl: export reads a file; '" + std::string(uri) + "' names none");
  if (!filter.since.empty()) {
    throw StoreError("a JSON Lines store keeps no change times: filter by date on sqlite: or postgresql:// stores");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StoreError("cannot open " + path + ": " + std::strerror(errno));
  std::map<std::string, nlohmann::ordered_json> pages;
  std::string line;
  for (long number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    nlohmann::ordered_json page = nlohmann::ordered_json::parse(line, nullptr, false);
    if (!page.is_object()) throw StoreError(path + ":" + std::to_string(number) + ": not a JSON object");
    if (!filter.site.empty() && page.value("hostname", "") != filter.site) continue;
    std::string key = page.value("url", "");
    if (key.empty()) key = page.value("canonical_url", "");
    if (key.empty()) key = page.value("source", "");
    pages[key] = std::move(page);
  }
  if (in.bad()) throw StoreError("cannot read " + path + ": " + std::strerror(errno));
  for (const auto& [key, page] : pages) each(page);
}

}  // namespace

static bool is_postgres(std::string_view uri) { return uri.starts_with("postgresql://") || uri.starts_with("postgres://"); }

void export_pages(std::string_view uri, const ExportFilter& filter,
                  const std::function<void(const nlohmann::ordered_json&)>& each) {
  if (is_postgres(uri)) return postgres_export(uri, filter.since, filter.site, each);
  if (uri.starts_with("jsonl:")) return export_json_lines(uri, filter, each);
  Db db = open_read_only(uri);
  std::string sql = "SELECT " + columns(db.get()) + " FROM pages WHERE (?1 IS NULL OR last_changed >= ?1) "
                    "AND (?2 IS NULL OR hostname = ?2) ORDER BY key";
  Stmt s = prepare(db.get(), sql);
  if (!filter.since.empty()) sqlite3_bind_text(s.get(), 1, filter.since.c_str(), -1, SQLITE_TRANSIENT);
  if (!filter.site.empty()) sqlite3_bind_text(s.get(), 2, filter.site.c_str(), -1, SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) each(row_json(s.get()));
  if (rc != SQLITE_DONE) throw StoreError(std::string("sqlite: ") + sqlite3_errmsg(db.get()));
}

std::vector<nlohmann::ordered_json> search_pages(std::string_view uri, std::string_view query, int limit) {
  if (query.size() > kMaxSearchQueryBytes) {
    throw SearchQueryError(quoted_query(query) + ": the query is longer than " +
                           std::to_string(kMaxSearchQueryBytes) + " bytes");
  }
  if (is_postgres(uri)) return postgres_search(uri, query, limit);
  Db db = open_read_only(uri);
  std::string sql = "SELECT " + columns(db.get()) +
                    ", bm25(pages_fts) AS rank FROM pages_fts JOIN pages ON pages.rowid = pages_fts.rowid "
                    "WHERE pages_fts MATCH ?1 ORDER BY rank LIMIT ?2";
  Stmt s = prepare(db.get(), sql);
  sqlite3_bind_text(s.get(), 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(s.get(), 2, limit);
  std::vector<nlohmann::ordered_json> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    nlohmann::ordered_json row = row_json(s.get());
    row.erase("rank");
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    std::string reason = sqlite3_errmsg(db.get());
    // FTS5 reports what it cannot parse as a plain SQLITE_ERROR; a busy, damaged or unreadable
    // database has codes of its own.
    if ((rc & 0xff) == SQLITE_ERROR) {
      // "fts5: syntax error near ..." is SQLite's wording; the user wrote a search, not SQL.
      if (reason.starts_with("fts5: ")) reason.erase(0, 6);
      if (reason.starts_with("no such column: ")) {
        reason = "unknown column '" + reason.substr(16) + "' (a query can name title: or text:)";
      }
      throw SearchQueryError(quoted_query(query) + ": " + reason + kSearchSyntaxHint);
    }
    throw StoreError(quoted_query(query) + ": " + reason);
  }
  return out;
}

}  // namespace winnow::store
