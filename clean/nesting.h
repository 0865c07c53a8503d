// A guard in front of the parser, which is not linear in everything a page can hold:
//   - Gumbo's tree construction is quadratic in nesting depth (100 000 nested <div>s take a
//     minute), so pages nested deeper than any real page are flattened first, as browsers do
//     (Chromium's parser stops nesting at 512);
//   - its tokenizer compares each attribute of a tag with all earlier ones (a <div> with 80 000
//     attributes, 1 MB, takes 28 s), and the tree builder merges the attributes of every further
//     <html> or <body> tag into the first one the same way (400 <body> tags of 200 attributes
//     each, 550 KB, take 48 s), so attributes beyond a bound are dropped first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace winnow::clean {

inline constexpr int kMaxNestingDepth = 512;
// The most attributes in one tag of the 1 488 pages of our corpora is 185 (a <div> full of
// data-* settings), the next 71. 256 keeps every real tag whole while a hostile one costs the
// tokenizer at most 256 name comparisons an attribute: linear in the page.
inline constexpr int kMaxAttributesPerElement = 256;

struct MarkupLimits {
  int max_depth = kMaxNestingDepth;
  /// Per tag; for <html> and <body>, whose repeated tags merge into one element, in all their
  /// tags together.
  int max_attributes = kMaxAttributesPerElement;
};

/// Returns `html` bounded for the parser, or nothing when the page is within the limits:
///   - the start and end tags beyond `max_depth` levels of nesting are removed (their content
///     stays, attached to the deepest kept element); elements whose end tag is optional (p, li,
///     td...) and void elements do not count;
///   - a tag's attributes beyond `max_attributes` are removed (the first ones stay).
/// Tags are read as the HTML tokenizer reads them: comments, and the text of script, style,
/// textarea, title... hold none, and quoted attribute values may hold '>'.
std::optional<std::string> bound_markup(std::string_view html, const MarkupLimits& limits = {});

}  // namespace winnow::clean
