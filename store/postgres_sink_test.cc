// The PostgreSQL sink against a real server: tests/postgres_test.sh starts one and sets
// WINNOW_TEST_PG_URI. Without it, the tests that need a server pass with a warning.
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/lookalike_page_test.h"
#include "store/postgres_sink.h"
#include "store/query.h"

namespace winnow::store {
namespace {

const std::string kHarbourStory =
    "The harbour authority approved a plan on Wednesday to deepen the main shipping channel, a "
    "project that has been debated for more than a decade by fishermen, shipping companies and "
    "environmental groups. Dredging will begin next spring and is expected to last two years, "
    "according to the authority's director, who told reporters that larger container vessels "
    "would be able to dock without waiting for the tide. Opponents fear that the work will stir "
    "up sediment and harm the oyster beds along the eastern shore, and a coalition of local "
    "associations said it would ask a court to review the decision. The city council welcomed the "
    "vote, saying the port supports thousands of jobs and that the region cannot afford to fall "
    "behind its competitors along the coast. Funding comes mostly from the national "
    "infrastructure programme, with the remainder covered by port fees over twenty years.";

const std::string kGardenStory =
    "Volunteers planted four hundred fruit trees in the old railway yard over the weekend, turning "
    "a strip of gravel into the beginnings of a community orchard with apples, pears and plums.";

std::optional<std::string> server_uri() {
  const char* uri = std::getenv("WINNOW_TEST_PG_URI");
  if (uri == nullptr || *uri == '\0') return std::nullopt;
  return std::string(uri);
}

#define WINNOW_NEEDS_SERVER(uri)                                                                  \
  const std::optional<std::string> uri = server_uri();                                          \
  if (!uri) {                                                                                   \
    WARN("WINNOW_TEST_PG_URI is not set: run tests/postgres_test.sh for the PostgreSQL tests"); \
    SUCCEED();                                                                                  \
    return;                                                                                     \
  }

Record page(const std::string& url, const std::string& text, const std::string& title = "Harbour plan") {
  clean::Article a;
  a.meta.url = url;
  a.meta.hostname = url.substr(8, url.find('/', 8) - 8);
  a.meta.title = title;
  a.is_article = !text.empty();
  if (!text.empty()) {
    clean::Block b;
    b.text = text;
    a.blocks.push_back(b);
  }
  return make_record(std::move(a));
}

Record typed(Record r, clean::PageType type) {
  r.article.page_type = type;
  r.article.is_article = type == clean::PageType::Article;
  return r;
}

std::string replace_word(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

// A connection of the test's own, to look at what the sink stored.
class Inspector {
 public:
  /// Connects to the URI's database, or to `other_database` on the same server.
  explicit Inspector(const std::string& uri, const char* other_database = nullptr) {
    const char* keywords[] = {"dbname", other_database ? "dbname" : nullptr, nullptr};
    const char* values[] = {uri.c_str(), other_database, nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    INFO(PQerrorMessage(conn_));
    REQUIRE(PQstatus(conn_) == CONNECTION_OK);
    PQclear(PQexec(conn_, "SET client_min_messages = warning"));
  }
  ~Inspector() { PQfinish(conn_); }
  Inspector(const Inspector&) = delete;
  Inspector& operator=(const Inspector&) = delete;

  /// The first column of the first row ("" when there is none or it is NULL).
  std::string value(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
    ExecStatusType status = PQresultStatus(r);
    std::string error = PQresultErrorMessage(r);
    std::string out = status == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    INFO(sql << ": " << error);
    REQUIRE((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK));
    return out;
  }
  long long count(const std::string& where = "true", const std::vector<std::string>& params = {}) {
    return std::stoll(value("SELECT count(*) FROM pages WHERE " + where, params));
  }
  /// Starts from an empty database.
  void drop_store() { value("DROP TABLE IF EXISTS pages, frontier, crawl_hosts, winnow_schema"); }
  /// Ends every other session on this database and waits until they are gone.
  int terminate_other_sessions() {
    return std::stoi(value(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') t"));
  }
  /// Waits until no other session is connected (a killed client's server process finishing).
  bool wait_for_no_other_sessions() {
    for (int i = 0; i < 1000; ++i) {
      if (value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                "pid <> pg_backend_pid() AND backend_type = 'client backend'") == "0") {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

 private:
  PGconn* conn_;
};

// Distinct synthetic words, so that pages share no text and no fingerprint by accident.
std::string synthetic_text(int seed, int words) {
  std::uint64_t state = static_cast<std::uint64_t>(seed) * 0x9E3779B97F4A7C15ull + 1;
  std::string text;
  for (int w = 0; w < words; ++w) {
    if (w > 0) text += ' ';
    for (int letters = 0; letters < 6; ++letters) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      text += static_cast<char>('a' + (state >> 33) % 26);
    }
  }
  return text;
}

// YYYY-MM-DDTHH:MM:SSZ (std::regex would do, but trips GCC 12's warnings under ASan).
bool is_utc_seconds(const std::string& s) {
  const std::string shape = "0000-00-00T00:00:00Z";
  if (s.size() != shape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool ok = shape[i] == '0' ? s[i] >= '0' && s[i] <= '9' : s[i] == shape[i];
    if (!ok) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("postgres: passwords never reach messages", "[postgres]") {
  CHECK(redact_postgres_uri("postgresql://winnow:s3cret@db.example:5432/pages") ==
        "postgresql://winnow:***@db.example:5432/pages");
  CHECK(redact_postgres_uri("postgres://winnow@db.example/pages?password=s3cret&sslmode=require") ==
        "postgres://winnow@db.example/pages?password=***&sslmode=require");
  CHECK(redact_postgres_uri("postgresql://db.example:5432/pages") == "postgresql://db.example:5432/pages");
  CHECK(redact_postgres_uri("postgresql://u:p%40ss@h/d?application_name=x") == "postgresql://u:***@h/d?application_name=x");
  // Nothing listens on port 1 of the loopback address: the connection is refused at once.
  try {
    open_postgres_sink("postgresql://winnow:s3cret@127.0.0.1:1/pages");
    FAIL("connected to port 1");
  } catch (const StoreError& e) {
    std::string message = e.what();
    CHECK(message.find("s3cret") == std::string::npos);
    CHECK(message.find("winnow:***@127.0.0.1:1") != std::string::npos);
    CHECK(message.find("127.0.0.1") != std::string::npos);
  }
  CHECK_THROWS_AS(postgres_search("postgresql://winnow:s3cret@127.0.0.1:1/pages", "x", 1), StoreError);
}

TEST_CASE("postgres: the schema is created once, versioned, and a newer one is refused", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  { open_postgres_sink(*uri); }
  { open_postgres_sink(*uri); }
  CHECK(db.value("SELECT string_agg(version::text, ',') FROM winnow_schema") == "4");
  CHECK(db.value("SELECT attstorage FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'search_vector'") ==
        "e");
  CHECK(db.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'pages' AND indexdef LIKE '%USING gin (search_vector)%'") ==
        "1");
  CHECK(db.value("SELECT count(*) FROM pg_indexes WHERE tablename = 'pages' AND indexdef LIKE '%simhash_band%'") == "8");
  CHECK(db.value("SELECT count(*) FROM pg_indexes WHERE tablename IN ('frontier', 'crawl_hosts')") == "6");
  CHECK(db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'pages' AND column_name = "
                 "'simhash_band3'") == "integer");
  CHECK(db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'pages' AND column_name = "
                 "'tags'") == "jsonb");
  CHECK(open_postgres_sink(*uri)->uri() == *uri);
  db.value("UPDATE winnow_schema SET version = 99");
  CHECK_THROWS_WITH(open_postgres_sink(*uri), Catch::Contains("newer"));
}

TEST_CASE("postgres: a version 1 database is upgraded on open, its rows kept", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  {
    auto sink = open_postgres_sink(*uri);
    sink->write(page("https://v1.example/harbour", kHarbourStory));
    sink->commit();
  }
  // What version 1 left: the tsvector stored the default way.
  db.value("ALTER TABLE pages ALTER COLUMN search_vector SET STORAGE EXTENDED");
  db.value("UPDATE winnow_schema SET version = 1");
  auto sink = open_postgres_sink(*uri);
  CHECK(db.value("SELECT string_agg(version::text, ',') FROM winnow_schema") == "4");
  CHECK(db.value("SELECT attstorage FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'search_vector'") ==
        "e");
  CHECK(sink->write(page("https://v1.example/harbour", kHarbourStory)) == WriteOutcome::Unchanged);
  CHECK(sink->write(page("https://v1.example/garden", kGardenStory)) == WriteOutcome::New);
  sink->commit();
  CHECK(db.count() == 2);
  CHECK(postgres_search(*uri, "oyster", 10).size() == 1);
  CHECK(postgres_search(*uri, "orchard", 10).size() == 1);
}

TEST_CASE("postgres: a version 3 database gains page_type in place, its rows kept", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  {
    auto sink = open_postgres_sink(*uri);
    sink->write(page("https://v3.example/harbour", kHarbourStory));
    sink->write(typed(page("https://v3.example/news", kGardenStory, "Garden news"), clean::PageType::Listing));
    sink->commit();
  }
  // What version 3 left: no page_type column.
  db.value("ALTER TABLE pages DROP COLUMN page_type");
  db.value("UPDATE winnow_schema SET version = 3");
  auto export_rows = [&] {
    std::map<std::string, nlohmann::ordered_json> rows;
    postgres_export(*uri, "", "", [&](const nlohmann::ordered_json& row) { rows[row["key"]] = row; });
    return rows;
  };
  // Export and search read a version 3 database as it is: an article is known by is_article.
  auto before = export_rows();
  REQUIRE(before.size() == 2);
  CHECK(before["https://v3.example/harbour"]["page_type"] == "article");
  CHECK_FALSE(before["https://v3.example/news"].contains("page_type"));
  CHECK(postgres_search(*uri, "oyster", 10).at(0)["page_type"] == "article");

  auto sink = open_postgres_sink(*uri);
  CHECK(db.value("SELECT string_agg(version::text, ',') FROM winnow_schema") == "4");
  CHECK(db.count() == 2);
  CHECK(db.count("page_type IS NULL") == 2);
  // The same text written again: the row had no type, so it takes the record's (both columns).
  CHECK(sink->write(typed(page("https://v3.example/news", kGardenStory, "Garden news"), clean::PageType::Listing)) ==
        WriteOutcome::Unchanged);
  sink->commit();
  CHECK(db.count("key = 'https://v3.example/news' AND page_type = 'listing' AND NOT is_article") == 1);
  CHECK(db.count("key = 'https://v3.example/harbour' AND page_type IS NULL AND is_article") == 1);
  // Once typed, a row follows the text as the other fields do: the same text keeps its type.
  CHECK(sink->write(page("https://v3.example/news", kGardenStory, "Garden news")) == WriteOutcome::Unchanged);
  sink->commit();
  CHECK(db.count("key = 'https://v3.example/news' AND page_type = 'listing' AND NOT is_article") == 1);
  CHECK(sink->write(typed(page("https://v3.example/news", kGardenStory + " More trees.", "Garden news"),
                          clean::PageType::Collection)) == WriteOutcome::Changed);
  sink->commit();
  CHECK(db.count("key = 'https://v3.example/news' AND page_type = 'collection' AND NOT is_article") == 1);
  auto after = export_rows();
  CHECK(after["https://v3.example/harbour"]["page_type"] == "article");
  CHECK(after["https://v3.example/news"]["page_type"] == "collection");
  CHECK(postgres_search(*uri, "orchard", 10).at(0)["page_type"] == "collection");
}

TEST_CASE("postgres: one row per key; New, Unchanged and Changed set the timestamps", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  const std::string weather = "Rain is expected across the north on Friday, with sunshine returning on Sunday.";
  CHECK(sink->write(page("https://a.example/harbour", kHarbourStory)) == WriteOutcome::New);
  CHECK(sink->write(page("https://a.example/weather", weather, "Weather")) == WriteOutcome::New);
  sink->commit();
  CHECK(db.count() == 2);
  CHECK(db.count("first_seen = last_seen AND last_seen = last_changed") == 2);

  Record again = page("https://a.example/harbour", kHarbourStory, "A retitled harbour plan");
  again.etag = "\"v2\"";
  again.status = 200;
  CHECK(sink->write(again) == WriteOutcome::Unchanged);
  const std::string forecast = "Snow is now expected across the north on Friday, the forecasters said.";
  CHECK(sink->write(page("https://a.example/weather", forecast, "Weather")) == WriteOutcome::Changed);
  sink->commit();
  CHECK(db.count() == 2);
  const std::string harbour = "key = 'https://a.example/harbour'";
  const std::string weather_row = "key = 'https://a.example/weather'";
  CHECK(db.count(harbour + " AND last_seen > first_seen AND last_changed = first_seen") == 1);
  CHECK(db.count(harbour + " AND etag = '\"v2\"' AND fetch_status = 200 AND title = 'Harbour plan'") == 1);
  CHECK(db.count(weather_row + " AND last_changed > first_seen AND last_changed = last_seen") == 1);
  CHECK(db.count(weather_row + " AND text = $1", {forecast}) == 1);

  // Two writes of one key in a batch: the last one is stored, as one row.
  CHECK(sink->write(page("https://a.example/garden", "First draft of the garden story.")) == WriteOutcome::New);
  CHECK(sink->write(page("https://a.example/garden", kGardenStory)) == WriteOutcome::Changed);
  sink->commit();
  CHECK(db.count() == 3);
  CHECK(db.count("key = 'https://a.example/garden' AND text = $1", {kGardenStory}) == 1);
}

TEST_CASE("postgres: exact and near duplicates point to the first page; empty text never does", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  const std::string edited = replace_word(kHarbourStory, "Wednesday", "Tuesday");
  const std::string edited_twice = replace_word(replace_word(kHarbourStory, "spring", "summer"), "court", "judge");
  REQUIRE(hamming_distance(simhash64(kHarbourStory), simhash64(edited)) <= 3);
  REQUIRE(hamming_distance(simhash64(kHarbourStory), simhash64(edited_twice)) <= 3);
  REQUIRE(hamming_distance(simhash64(kHarbourStory), simhash64(kGardenStory)) > 3);

  auto sink = open_postgres_sink(*uri);
  CHECK(sink->write(page("https://wire.example/harbour", kHarbourStory)) == WriteOutcome::New);
  CHECK(sink->write(page("https://paper-a.example/copy", kHarbourStory)) == WriteOutcome::Duplicate);
  CHECK(sink->write(page("https://paper-b.example/edited", edited)) == WriteOutcome::Duplicate);
  CHECK(sink->write(page("https://paper-c.example/garden", kGardenStory)) == WriteOutcome::New);
  CHECK(sink->write(page("https://empty.example/1", "")) == WriteOutcome::New);
  CHECK(sink->write(page("https://empty.example/2", "")) == WriteOutcome::New);
  sink->commit();
  // Against stored rows this time, not the batch.
  CHECK(sink->write(page("https://paper-d.example/copy", kHarbourStory)) == WriteOutcome::Duplicate);
  CHECK(sink->write(page("https://paper-e.example/edited", edited_twice)) == WriteOutcome::Duplicate);
  CHECK(sink->write(page("https://empty.example/3", "")) == WriteOutcome::New);
  sink->commit();

  CHECK(db.count() == 9);
  CHECK(db.count("duplicate_of = 'https://wire.example/harbour'") == 4);
  CHECK(db.count("duplicate_of IS NULL") == 5);
  CHECK(db.count("key LIKE 'https://empty.example/%' AND duplicate_of IS NULL AND text IS NULL") == 3);
  CHECK(db.count("key = 'https://paper-b.example/edited' AND duplicate_of = 'https://wire.example/harbour'") == 1);

  // A copy that gets text of its own is a copy no longer.
  CHECK(sink->write(page("https://paper-a.example/copy", synthetic_text(1, 80))) == WriteOutcome::Changed);
  sink->commit();
  CHECK(db.count("key = 'https://paper-a.example/copy' AND duplicate_of IS NULL") == 1);
}

TEST_CASE("postgres: near copies count for articles, other pages only as exact copies", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  const std::string other_front = replace_word(kHarbourStory, "Wednesday", "Tuesday");
  REQUIRE(hamming_distance(simhash64(kHarbourStory), simhash64(other_front)) <= 3);
  auto listing = [](Record r) {
    r.article.page_type = clean::PageType::Listing;
    r.article.is_article = false;
    return r;
  };
  auto sink = open_postgres_sink(*uri);
  CHECK(sink->write(listing(page("https://a.example/section/world", kHarbourStory))) == WriteOutcome::New);
  CHECK(sink->write(listing(page("https://a.example/section/europe", other_front))) == WriteOutcome::New);
  sink->commit();
  // Against stored rows too.
  CHECK(sink->write(listing(page("https://a.example/section/asia", other_front))) == WriteOutcome::Duplicate);
  CHECK(sink->write(listing(page("https://a.example/section/africa",
                                 replace_word(kHarbourStory, "spring", "summer")))) == WriteOutcome::New);
  CHECK(sink->write(page("https://b.example/story", replace_word(kHarbourStory, "court", "judge"))) ==
        WriteOutcome::Duplicate);
  sink->commit();
  CHECK(db.count("key = 'https://a.example/section/europe' AND duplicate_of IS NULL") == 1);
  CHECK(db.count("key = 'https://a.example/section/africa' AND duplicate_of IS NULL") == 1);
  CHECK(db.count("key = 'https://b.example/story' AND duplicate_of IS NOT NULL") == 1);
}

TEST_CASE("postgres: a simhash candidate is a near copy only when its text overlaps", "[postgres]") {
  using namespace testing;
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  // Two stories of about 250 words that share a site's footer and nothing else, fingerprints 3
  // bits apart or less: the second was marked a copy of the first.
  const std::string lookalike = lookalike_of(kLongStory, 238);
  REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(lookalike)) <= 3);
  REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(story_one_sentence_changed())) <= 3);
  REQUIRE(hamming_distance(simhash64(kLongStory), simhash64(story_other_footer())) <= 3);
  {
    // Against stored rows: the candidates' text is read from the table.
    auto sink = open_postgres_sink(*uri);
    CHECK(sink->write(page("https://coast.example/railway", kLongStory)) == WriteOutcome::New);
    sink->commit();
    CHECK(sink->write(page("https://coast.example/other-story", lookalike)) == WriteOutcome::New);
    CHECK(sink->write(page("https://paper.example/railway", story_one_sentence_changed())) == WriteOutcome::Duplicate);
    CHECK(sink->write(page("https://gazette.example/railway", story_other_footer())) == WriteOutcome::Duplicate);
    sink->commit();
    CHECK(db.count("key = 'https://coast.example/other-story' AND duplicate_of IS NULL") == 1);
    CHECK(db.count("duplicate_of = 'https://coast.example/railway'") == 2);
  }
  db.drop_store();
  {
    // Within one batch: the candidates are rows waiting in it.
    auto sink = open_postgres_sink(*uri);
    CHECK(sink->write(page("https://coast.example/railway", kLongStory)) == WriteOutcome::New);
    CHECK(sink->write(page("https://coast.example/other-story", lookalike)) == WriteOutcome::New);
    CHECK(sink->write(page("https://paper.example/railway", story_one_sentence_changed())) == WriteOutcome::Duplicate);
    CHECK(sink->write(page("https://gazette.example/railway", story_other_footer())) == WriteOutcome::Duplicate);
    sink->commit();
    CHECK(db.count("key = 'https://coast.example/other-story' AND duplicate_of IS NULL") == 1);
    CHECK(db.count("duplicate_of = 'https://coast.example/railway'") == 2);
  }
}

TEST_CASE("postgres: search ranks title matches first, and any query is valid", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  {
    auto sink = open_postgres_sink(*uri);
    sink->write(page("https://b.example/fair", "The village fair had music, a parade and one pumpkin stall.", "Village fair"));
    sink->write(page("https://a.example/pumpkin", "A giant pumpkin won the village prize.", "Pumpkin prize"));
    sink->write(page("https://c.example/harbour", kHarbourStory));
    sink->commit();
  }
  auto hits = postgres_search(*uri, "pumpkin", 10);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0]["url"] == "https://a.example/pumpkin");
  CHECK(hits[1]["url"] == "https://b.example/fair");
  CHECK(hits[0]["title"] == "Pumpkin prize");
  CHECK(postgres_search(*uri, "pumpkin", 1).size() == 1);
  // The syntax of SQLite's FTS5 (query_test.cc asks SQLite the same): words, "phrases", AND, OR,
  // NOT, parentheses. websearch_to_tsquery, used before, read AND and NOT as words to find.
  auto count = [&](const char* query) { return postgres_search(*uri, query, -1).size(); };
  CHECK(count("giant pumpkin") == 1);
  CHECK(count("giant AND pumpkin") == 1);
  CHECK(count("giant AND parade") == 0);
  CHECK(count("pumpkin NOT parade") == 1);
  CHECK(count("pumpkin NOT giant") == 1);
  CHECK(count("pumpkin OR oyster") == 3);
  CHECK(count("village OR harbour") == 3);
  CHECK(count("\"oyster beds\"") == 1);
  CHECK(count("\"beds oyster\"") == 0);
  CHECK(count("(parade OR giant) NOT music") == 1);
  CHECK(count("pumpkin -parade") == 1);  // no operator (FTS5 has none either): the word "parade"
  for (const char* odd : {"!!&&||:*", "'; DROP TABLE pages; --", "\xff\xfe", "pumpkin*", "title:pumpkin", "or and not"}) {
    INFO(odd);
    CHECK_NOTHROW(postgres_search(*uri, odd, 10));
  }
  for (const char* broken : {"\"unbalanced", "pumpkin AND (or -", "", "pumpkin OR", "NOT pumpkin", ")"}) {
    INFO(broken);
    CHECK_THROWS_AS(postgres_search(*uri, broken, 10), SearchQueryError);
  }
  CHECK(db.count() == 3);
}

TEST_CASE("postgres: export streams the output schema by key, filtered by date and site", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  std::vector<Record> records;
  for (int i = 0; i < 1203; ++i) {  // more than two cursor fetches
    std::string host = i % 3 == 0 ? "a.example" : "b.example";
    Record r = page("https://" + host + "/" + std::to_string(10000 + i), synthetic_text(i, 40), "Page " + std::to_string(i));
    r.article.meta.tags = {"one", "two"};
    r.article.meta.author = "A. Writer";
    r.status = 200;
    r.etag = "\"e" + std::to_string(i) + "\"";
    if (i % 5 == 0) r = typed(std::move(r), clean::PageType::Forum);
    records.push_back(std::move(r));
  }
  {
    auto sink = open_postgres_sink(*uri);
    for (const Record& r : records) sink->write(r);
    sink->commit();
  }
  std::sort(records.begin(), records.end(),
            [](const Record& a, const Record& b) { return record_key(a) < record_key(b); });
  std::vector<nlohmann::ordered_json> rows;
  postgres_export(*uri, "", "", [&](const nlohmann::ordered_json& row) { rows.push_back(row); });
  REQUIRE(rows.size() == records.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    nlohmann::ordered_json stored = rows[i];
    CHECK(stored["key"] == record_key(records[i]));
    CHECK(is_utc_seconds(stored["first_seen"].get<std::string>()));
    CHECK(stored["last_changed"] == stored["first_seen"]);
    CHECK_FALSE(stored.contains("duplicate_of"));
    for (const char* own : {"key", "first_seen", "last_seen", "last_changed"}) stored.erase(own);
    CHECK(stored.dump() == to_json(records[i]).dump());
  }

  db.value("UPDATE pages SET last_changed = '2020-03-01T12:00:00Z' WHERE key LIKE 'https://b.example/%'");
  int recent = 0, since_2019 = 0, site_a = 0, site_b_recent = 0;
  postgres_export(*uri, "2024-01-01", "", [&](const nlohmann::ordered_json&) { ++recent; });
  postgres_export(*uri, "2019-06-01", "", [&](const nlohmann::ordered_json&) { ++since_2019; });
  postgres_export(*uri, "", "a.example", [&](const nlohmann::ordered_json& row) {
    ++site_a;
    CHECK(row["hostname"] == "a.example");
  });
  postgres_export(*uri, "2024-01-01", "b.example", [&](const nlohmann::ordered_json&) { ++site_b_recent; });
  CHECK(recent == 401);
  CHECK(since_2019 == 1203);
  CHECK(site_a == 401);
  CHECK(site_b_recent == 0);
  CHECK_THROWS_AS(postgres_export(*uri, "not a date", "", [](const nlohmann::ordered_json&) {}), StoreError);
}

TEST_CASE("postgres: 10 000 records in batches of 500", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  auto started = std::chrono::steady_clock::now();
  for (int n = 0; n < 10000; ++n) {
    CHECK(sink->write(page("https://bulk.example/" + std::to_string(n), synthetic_text(n, 60))) == WriteOutcome::New);
    if (n % 500 == 499) sink->commit();
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  WARN("10 000 records written and committed in " << seconds << " s");
  CHECK(db.count() == 10000);
  CHECK(db.count("duplicate_of IS NOT NULL") == 0);
  CHECK(db.count("simhash ~ '^[0-9a-f]{16}$' AND word_count = 60 AND is_article") == 10000);
}

TEST_CASE("postgres: a dropped connection is re-established and no record is lost", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  auto write_range = [&](int from, int to) {
    for (int n = from; n < to; ++n) sink->write(page("https://drop.example/" + std::to_string(n), synthetic_text(n, 30)));
  };
  write_range(0, 100);
  sink->commit();
  write_range(100, 200);
  REQUIRE(db.terminate_other_sessions() == 2);  // between the writes and the commit: reader and writer
  sink->commit();
  CHECK(db.count() == 200);

  write_range(200, 250);
  REQUIRE(db.terminate_other_sessions() == 2);  // between two writes
  write_range(250, 350);                         // a chunk goes out on a new connection
  REQUIRE(db.terminate_other_sessions() == 2);  // with its transaction
  sink->commit();
  CHECK(db.count() == 350);
  CHECK(db.count("first_seen = last_seen") == 350);
}

TEST_CASE("postgres: a server that stays away fails the commit, and the batch waits for it", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  // A database cannot lock itself out: a session on another one does.
  Inspector admin(*uri, "template1");
  const std::string name = db.value("SELECT current_database()");
  auto allow_connections = [&](bool allow) {
    admin.value(admin.value("SELECT format('ALTER DATABASE %I WITH ALLOW_CONNECTIONS ' || $2, $1::text)",
                            {name, allow ? "true" : "false"}));
  };
  auto sink = open_postgres_sink(*uri);
  sink->write(page("https://away.example/1", kHarbourStory));
  sink->write(page("https://away.example/2", kGardenStory));
  allow_connections(false);
  CHECK(db.terminate_other_sessions() == 2);  // not REQUIRE: connections must be allowed again below
  std::string message;
  try {
    sink->commit();
  } catch (const StoreError& e) {
    message = e.what();
  }
  allow_connections(true);
  CHECK(message.find("gave up after 3 reconnects") != std::string::npos);
  CHECK(message.find("not currently accepting connections") != std::string::npos);
  CHECK(db.count() == 0);
  sink->commit();  // the same batch, once the server is back
  CHECK(db.count() == 2);
}

TEST_CASE("postgres: an uncommitted batch is dropped; odd bytes are stored, not refused", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  {
    auto sink = open_postgres_sink(*uri);
    Record odd = page("https://odd.example/1", kGardenStory, std::string("Nul\0title", 9));
    odd.etag = "\"\xff\xfe\"";
    odd.article.meta.tags = {"caf\xe9"};
    sink->write(odd);
    // Keys that differ only in bytes that are not UTF-8 are the same row.
    CHECK(sink->write(page("https://odd.example/3\xff", "Three.")) == WriteOutcome::New);
    CHECK(sink->write(page("https://odd.example/3\xfe", "Three.")) == WriteOutcome::Unchanged);
    sink->commit();
    sink->write(page("https://odd.example/2", kHarbourStory));
  }  // destroyed without commit
  CHECK(db.count() == 2);
  CHECK(db.count("key = $1", {"https://odd.example/3\xEF\xBF\xBD"}) == 1);
  db.value("DELETE FROM pages WHERE key LIKE 'https://odd.example/3%'");
  CHECK(db.value("SELECT title FROM pages") == "Nultitle");
  CHECK(db.value("SELECT etag FROM pages") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(db.value("SELECT tags->>0 FROM pages") == "caf\xEF\xBF\xBD");
}

TEST_CASE("postgres: a key written again after its chunk went out is stored as if written once", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  CHECK(sink->write(page("https://twice.example/harbour", kHarbourStory)) == WriteOutcome::New);
  sink->commit();
  db.value("UPDATE pages SET first_seen = first_seen - interval '1 day', last_seen = last_seen - interval '1 day', "
           "last_changed = last_changed - interval '1 day'");

  // Other text first, then the stored text again with another title, 250 rows apart: the rows
  // in between go to the server in chunks, the first version with them.
  CHECK(sink->write(page("https://twice.example/harbour", kGardenStory, "Garden")) == WriteOutcome::Changed);
  for (int n = 0; n < 250; ++n) {
    CHECK(sink->write(page("https://twice.example/" + std::to_string(n), synthetic_text(n, 30))) == WriteOutcome::New);
  }
  CHECK(sink->write(page("https://twice.example/harbour", kHarbourStory, "Retitled")) == WriteOutcome::Changed);
  // And a key of the batch's second chunk, twice more.
  CHECK(sink->write(page("https://twice.example/150", kGardenStory, "Garden")) == WriteOutcome::Changed);
  CHECK(sink->write(page("https://twice.example/150", synthetic_text(150, 30))) == WriteOutcome::Changed);
  sink->commit();

  CHECK(db.count() == 251);
  // Against the stored row, the last version is unchanged text: the stored title and times stay.
  const std::string harbour = "key = 'https://twice.example/harbour'";
  CHECK(db.count(harbour + " AND text = $1 AND title = 'Harbour plan'", {kHarbourStory}) == 1);
  CHECK(db.count(harbour + " AND last_changed = first_seen AND last_seen > first_seen") == 1);
  CHECK(db.count("key = 'https://twice.example/150' AND text = $1 AND title = 'Harbour plan'", {synthetic_text(150, 30)}) ==
        1);
  CHECK(db.count("duplicate_of IS NOT NULL") == 0);
}

TEST_CASE("postgres: a chunk the server refuses fails the commit, which keeps the batch", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  db.value("ALTER TABLE pages ADD CONSTRAINT winnow_test_refuse CHECK (title <> 'Refused')");
  for (int n = 0; n < 250; ++n) {
    std::string title = n == 10 ? "Refused" : "Page " + std::to_string(n);
    sink->write(page("https://refuse.example/" + std::to_string(n), synthetic_text(n, 30), title));
  }
  CHECK_THROWS_WITH(sink->commit(), Catch::Contains("winnow_test_refuse"));
  CHECK(db.count() == 0);
  db.value("ALTER TABLE pages DROP CONSTRAINT winnow_test_refuse");
  sink->write(page("https://refuse.example/250", synthetic_text(250, 30)));
  sink->commit();
  CHECK(db.count() == 251);
  CHECK(db.count("title = 'Refused'") == 1);
}

TEST_CASE("postgres: odd bytes travel in chunks as in the commit", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  auto sink = open_postgres_sink(*uri);
  for (int n = 0; n < 230; ++n) {
    std::string text = synthetic_text(n, 30);
    text[7] = '\0';
    text[20] = '\xff';
    Record r = page("https://chunks.example/" + std::to_string(n) + "\xfe", text, std::string("Nul\0title", 9));
    r.etag = "\"\xc3\"";
    r.article.meta.tags = {"caf\xe9", "tab\tand\nnewline\\"};
    sink->write(r);
  }
  sink->commit();
  CHECK(db.count() == 230);
  CHECK(db.count("key LIKE 'https://chunks.example/%\xEF\xBF\xBD'") == 230);
  CHECK(db.count("title = 'Nultitle' AND etag = $1", {"\"\xEF\xBF\xBD\""}) == 230);
  CHECK(db.count("position($1 in text) = 20", {"\xEF\xBF\xBD"}) == 230);
  CHECK(db.count("position(chr(9) in tags->>1) = 4 AND tags->>0 = $1", {"caf\xEF\xBF\xBD"}) == 230);
}

TEST_CASE("postgres: a writer killed with SIGKILL leaves whole batches", "[postgres]") {
  WINNOW_NEEDS_SERVER(uri);
  Inspector db(*uri);
  db.drop_store();
  { open_postgres_sink(*uri); }  // schema in place before the race starts
  auto key = [](int n) {
    std::string digits = std::to_string(n);
    return "https://kill.example/" + std::string(5 - digits.size(), '0') + digits;
  };
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      auto sink = open_postgres_sink(*uri);
      for (int n = 0; n < 10000; ++n) {
        sink->write(page(key(n), synthetic_text(n, 50)));
        if (n % 100 == 99) sink->commit();
      }
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  for (int i = 0; i < 6000 && db.count() < 1000; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(db.wait_for_no_other_sessions());
  long long rows = db.count();
  INFO(rows << " rows after the kill");
  CHECK(rows >= 1000);
  CHECK(rows < 10000);
  CHECK(rows % 100 == 0);
  CHECK(db.count("text IS NULL OR title IS NULL OR content_hash IS NULL OR simhash IS NULL OR "
                 "simhash_band0 IS NULL OR word_count <> 50") == 0);
  // Whole batches are the first ones: keys 0 .. rows-1 and nothing else.
  CHECK(db.value("SELECT max(key) FROM pages") == key(static_cast<int>(rows) - 1));
  auto sink = open_postgres_sink(*uri);
  sink->write(page("https://kill.example/after", kGardenStory));
  sink->commit();
  CHECK(db.count() == rows + 1);
}

}  // namespace winnow::store
