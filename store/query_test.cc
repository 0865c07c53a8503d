// winnow search on SQLite with hostile queries: FTS5 syntax errors are reported as
// SearchQueryError (a usage error), never crash and never harm the store; SQL in a query is
// only ever data.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "store/query.h"
#include "store/search_query.h"
#include "store/sink.h"
#include "tests/temp_dir.h"

namespace winnow::store {
namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;

using winnow::testing::TempDir;

Record page(const std::string& url, const std::string& title, const std::string& text) {
  clean::Article article;
  article.meta.url = url;
  article.meta.hostname = url.substr(8, url.find('/', 8) - 8);
  article.meta.title = title;
  article.is_article = true;
  clean::Block block;
  block.text = text;
  article.blocks.push_back(block);
  return make_record(std::move(article));
}

// A store of two pages, removed at scope end.
struct SearchStore {
  TempDir dir;
  std::string uri;
  SearchStore() : uri("sqlite:" + (dir.path / "w.db").string()) {
    auto sink = open_sink(uri);
    sink->write(page("https://a.example/talks", "Talks in Moscow",
                     "The delegation discussed negotiating positions late on Tuesday evening."));
    sink->write(page("https://b.example/pumpkin", "Pumpkin prize", "A giant pumpkin won the village prize."));
    sink->commit();
  }
  int pages() const {
    int n = 0;
    export_pages(uri, {}, [&](const nlohmann::ordered_json&) { ++n; });
    return n;
  }
};

// The message of the SearchQueryError `query` throws; "(no error)" or "(other error: ...)"
// when it throws none or another.
std::string query_error(const std::string& uri, std::string_view query) {
  try {
    search_pages(uri, query, 10);
  } catch (const SearchQueryError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("(other error: ") + e.what() + ")";
  }
  return "(no error)";
}

bool one_printable_line(const std::string& message) {
  for (char c : message) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("search: FTS5 syntax errors are reported as query errors, and the store still answers", "[query]") {
  SearchStore store;
  const std::vector<std::string> broken = {
      "\"unbalanced", "AND OR", "NEAR(", "*", "col:", "title:", "nosuch:pumpkin", "(", ")", "NOT",
      "pumpkin AND", "'", "''", "NEAR(a b, -1)", "+", "^", "-pumpkin", "{nosuch}: x",
      std::string("\0", 1), std::string(3000, '('), std::string(2000, '(') + "a" + std::string(2000, ')'),
  };
  for (const std::string& query : broken) {
    INFO(query.substr(0, 40));
    std::string message = query_error(store.uri, query);
    CHECK(message.starts_with("search '"));
    CHECK(one_printable_line(message));
    CHECK(message.size() < 200);
  }
  // The reason, in the user's terms (no "fts5:"), then what a query may hold.
  const std::string hint = " (a query takes words, \"phrases\", AND, OR, NOT, parentheses, prefix*)";
  CHECK(query_error(store.uri, "\"unbalanced") == "search '\"unbalanced': unterminated string" + hint);
  CHECK(query_error(store.uri, "AND OR") == "search 'AND OR': syntax error near \"AND\"" + hint);
  CHECK(query_error(store.uri, "col:") == "search 'col:': unknown column 'col' (a query can name title: or text:)" + hint);
  CHECK(query_error(store.uri, "*").starts_with("search '*': unknown special query"));
  CHECK(query_error(store.uri, std::string(3000, '(')).ends_with("parser stack overflow" + hint));
  for (const std::string& query : broken) CHECK(query_error(store.uri, query).find("fts5") == std::string::npos);
  REQUIRE(search_pages(store.uri, "pumpkin", 10).size() == 1);
  CHECK(store.pages() == 2);
}

TEST_CASE("search: odd queries that FTS5 can read are answered", "[query]") {
  SearchStore store;
  CHECK(search_pages(store.uri, "title:Moscow", 10).size() == 1);
  CHECK(search_pages(store.uri, "{title text}: pumpkin", 10).size() == 1);
  CHECK(search_pages(store.uri, "pump*", 10).size() == 1);
  CHECK(search_pages(store.uri, "\"giant pumpkin\"", 10).size() == 1);
  CHECK(search_pages(store.uri, "NEAR(giant pumpkin, 99999999999)", 10).size() == 1);
  CHECK(search_pages(store.uri, "\"\"", 10).empty());
  CHECK(search_pages(store.uri, "\xff\xfe\x80", 10).empty());  // invalid UTF-8
  CHECK(search_pages(store.uri, "pumpkin\0"sv, 10).size() == 1);
  CHECK(search_pages(store.uri, "pump\0kin"sv, 10).empty());
}

TEST_CASE("search: SQL in a query is data, never run", "[query]") {
  SearchStore store;
  const std::vector<std::string> injections = {
      "pumpkin'); DROP TABLE pages; --",
      "\" OR 1=1 --",
      "x' UNION SELECT sql FROM sqlite_master --",
      "pumpkin; DELETE FROM pages",
      "\"pumpkin\"; DELETE FROM pages; --\"",
  };
  for (const std::string& query : injections) {
    INFO(query);
    try {
      std::vector<nlohmann::ordered_json> hits = search_pages(store.uri, query, 10);
      for (const auto& hit : hits) CHECK(hit.contains("url"));
    } catch (const SearchQueryError&) {
      // a syntax error is fine: it is what FTS5 makes of SQL
    }
  }
  CHECK(store.pages() == 2);
  CHECK(search_pages(store.uri, "pumpkin", 10).size() == 1);
  CHECK(search_pages(store.uri, "negotiating", 10).size() == 1);
}

TEST_CASE("search: queries over the cap are refused before the store is opened", "[query]") {
  SearchStore store;
  std::string words;
  while (words.size() + 8 <= kMaxSearchQueryBytes) words += "pumpkin ";
  CHECK(search_pages(store.uri, words, 10).size() == 1);

  std::string huge;
  while (huge.size() < 100 * 1024) huge += "pumpkin OR ";
  std::string message = query_error(store.uri, huge);
  CHECK(message == "search 'pumpkin OR pumpkin OR pumpkin OR pumpkin OR pumpkin OR pumpk...': the query is "
                   "longer than 4096 bytes");
  CHECK(query_error("sqlite:/nonexistent/dir/w.db", huge).ends_with("longer than 4096 bytes"));
  CHECK(query_error(store.uri, std::string(kMaxSearchQueryBytes + 1, 'a')).ends_with("longer than 4096 bytes"));
}

TEST_CASE("search: the message quotes the query's start on one line, cut at a character", "[query]") {
  SearchStore store;
  CHECK(query_error(store.uri, "\"first line\nsecond\tline") ==
        "search '\"first line second line': unterminated string (a query takes words, \"phrases\", AND, OR, NOT, "
        "parentheses, prefix*)");
  // 59 ASCII bytes, then "é": the quote stops before the character rather than inside it.
  std::string accented = "\"";  // built by appends: GCC 12 warns falsely (-Wrestrict) on chained +
  accented.append(58, 'a').append("\xC3\xA9").append(20, 'b');
  CHECK(query_error(store.uri, accented).starts_with("search '\"" + std::string(58, 'a') + "...': unterminated string"));
}

TEST_CASE("search: a missing or foreign database is a store error, not a query error", "[query]") {
  TempDir dir;
  std::string missing = query_error("sqlite:" + (dir.path / "none.db").string(), "pumpkin");
  CHECK(missing.starts_with("(other error: cannot open "));
  std::ofstream(dir.path / "plain.db") << "";  // an empty file is an empty SQLite database
  CHECK(query_error("sqlite:" + (dir.path / "plain.db").string(), "pumpkin").starts_with("(other error: sqlite: no such"));
  CHECK(query_error("jsonl:-", "pumpkin").starts_with("(other error: "));
  std::string mistyped = query_error("postgresq://winnow:s3cret@db.example/pages", "pumpkin");
  CHECK(mistyped.find("s3cret") == std::string::npos);
  CHECK(mistyped.find("winnow:***@db.example") != std::string::npos);
}

TEST_CASE("export reads a JSON Lines store back: each key's last line, ordered by key", "[query]") {
  TempDir dir;
  std::string uri = "jsonl:" + (dir.path / "w.jsonl").string();
  {
    auto sink = open_sink(uri);
    sink->write(page("https://b.example/2", "Second", "An older text."));
    sink->write(page("https://a.example/1", "First", "The first page."));
    sink->write(page("https://b.example/2", "Second", "The newer text."));
    sink->commit();
  }
  std::vector<std::string> seen;
  export_pages(uri, {}, [&](const nlohmann::ordered_json& p) { seen.push_back(p["url"].get<std::string>() + " " + p["text"].get<std::string>()); });
  CHECK(seen == std::vector<std::string>{"https://a.example/1 The first page.", "https://b.example/2 The newer text."});
  int on_site = 0;
  ExportFilter site;
  site.site = "a.example";
  export_pages(uri, site, [&](const nlohmann::ordered_json&) { ++on_site; });
  CHECK(on_site == 1);
  ExportFilter since;
  since.since = "2026-01-01";
  CHECK_THROWS_AS(export_pages(uri, since, [](const nlohmann::ordered_json&) {}), StoreError);
  CHECK_THROWS_AS(export_pages("jsonl:-", {}, [](const nlohmann::ordered_json&) {}), StoreError);
  CHECK_THROWS_AS(search_pages(uri, "first", 10), StoreError);
}

}  // namespace winnow::store

namespace winnow::store {

// The forms the docs promise (docs: "search"), on SQLite; postgres_sink_test.cc asks PostgreSQL
// the same questions about the same kind of pages.
TEST_CASE("search: words, phrases, AND, OR, NOT and parentheses on SQLite", "[query]") {
  SearchStore store;
  auto hits = [&](std::string_view query) { return search_pages(store.uri, query, 10).size(); };
  CHECK(hits("giant pumpkin") == 1);               // words: all of them
  CHECK(hits("giant Tuesday") == 0);
  CHECK(hits("giant AND pumpkin") == 1);
  CHECK(hits("giant AND Tuesday") == 0);
  CHECK(hits("pumpkin OR Tuesday") == 2);
  CHECK(hits("prize NOT giant") == 0);
  CHECK(hits("village NOT Tuesday") == 1);
  CHECK(hits("\"giant pumpkin\"") == 1);           // a phrase: its words in that order
  CHECK(hits("\"pumpkin giant\"") == 0);
  CHECK(hits("(Moscow OR village) NOT giant") == 1);
  CHECK(hits("and") == 0);                         // lower case: a word, not an operator
}

TEST_CASE("search: the PostgreSQL translation of a query", "[query]") {
  TsQuerySql q = tsquery_sql("giant \"pumpkin prize\" OR village NOT (fair AND parade)", 2);
  CHECK(q.sql ==
        "((plainto_tsquery('simple', $2::text) && phraseto_tsquery('simple', $3::text)) || "
        "(plainto_tsquery('simple', $4::text) && !!(plainto_tsquery('simple', $5::text) && "
        "plainto_tsquery('simple', $6::text))))");
  CHECK(q.words == std::vector<std::string>{"giant", "pumpkin prize", "village", "fair", "parade"});
  // Lower-case operators, punctuation and SQL are words, never SQL.
  q = tsquery_sql("or and not e-mail '; DROP TABLE pages; --");
  CHECK(q.words == std::vector<std::string>{"or", "and", "not", "e-mail", "';", "DROP", "TABLE", "pages;", "--"});
  CHECK(q.sql.find("DROP") == std::string::npos);
  CHECK(tsquery_sql("\"say \"\"hi\"\"\"").words == std::vector<std::string>{"say \"hi\""});

  auto error = [](std::string_view query) {
    try {
      tsquery_sql(query);
    } catch (const SearchQueryError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(error("\"unbalanced") == "search '\"unbalanced': unterminated string");
  CHECK(error("pumpkin OR") == "search 'pumpkin OR': OR needs a word, phrase or parenthesis after it");
  CHECK(error("pumpkin AND NOT x") == "search 'pumpkin AND NOT x': AND needs a word, phrase or parenthesis after it");
  CHECK(error("NOT pumpkin").starts_with("search 'NOT pumpkin': the query cannot start with NOT"));
  CHECK(error("(pumpkin") == "search '(pumpkin': '(' without ')'");
  CHECK(error("pumpkin)") == "search 'pumpkin)': ')' without '('");
  CHECK(error("()").starts_with("search '()': ')' without '('"));
  CHECK(error("   ") == "search '   ': the query has no words");
  CHECK(error(std::string(3000, '(')) .ends_with("parentheses nested too deep"));
  CHECK(error(std::string(60, '(') + "a" + std::string(60, ')')) == "(no error)");
}

}  // namespace winnow::store
