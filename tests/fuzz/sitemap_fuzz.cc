// Fuzz target: sitemap parsing (fetch::parse_sitemap): XML url sets and indexes, text sitemaps,
// feeds given as sitemaps, gzip-compressed or not, and W3C datetimes. The input's length decides
// whether a body that is valid UTF-8 counts as already decoded (as FetchResult::body is) or as
// raw bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/sitemap.h"
#include "fetch/url.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

// A normalized W3C datetime is a valid one, in the form it already has.
void check_normalized_datetime(const std::string& normalized) {
  if (!normalized.empty()) WINNOW_FUZZ_CHECK(fetch::normalize_w3c_datetime(normalized) == normalized);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = fuzz::as_text(data, size);
  // Already decoded means valid UTF-8 (decode_to_utf8 made it so): other bytes break the contract.
  bool decoded_utf8 = size % 2 == 1 && fuzz::is_utf8(body);
  fetch::Sitemap sitemap = fetch::parse_sitemap(body, "https://example.com/maps/sitemap.xml", decoded_utf8);

  WINNOW_FUZZ_CHECK(sitemap.entries.size() <= fetch::kMaxSitemapEntries);
  if (sitemap.kind == fetch::Sitemap::Kind::Unknown) WINNOW_FUZZ_CHECK(sitemap.entries.empty());
  (void)fetch::to_string(sitemap.kind);
  for (const fetch::SitemapEntry& entry : sitemap.entries) {
    WINNOW_FUZZ_CHECK(fuzz::is_http_url(entry.url));
    WINNOW_FUZZ_CHECK(entry.url.size() <= fetch::kMaxUrlBytes);
    check_normalized_datetime(entry.lastmod);
  }

  check_normalized_datetime(fetch::normalize_w3c_datetime(body.substr(0, body.find('\n'))));
  return 0;
}
