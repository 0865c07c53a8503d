// Fuzz target: page bytes in, article out, the way `winnow clean` and the crawler take a page:
// charset decoding, the cleaner, then every rendering of the result (text, Markdown, the JSON
// record). The input's length picks one of four option sets, so every seed meets each of them as
// mutations grow and shrink it; the choice depends on nothing else, so a saved input replays alike.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "clean/cleaner.h"
#include "clean/links.h"
#include "clean/site_rules.h"
#include "config/site_rules.h"
#include "fetch/fetcher.h"
#include "store/record.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;
using winnow::fuzz::is_http_url;
using winnow::fuzz::is_utf8;

// The page URL of the option sets that have one; its host has a site rule, so the XPath mirror
// and the selectors run on hostile trees too.
constexpr std::string_view kPageUrl = "https://www.example.com/news/2026/03/story.html?id=7";

const clean::CompiledSiteRules& example_site_rules() {
  static const clean::CompiledSiteRules rules(config::parse_site_rules(R"([[site]]
host = "example.com"
keep = ["article .story-body", "//main//*[@itemprop='articleBody']"]
drop = [".related, aside > ul", "//div[contains(@class,'share')]", "figure figcaption"]
)", "fuzz-rules.toml"));
  return rules;
}

clean::CleanOptions options_for(std::size_t input_size, bool& with_url) {
  clean::CleanOptions options;
  // Deterministic runs: the budget would make a result depend on the machine's speed, and
  // libFuzzer's -timeout reports slow inputs anyway.
  options.time_budget = std::chrono::milliseconds(0);
  with_url = true;
  switch (input_size % 4) {
    case 0:  // `winnow clean FILE` with its defaults
      with_url = false;
      break;
    case 1:  // the crawler: links collected, kept in Markdown
      options.collect_links = true;
      options.keep_links = true;
      break;
    case 2:
      options.focus = clean::Focus::Precision;
      options.keep_tables = false;
      options.site_rules = &example_site_rules();
      break;
    case 3:
      options.focus = clean::Focus::Recall;
      options.keep_captions = true;
      options.keep_comments = true;
      options.collect_links = true;
      options.site_rules = &example_site_rules();
      break;
  }
  return options;
}

void check_strings_are_utf8(const clean::Article& article) {
  const clean::Metadata& m = article.meta;
  for (const std::string* field : {&m.url, &m.canonical_url, &m.title, &m.author, &m.date, &m.date_modified,
                                   &m.site_name, &m.hostname, &m.language, &m.description, &m.image}) {
    WINNOW_FUZZ_CHECK(is_utf8(*field));
  }
  for (const auto& tag : m.tags) WINNOW_FUZZ_CHECK(is_utf8(tag));
  for (const auto& category : m.categories) WINNOW_FUZZ_CHECK(is_utf8(category));
  for (const clean::Block& block : article.blocks) {
    WINNOW_FUZZ_CHECK(is_utf8(block.text));
    for (const auto& cell : block.cells) WINNOW_FUZZ_CHECK(is_utf8(cell));
    for (const clean::Link& link : block.links) WINNOW_FUZZ_CHECK(is_utf8(link.text) && is_utf8(link.href));
  }
}

void check_page_links(const clean::Article& article, const clean::CleanOptions& options) {
  if (!options.collect_links) {
    WINNOW_FUZZ_CHECK(article.page_links.empty() && article.feed_links.empty());
    return;
  }
  WINNOW_FUZZ_CHECK(article.page_links.size() <= clean::kMaxPageLinks);
  WINNOW_FUZZ_CHECK(article.feed_links.size() <= clean::kMaxPageLinks);
  for (const auto* links : {&article.page_links, &article.feed_links}) {
    std::set<std::string_view> seen;
    for (const std::string& link : *links) {
      WINNOW_FUZZ_CHECK(is_http_url(link));
      WINNOW_FUZZ_CHECK(seen.insert(link).second);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = fuzz::as_text(data, size);
  bool with_url = false;
  clean::CleanOptions options = options_for(size, with_url);

  fetch::Decoded page = fetch::decode_to_utf8(bytes);
  WINNOW_FUZZ_CHECK(is_utf8(page.utf8));

  clean::Article article;
  try {
    article = clean::clean_html(page.utf8, with_url ? kPageUrl : std::string_view(), options);
  } catch (const clean::LimitExceeded&) {
    return 0;  // over max_elements: refused by design
  }

  check_strings_are_utf8(article);
  check_page_links(article, options);
  if (!options.keep_links) {
    for (const clean::Block& block : article.blocks) WINNOW_FUZZ_CHECK(block.links.empty());
  }
  std::string text = article.text();
  WINNOW_FUZZ_CHECK(is_utf8(text));
  WINNOW_FUZZ_CHECK(is_utf8(article.markdown()));
  (void)article.word_count();

  // The JSON record is what stores and `--format json` write; dump() throws on ill-formed UTF-8,
  // which the checks above already exclude.
  store::Record record = store::make_record(std::move(article), "fuzz");
  WINNOW_FUZZ_CHECK(record.text == text);
  (void)store::to_json(record).dump();
  return 0;
}
