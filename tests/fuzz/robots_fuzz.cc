// Fuzz target: robots.txt parsing (fetch::RobotsRules) and path matching. The paths asked about
// are the input's own lines and the values after their colons, so hostile patterns meet the
// hostile paths they were written to match.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "fetch/robots.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

constexpr std::size_t kPathsAsked = 24;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = fuzz::as_text(data, size);
  fetch::RobotsRules rules = fetch::RobotsRules::parse(body, "winnow/1.0");
  fetch::RobotsRules everyone = fetch::RobotsRules::parse(body, "*");

  WINNOW_FUZZ_CHECK(rules.allowed("/robots.txt") && everyone.allowed("/robots.txt"));
  if (rules.crawl_delay) WINNOW_FUZZ_CHECK(std::isfinite(*rules.crawl_delay) && *rules.crawl_delay >= 0);
  std::set<std::string_view> seen;
  // Sitemap URLs are kept as written (any scheme case, curl's lenient slashes): the crawler
  // normalizes them. Only their uniqueness is promised.
  for (const std::string& sitemap : rules.sitemaps) WINNOW_FUZZ_CHECK(seen.insert(sitemap).second);

  std::size_t asked = 0;
  std::string_view rest = body;
  while (!rest.empty() && asked < kPathsAsked) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    (void)rules.allowed(line);
    if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      (void)rules.allowed(value);
      (void)everyone.allowed(value);
    }
    ++asked;
  }

  // The cache's origin key of a line read as a URL.
  if (auto origin = fetch::robots_origin(body.substr(0, body.find('\n')))) {
    WINNOW_FUZZ_CHECK(fuzz::is_http_url(origin->first));
    WINNOW_FUZZ_CHECK(origin->second == origin->first + "/robots.txt");
  }
  return 0;
}
