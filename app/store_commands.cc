#include "app/store_commands.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "store/query.h"

namespace winnow::app {
namespace {

std::string field(const nlohmann::ordered_json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

}  // namespace

int run_export_command(const ExportCommandOptions& options) {
  if (options.format != "jsonl" && options.format != "text" && options.format != "markdown") {
    spdlog::error("unknown --format {} (expected jsonl, text or markdown)", options.format);
    return 2;
  }
  try {
    store::export_pages(options.store, {options.since, options.site}, [&](const nlohmann::ordered_json& row) {
      if (options.format == "jsonl") {
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
  return std::ferror(stdout) ? 1 : 0;
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
  if (hits.empty()) std::printf("no match\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace winnow::app
