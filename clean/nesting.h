// A guard in front of the parser: Gumbo's tree construction is quadratic in nesting depth
// (100 000 nested <div>s take a minute), so pages nested deeper than any real page are
// flattened first, as browsers do (Chromium's parser stops nesting at 512).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace winnow::clean {

inline constexpr int kMaxNestingDepth = 512;

/// Returns `html` with the start and end tags beyond `max_depth` levels of nesting removed (their
/// content stays, attached to the deepest kept element), or nothing when the page is within the
/// limit. Elements whose end tag is optional (p, li, td...) and void elements do not count.
std::optional<std::string> flatten_deep_nesting(std::string_view html, int max_depth = kMaxNestingDepth);

}  // namespace winnow::clean
