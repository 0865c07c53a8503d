// Metadata accuracy against a Readability-style corpus: each directory holds source.html and
// expected-metadata.json (title, byline, publishedTime, siteName).
//
//   metadata_eval CORPUS_DIR [-v]
//
// The expected values are Mozilla Readability's own output, so bylines are compared leniently
// (case, whitespace, a leading "By", and "; " versus ", " between several names). Readability
// keeps " - Site" title suffixes that winnow strips: "title*" also counts a title that equals the
// expected one less a part behind a separator.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "clean/dom.h"
#include "clean/metadata.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using winnow::clean::Dom;
using winnow::clean::Metadata;

constexpr const char* kPageUrl = "http://fakehost/test/page.html";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string normalize_ws(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      space = !out.empty();
      i += nbsp ? 1 : 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string normalize_byline(std::string_view s) {
  std::string out = normalize_ws(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.starts_with("by ")) out.erase(0, 3);
  for (size_t at; (at = out.find("; ")) != std::string::npos;) out.replace(at, 2, ", ");
  return out;
}

struct Field {
  const char* name;
  int total = 0;
  int correct = 0;
};

struct Counts {
  Field title{"title"}, title_unsuffixed{"title*"}, byline{"byline"}, date{"date"},
      site{"site name"};
};

/// True when `expected` is `got` plus a site part behind a separator ("Story | Site").
bool equals_less_site_part(const std::string& expected, const std::string& got) {
  if (got.empty() || expected.size() <= got.size()) return expected == got;
  for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // "}) {
    if (expected.starts_with(got) && expected.compare(got.size(), sep.size(), sep) == 0)
      return true;
    if (expected.ends_with(got) && expected.size() >= got.size() + sep.size() &&
        expected.compare(expected.size() - got.size() - sep.size(), sep.size(), sep) == 0) {
      return true;
    }
  }
  return false;
}

void score(Field& field, bool ok, bool verbose, const std::string& page, const std::string& want,
           const std::string& got) {
  ++field.total;
  if (ok) {
    ++field.correct;
  } else if (verbose) {
    std::printf("%-28s %-9s want [%s]\n%-28s %-9s got  [%s]\n", page.c_str(), field.name,
                want.c_str(), "", "", got.c_str());
  }
}

std::string string_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void evaluate_page(const fs::path& dir, bool verbose, Counts& counts) {
  json expected = json::parse(read_file(dir / "expected-metadata.json"), nullptr, false);
  if (expected.is_discarded() || !expected.is_object()) return;
  std::string html = read_file(dir / "source.html");
  Dom dom(html);
  Metadata meta = winnow::clean::extract_metadata(dom, kPageUrl);
  std::string page = dir.filename().string();

  std::string title = normalize_ws(string_or_empty(expected, "title"));
  std::string got_title = normalize_ws(meta.title);
  score(counts.title, title == got_title, verbose, page, title, meta.title);
  score(counts.title_unsuffixed, equals_less_site_part(title, got_title), false, page, title,
        got_title);
  if (std::string byline = string_or_empty(expected, "byline"); !byline.empty()) {
    score(counts.byline, normalize_byline(byline) == normalize_byline(meta.author), verbose, page,
          normalize_ws(byline), meta.author);
  }
  if (std::string date = string_or_empty(expected, "publishedTime"); !date.empty()) {
    score(counts.date,
          date.substr(0, 10) == meta.date.substr(0, std::min<size_t>(10, meta.date.size())),
          verbose, page, date, meta.date);
  }
  if (std::string site = string_or_empty(expected, "siteName"); !site.empty()) {
    score(counts.site, normalize_ws(site) == normalize_ws(meta.site_name), verbose, page, site,
          meta.site_name);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-v") {
      verbose = true;
    } else {
      corpus = arg;
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "usage: metadata_eval CORPUS_DIR [-v]\n");
    return 2;
  }
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "expected-metadata.json") &&
        fs::exists(entry.path() / "source.html")) {
      dirs.push_back(entry.path());
    }
  }
  if (ec || dirs.empty()) {
    std::fprintf(stderr, "metadata_eval: no pages under %s\n", corpus.c_str());
    return 1;
  }
  std::sort(dirs.begin(), dirs.end());
  Counts counts;
  for (const fs::path& dir : dirs) evaluate_page(dir, verbose, counts);

  std::printf("pages: %zu\n", dirs.size());
  for (const Field* f :
       {&counts.title, &counts.title_unsuffixed, &counts.byline, &counts.date, &counts.site}) {
    double pct = f->total ? 100.0 * f->correct / f->total : 0.0;
    std::printf("%-10s %3d / %3d  %5.1f%%\n", f->name, f->correct, f->total, pct);
  }
  return 0;
}
