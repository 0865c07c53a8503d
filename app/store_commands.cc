#include "app/store_commands.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string_view>

#include "app/verbosity.h"
#include "store/query.h"

namespace winnow::app {
namespace {

std::string field(const nlohmann::ordered_json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// --since takes a day (YYYY-MM-DD) or a time in the form the stores write (YYYY-MM-DDTHH:MM:SSZ,
// UTC): SQLite compares it with last_changed as text, which only these forms make right, and
// PostgreSQL reads both as timestamptz. Anything else was compared as it came ("2024/01/01",
// "2024-13-45", "garbage") and gave a wrong or empty export with exit 0.
bool is_since_value(std::string_view text) {
  constexpr std::string_view kDay = "0000-00-00", kTime = "0000-00-00T00:00:00Z";
  if (text.size() != kDay.size() && text.size() != kTime.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kTime[i] == '0' ? !digit : text[i] != kTime[i]) return false;
  }
  auto field = [&](std::size_t at, std::size_t length) {
    unsigned value = 0;
    std::from_chars(text.data() + at, text.data() + at + length, value);  // digits only, checked above
    return value;
  };
  using namespace std::chrono;
  year_month_day day{year{static_cast<int>(field(0, 4))}, month{field(5, 2)}, std::chrono::day{field(8, 2)}};
  if (field(0, 4) == 0 || !day.ok()) return false;  // leap years are std::chrono's to know
  return text.size() == kDay.size() || (field(11, 2) < 24 && field(14, 2) < 60 && field(17, 2) < 60);
}

}  // namespace

int run_export_command(const ExportCommandOptions& options) {
  // "json" is JSON Lines too, as `clean --format json` prints several pages.
  const bool json_lines = options.format == "jsonl" || options.format == "json";
  if (!json_lines && options.format != "text" && options.format != "markdown") {
    spdlog::error("export: unknown --format '{}' (expected jsonl, json, text or markdown)", options.format);
    return 2;
  }
  if (!options.since.empty() && !is_since_value(options.since)) {
    spdlog::error("export: --since '{}' is not a date: expected YYYY-MM-DD (a day, e.g. 2024-02-29) or "
                  "YYYY-MM-DDTHH:MM:SSZ (a UTC time, as in last_changed)",
                  options.since);
    return 2;
  }
  std::size_t pages = 0;
  try {
    store::export_pages(options.store, {options.since, options.site}, [&](const nlohmann::ordered_json& row) {
      ++pages;
      if (json_lines) {
        print(row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      } else if (options.format == "markdown") {
        print("# " + field(row, "title") + "\n\n<" + field(row, "key") + ">\n\n" + field(row, "text") + "\n\n");
      } else {
        print(field(row, "text") + "\n\n");
      }
    });
  } catch (const std::exception& e) {
    spdlog::error("export: {}", e.what());
    return 4;
  }
  std::fflush(stdout);
  if (std::ferror(stdout)) {
    spdlog::error("export: cannot write to standard output");
    return 1;
  }
  // -v: how many, on stderr (stdout holds the pages only).
  if (verbosity() == Verbosity::Verbose) std::fprintf(stderr, "exported %zu pages\n", pages);
  return 0;
}

int run_search_command(const SearchCommandOptions& options) {
  if (options.query.empty()) {
    spdlog::error("search: empty query");
    return 2;
  }
  std::vector<nlohmann::ordered_json> hits;
  try {
    hits = store::search_pages(options.store, options.query, options.limit);
  } catch (const store::SearchQueryError& e) {
    spdlog::error("{}", e.what());  // a query the store cannot read: the user's to fix
    return 2;
  } catch (const store::StoreError& e) {
    spdlog::error("search: {}", e.what());
    return 4;
  }
  int rank = 0;
  for (const auto& hit : hits) {
    std::printf("%d. %s\n   %s\n", ++rank, field(hit, "title").c_str(), field(hit, "key").c_str());
  }
  // stdout carries the matches only: a script reads an empty output as none.
  if (hits.empty() && verbosity() != Verbosity::Quiet) std::fprintf(stderr, "no match\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace winnow::app
