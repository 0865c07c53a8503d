// Fuzz target: configuration files: the crawl config (config::parse_crawl_config, its URL
// patterns and its round trip through to_toml) and site rules (config::parse_site_rules, then
// their selectors compiled and run on a small page, as `--rules` does). The same input is tried
// as both.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "clean/cleaner.h"
#include "clean/selector.h"
#include "clean/site_rules.h"
#include "config/crawl_config.h"
#include "config/site_rules.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

// Rules are compiled and run on this page for at most this many of a file's hosts.
constexpr std::size_t kRulesRun = 3;
constexpr std::string_view kPage =
    "<html><head><title>A story</title></head><body><nav><a href=/>Home</a></nav>"
    "<main><article class=story><h1 id=title>A story</h1><p class='lead first'>First paragraph, "
    "long enough to be read as text by the cleaner.</p><aside class=related><ul><li><a href=/b>B"
    "</a></li></ul></aside><p data-x=\"1\">Second paragraph with <em>inline</em> words.</p>"
    "</article></main><footer>Footer</footer></body></html>";

void check_round_trip(const config::CrawlConfig& parsed) {
  std::string written = config::to_toml(parsed);
  config::CrawlConfig reread;
  try {
    reread = config::parse_crawl_config(written, "fuzz.toml");
  } catch (const config::ConfigError& e) {
    std::fprintf(stderr, "to_toml wrote a file that does not load: %s\n%s\n", e.what(), written.c_str());
    WINNOW_FUZZ_CHECK(!"to_toml's output loads");
  }
  WINNOW_FUZZ_CHECK(reread == parsed);
}

void exercise_crawl_config(const config::CrawlConfig& parsed) {
  for (const auto* patterns : {&parsed.scope.include, &parsed.scope.exclude}) {
    for (const config::UrlPattern& pattern : *patterns) {
      (void)pattern.matches("https://www.example.com/news/2026/03/story.html?id=7&utm_source=x");
    }
  }
  for (auto kind : {config::RecrawlKind::Article, config::RecrawlKind::Section, config::RecrawlKind::Feed,
                    config::RecrawlKind::Sitemap}) {
    (void)parsed.recrawl_interval(kind, "www.example.com");
  }
  for (int attempt = 1; attempt <= parsed.recrawl.max_attempts && attempt <= 64; ++attempt) {
    (void)parsed.retry_delay(attempt);
  }
}

void run_site_rules(const config::SiteRules& rules) {
  std::optional<clean::CompiledSiteRules> compiled;
  try {
    compiled.emplace(rules);
  } catch (const clean::SelectorError&) {
    return;  // a selector that does not compile: reported to the user by design
  }
  clean::CleanOptions options;
  options.site_rules = &*compiled;
  options.time_budget = std::chrono::milliseconds(0);
  for (std::size_t i = 0; i < rules.sites.size() && i < kRulesRun; ++i) {
    std::string url = "https://" + rules.sites[i].host + "/story.html";
    try {
      (void)clean::clean_html(kPage, url, options);
    } catch (const clean::SelectorError&) {
      // An XPath that fails to evaluate on the page: documented.
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);

  try {
    config::CrawlConfig parsed = config::parse_crawl_config(text, "fuzz.toml");
    exercise_crawl_config(parsed);
    check_round_trip(parsed);
    run_site_rules(parsed.site_rules);
  } catch (const config::ConfigError&) {
  }

  try {
    config::SiteRules rules = config::parse_site_rules(text, "fuzz-rules.toml");
    for (const config::SiteRule& rule : rules.sites) {
      WINNOW_FUZZ_CHECK(rules.for_host(rule.host) != nullptr);
    }
    run_site_rules(rules);
  } catch (const config::ConfigError&) {
  }
  return 0;
}
