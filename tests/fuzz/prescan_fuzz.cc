// Fuzz target: the prescan (clean/nesting.h prepare_markup) changes speed, never output. Each
// input is parsed with and without it, and the two must agree:
//   - the trees (clean/dom.h) node for node: tag, kind, parent, extent, and every text and
//     attribute the cleaner can read;
//   - the cleaner's whole result (text, blocks, metadata, page type, links) as its JSON record.
// The prescan must also be idempotent where the limits change nothing (a prepared page prepares
// to itself), and never make a page longer; made in place it must give the same bytes, and the
// cleaner taking the markup (clean_taken_html) the same record. Slow inputs are failures too (tests/fuzz.sh's
// -timeout): the pass is linear.
#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "clean/cleaner.h"
#include "clean/dom.h"
#include "clean/nesting.h"
#include "fetch/fetcher.h"
#include "store/record.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace winnow;

void check_same_trees(std::string_view html) {
  clean::Dom with(html, /*prescan=*/true);
  clean::Dom without(html, /*prescan=*/false);
  WINNOW_FUZZ_CHECK(with.size() == without.size());
  WINNOW_FUZZ_CHECK(with.html() == without.html() && with.head() == without.head() && with.body() == without.body());
  for (clean::NodeId id = 0; id < with.size(); ++id) {
    const clean::Node& a = with[id];
    const clean::Node& b = without[id];
    WINNOW_FUZZ_CHECK(a.tag == b.tag && a.is_text == b.is_text && a.parent == b.parent && a.end == b.end &&
                      a.first_child == b.first_child && a.next_sibling == b.next_sibling);
    WINNOW_FUZZ_CHECK(with.text(id) == without.text(id));
    if (a.is_text) continue;
    WINNOW_FUZZ_CHECK(with.tag_name(id) == without.tag_name(id));
    const GumboVector& attributes_a = a.g->v.element.attributes;
    const GumboVector& attributes_b = b.g->v.element.attributes;
    WINNOW_FUZZ_CHECK(attributes_a.length == attributes_b.length);
    WINNOW_FUZZ_CHECK(a.g->v.element.tag_namespace == b.g->v.element.tag_namespace);
    for (unsigned i = 0; i < attributes_a.length; ++i) {
      const auto* x = static_cast<const GumboAttribute*>(attributes_a.data[i]);
      const auto* y = static_cast<const GumboAttribute*>(attributes_b.data[i]);
      WINNOW_FUZZ_CHECK(std::string_view(x->name) == y->name && std::string_view(x->value) == y->value);
    }
  }
}

std::string cleaned_json(std::string_view html, bool prescan, bool& refused, bool take = false) {
  clean::CleanOptions options;
  options.time_budget = std::chrono::milliseconds(0);  // deterministic: the result may not depend on speed
  options.collect_links = true;
  options.keep_links = true;
  options.prescan = prescan;
  try {
    const char* url = "https://www.example.com/2026/03/story.html";
    clean::Article article = take ? clean::clean_taken_html(std::string(html), url, options)
                                  : clean::clean_html(html, url, options);
    return store::to_json(store::make_record(std::move(article), "fuzz")).dump();
  } catch (const clean::LimitExceeded& e) {
    refused = true;
    return e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The cleaner takes UTF-8: the bytes go through the charset stage first, as in `winnow clean`.
  std::string html = fetch::decode_to_utf8(fuzz::as_text(data, size)).utf8;

  std::optional<std::string> prepared = clean::prepare_markup(html);
  std::string in_place = html;
  WINNOW_FUZZ_CHECK(clean::prepare_markup_in_place(in_place) == prepared.has_value());
  WINNOW_FUZZ_CHECK(in_place == prepared.value_or(html));
  if (prepared) {
    WINNOW_FUZZ_CHECK(prepared->size() <= html.size());
    // Once the limits remove a tag the pass stops emptying, and a second pass, within the limits,
    // would go on: idempotent only where the limits change nothing.
    if (!clean::prepare_markup(html, {.prescan = false})) {
      std::optional<std::string> again = clean::prepare_markup(*prepared);
      WINNOW_FUZZ_CHECK(!again || *again == *prepared);
    }
  }
  check_same_trees(html);

  bool refused_with = false, refused_without = false;
  std::string with = cleaned_json(html, true, refused_with);
  std::string without = cleaned_json(html, false, refused_without);
  WINNOW_FUZZ_CHECK(refused_with == refused_without);
  WINNOW_FUZZ_CHECK(with == without);
  bool refused_taken = false;
  WINNOW_FUZZ_CHECK(cleaned_json(html, true, refused_taken, /*take=*/true) == with);
  WINNOW_FUZZ_CHECK(refused_taken == refused_with);
  return 0;
}
