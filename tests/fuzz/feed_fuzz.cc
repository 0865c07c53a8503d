// Fuzz target: feed parsing (fetch::parse_feed and detect_feed_kind): RSS, RDF, Atom and JSON
// Feed, gzip-compressed or not, and their dates. The input's length decides whether a body
// that is valid UTF-8 counts as already decoded (as FetchResult::body is) or as raw bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/feed.h"
#include "fetch/url.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

// A normalized date is a valid one, in the form it already has.
void check_normalized_date(const std::string& normalized) {
  if (!normalized.empty()) WINNOW_FUZZ_CHECK(fetch::normalize_feed_date(normalized) == normalized);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = fuzz::as_text(data, size);
  // Already decoded means valid UTF-8 (decode_to_utf8 made it so): other bytes break the contract.
  bool decoded_utf8 = size % 2 == 1 && fuzz::is_utf8(body);
  fetch::Feed feed = fetch::parse_feed(body, "https://example.com/blog/feed.xml", decoded_utf8);

  WINNOW_FUZZ_CHECK(feed.items.size() <= fetch::kMaxFeedItems);
  (void)fetch::to_string(feed.kind);
  // libxml2's recovering parser passes ill-formed UTF-8 through into text, so titles are
  // checked only when the body had none.
  bool utf8_in = fuzz::is_utf8(body);
  WINNOW_FUZZ_CHECK(!utf8_in || fuzz::is_utf8(feed.title));
  for (const fetch::FeedItem& item : feed.items) {
    WINNOW_FUZZ_CHECK(fuzz::is_http_url(item.url));
    WINNOW_FUZZ_CHECK(item.url.size() <= fetch::kMaxUrlBytes);
    WINNOW_FUZZ_CHECK(!utf8_in || fuzz::is_utf8(item.title));
    check_normalized_date(item.published);
    check_normalized_date(item.updated);
  }

  (void)fetch::detect_feed_kind(body);
  (void)fetch::detect_feed_kind(body, "application/atom+xml; charset=utf-8");
  check_normalized_date(fetch::normalize_feed_date(body.substr(0, body.find('\n'))));
  return 0;
}
