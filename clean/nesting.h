// The pass in front of the parser. It bounds what Gumbo is not linear in:
//   - Gumbo's tree construction is quadratic in nesting depth (100 000 nested <div>s take a
//     minute), so pages nested deeper than any real page are flattened first, as browsers do
//     (Chromium's parser stops nesting at 512);
//   - its tokenizer compares each attribute of a tag with all earlier ones (a <div> with 80 000
//     attributes, 1 MB, takes 28 s), and the tree builder merges the attributes of every further
//     <html> or <body> tag into the first one the same way (400 <body> tags of 200 attributes
//     each, 550 KB, take 48 s), so attributes beyond a bound are dropped first.
// And it empties what the cleaner never reads (the prescan): on real pages about half the bytes
// are script and style bodies and comments, which Gumbo tokenizes a character at a time. Their
// tags stay, so the tree keeps its shape.
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

struct MarkupOptions {
  int max_depth = kMaxNestingDepth;
  /// Per tag; for <html> and <body>, whose repeated tags merge into one element, in all their
  /// tags together.
  int max_attributes = kMaxAttributesPerElement;
  /// Empty the text the cleaner never reads (see prepare_markup).
  bool prescan = true;
};

/// Returns `html` prepared for the parser, or nothing when there is nothing to change:
///   - the start and end tags beyond `max_depth` levels of nesting are removed (their content
///     stays, attached to the deepest kept element); elements whose end tag is optional (p, li,
///     td...) and void elements do not count;
///   - a tag's attributes beyond `max_attributes` are removed (the first ones stay);
///   - with `prescan`, the body of every <script> (but JSON-LD, which the cleaner reads) and
///     <style> becomes one character, and every comment becomes empty. A body that was not empty
///     still holds a text node, so the tree has the same nodes; Dom::text() reads such bodies as
///     empty either way, so the cleaner's output is the same with and without the prescan.
/// Tags are read as the HTML tokenizer reads them (HTML Standard 13.2.5): quoted attribute values
/// may hold '>', raw text ends only at its own end tag, script data has its escape states. Where
/// the tree builder alone decides how markup is tokenized (inside <svg> or <math>, in <select>,
/// in a <frameset> page), nothing is emptied; where this pass and the tokenizer could disagree on
/// where something ends, nothing more is emptied on the page.
std::optional<std::string> prepare_markup(std::string_view html, const MarkupOptions& options = {});
/// The same changes made in `html` itself (each one shortens or keeps the markup): no second copy
/// of the page. Returns whether anything changed.
bool prepare_markup_in_place(std::string& html, const MarkupOptions& options = {});

/// Where the text of a <script> starting at `from` ends, as the tokenizer's script data states
/// read it: the '<' of its "</script" end tag, or html.size() when it runs to the end.
size_t script_text_end(std::string_view html, size_t from);

/// Where the text of a raw-text or RCDATA element named `name` (lower case) starting at `from`
/// ends: the '<' of its end tag, or html.size().
size_t raw_text_end(std::string_view html, size_t from, std::string_view name);

}  // namespace winnow::clean
