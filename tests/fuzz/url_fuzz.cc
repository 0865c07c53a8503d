// Fuzz target: URL normalization and link resolution (fetch/url.h) and the robots origin of a URL.
// The input is "PAGE_URL\nBASE_HREF\nHREF" (the href keeps any further newlines: they are
// whitespace that resolution must clean).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fetch/robots.h"
#include "fetch/url.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

std::string_view take_line(std::string_view& rest) {
  std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

// What normalize_url promises of its result: an http(s) URL within the size limit that is its
// own normal form (otherwise one page gets two frontier keys).
void check_normal_form(const std::optional<std::string>& url) {
  if (!url) return;
  WINNOW_FUZZ_CHECK(fuzz::is_http_url(*url));
  WINNOW_FUZZ_CHECK(url->size() <= fetch::kMaxUrlBytes);
  WINNOW_FUZZ_CHECK(url->find_first_of(" \t\r\n#") == std::string::npos);
  std::optional<std::string> again = fetch::normalize_url(*url);
  WINNOW_FUZZ_CHECK(again && *again == *url);
  WINNOW_FUZZ_CHECK(!fetch::url_host(*url).empty());
  WINNOW_FUZZ_CHECK(fetch::robots_origin(*url).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = fuzz::as_text(data, size);
  std::string_view page_url = take_line(rest);
  std::string_view base_href = take_line(rest);
  std::string_view href = rest;

  std::string error;
  std::optional<std::string> page = fetch::normalize_url(page_url, &error);
  WINNOW_FUZZ_CHECK(page || !error.empty());
  check_normal_form(page);
  check_normal_form(fetch::normalize_url(href));
  check_normal_form(fetch::resolve_link(page_url, base_href, href));
  if (page) check_normal_form(fetch::resolve_link(*page, base_href, href));

  (void)fetch::url_host(page_url);
  (void)fetch::url_host(href);
  if (auto origin = fetch::robots_origin(page_url)) WINNOW_FUZZ_CHECK(fuzz::is_http_url(origin->first));
  return 0;
}
