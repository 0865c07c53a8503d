// Fuzz target: charset decoding of page bytes (fetch::decode_to_utf8) and the pieces it is made
// of. The input's first line is the HTTP Content-Type, the rest the body, so the fuzzer explores
// BOMs, declared charsets, <meta> prescans and ICU detection against each other.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/charset_internal.h"
#include "fetch/fetcher.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;
using winnow::fuzz::is_utf8;

constexpr std::size_t kMaxContentTypeBytes = 256;

bool is_known_source(std::string_view source) {
  return source == "bom" || source == "http" || source == "meta" || source == "detected" || source == "default";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [content_type, body] = fuzz::split_header(fuzz::as_text(data, size), kMaxContentTypeBytes);

  fetch::Decoded decoded = fetch::decode_to_utf8(body, content_type);
  WINNOW_FUZZ_CHECK(is_utf8(decoded.utf8));
  WINNOW_FUZZ_CHECK(!decoded.charset.empty());
  WINNOW_FUZZ_CHECK(is_known_source(decoded.source));
  // Bytes that are UTF-8 already come out as they went in, BOM aside: re-encoding must not alter
  // a page that needed no decoding.
  if (decoded.charset == "UTF-8" && decoded.source != "bom" && is_utf8(body)) {
    WINNOW_FUZZ_CHECK(decoded.utf8 == body);
  }

  namespace internal = fetch::charset_internal;
  WINNOW_FUZZ_CHECK(internal::is_valid_utf8(body) == is_utf8(body));
  std::string label = internal::charset_from_content_type(content_type);
  if (auto encoding = internal::lookup_label(label)) WINNOW_FUZZ_CHECK(encoding->name && encoding->icu_name);
  (void)internal::lookup_label(content_type);
  (void)internal::prescan_meta_charset(body);
  return 0;
}
