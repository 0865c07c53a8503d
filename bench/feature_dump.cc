// Writes what winnow's classifiers see of each page, for bench/fit_models.py to fit them:
//
//   feature_dump OUT.jsonl FILE...
//   feature_dump --explain FILE [URL [RULES.toml]]   (what the classifiers made of one page)
//
// The first line names the features ({"page_features": [...], "block_features": [...]}); then one
// line a page: {"page": NAME, "text": the heuristic's text, "features": [...page...],
// "blocks": [{"kind": K, "text": T, "features": [...]}, ...]}. Pages are read and decoded as
// `winnow clean FILE` reads them (gzip, charset), without a URL.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "crawl/page_input.h"
#include "clean/inspection.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"

namespace {

using json = nlohmann::json;
namespace clean = winnow::clean;

json compact(const float* values, size_t n) {
  json out = json::array();
  for (size_t i = 0; i < n; ++i) {
    float v = values[i];
    if (v == 0.0f) out.push_back(0);
    else if (v == 1.0f) out.push_back(1);
    else out.push_back(std::round(static_cast<double>(v) * 10000.0) / 10000.0);
  }
  return out;
}

std::string stem(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (const char* suffix : {".gz", ".html", ".htm"}) {
    std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) name.resize(name.size() - s.size());
  }
  return name;
}

}  // namespace

// Prints what the classifiers made of one page: its type beliefs, then each block with its
// probability and whether the content rules kept it ("+") or not.
int explain(const char* path, const char* url, const char* rules_path) {
  winnow::crawl::LoadedPage page = winnow::crawl::load_page(path, {});
  if (!page.ok()) {
    std::fprintf(stderr, "feature_dump: %s: %s\n", path, page.error.c_str());
    return 1;
  }
  clean::CleanOptions options;
  std::optional<clean::CompiledSiteRules> rules;
  if (rules_path != nullptr) {
    rules.emplace(winnow::config::load_site_rules(rules_path));
    options.site_rules = &*rules;
  }
  clean::PageInspection inspection;
  clean::Article article = clean::clean_page(page.utf8, url, options, &inspection);
  std::printf("page type %s:", std::string(clean::page_type_name(article.page_type)).c_str());
  for (size_t t = 0; t < clean::kPageTypeCount; ++t) {
    std::printf(" %s %.2f", std::string(clean::page_type_name(clean::kPageTypes[t])).substr(0, 4).c_str(),
                static_cast<double>(inspection.type_probabilities[t]));
  }
  std::printf("\n");
  for (size_t b = 0; b < inspection.segments.size(); ++b) {
    std::string text = inspection.segments[b].block.text.substr(0, 100);
    std::printf("%c %.2f %s\n", b < inspection.kept.size() && inspection.kept[b] ? '+' : ' ',
                b < inspection.probabilities.size() ? static_cast<double>(inspection.probabilities[b]) : -1.0, text.c_str());
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 3 && argc <= 5 && std::string(argv[1]) == "--explain") {
    return explain(argv[2], argc > 3 ? argv[3] : "", argc > 4 ? argv[4] : nullptr);
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: feature_dump OUT.jsonl FILE...\n       feature_dump --explain FILE [URL [RULES.toml]]\n");
    return 2;
  }
  std::ofstream out(argv[1]);
  json names = {{"page_features", json::array()}, {"block_features", json::array()}};
  for (const char* n : clean::kPageFeatureNames) names["page_features"].push_back(n);
  for (const char* n : clean::kBlockFeatureNames) names["block_features"].push_back(n);
  out << names.dump() << '\n';
  int failed = 0;
  for (int i = 2; i < argc; ++i) {
    winnow::crawl::LoadedPage page = winnow::crawl::load_page(argv[i], {});
    if (!page.ok()) {
      std::fprintf(stderr, "feature_dump: %s: %s\n", argv[i], page.error.c_str());
      ++failed;
      continue;
    }
    clean::CleanOptions options;
    options.time_budget = std::chrono::milliseconds(0);
    clean::PageInspection inspection;
    clean::Article article = clean::clean_page(page.utf8, "", options, &inspection);
    json line = {{"page", stem(argv[i])}, {"text", article.text()}, {"url", article.meta.url.empty() ? article.meta.canonical_url : article.meta.url}};
    line["features"] = compact(inspection.page.data(), inspection.page.size());
    json blocks = json::array();
    for (size_t b = 0; b < inspection.segments.size(); ++b) {
      const clean::Block& block = inspection.segments[b].block;
      const clean::BlockPlace& place = inspection.places[b];
      blocks.push_back({{"kind", static_cast<int>(block.kind)}, {"text", block.text},
                        {"place", {place.parent, place.grand, place.unit, std::to_string(place.slot)}},
                        {"features", compact(inspection.blocks[b].data(), inspection.blocks[b].size())}});
    }
    line["blocks"] = std::move(blocks);
    out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
  return failed ? 1 : 0;
}
