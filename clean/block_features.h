// The facts about each block of a page that tell main content from the rest: its own text (length,
// links, punctuation, what it repeats), where it sits (inside which elements, class and id words of
// its ancestors, in repeated sibling structures, before or after the headline), what the article
// heuristic thought of it, and the page around it. Read by the block classifier
// (clean/block_model.h). Internal to clean/.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "clean/boilerplate.h"
#include "clean/class_words.h"
#include "clean/dom.h"
#include "clean/extract.h"
#include "clean/page_features.h"

namespace winnow::clean {

// X(name): one feature each, in the order of the fitted model's columns. Changing this list means
// refitting the model (bench/fit_models.py).
#define WINNOW_BLOCK_FEATURES(X)                                                                       \
  /* the block's kind */                                                                               \
  X(kind_h1) X(kind_h2) X(kind_h3_plus) X(kind_paragraph) X(kind_list_item) X(kind_quote) X(kind_code)  \
  X(kind_row) X(kind_header_row) X(list_depth)                                                         \
  /* its text */                                                                                       \
  X(chars) X(words) X(link_share) X(away_link_share) X(sentence_ends) X(ends_sentence) X(comma_rate)    \
  X(digit_share) X(upper_share) X(has_year) X(has_price) X(has_clock) X(repeats) X(title_equal)         \
  X(title_overlap)                                                                                     \
  /* residue patterns (clean/block_filters.cc) */                                                      \
  X(is_byline) X(is_dateline) X(is_ad_label) X(is_shortcode) X(is_vote_counter) X(is_fine_print)        \
  X(is_email) X(is_counter)                                                                            \
  /* the elements around it */                                                                         \
  X(in_article) X(in_main) X(in_header) X(in_footer) X(in_aside) X(in_form) X(in_noscript) X(in_button) \
  X(in_li) X(in_table) X(in_figure) X(in_blockquote) X(in_link) X(in_details) X(in_dialog) X(in_section) \
  X(in_dl) X(in_label) X(hidden) X(aria_hidden) X(role_chrome) X(role_main) X(prop_body) X(prop_comment) \
  X(prop_product) X(prop_post)                                                                         \
  /* class and id words: of its three nearest block ancestors, and of any ancestor */                  \
  WINNOW_CLASS_WORD_FEATURES(X, near) WINNOW_CLASS_WORD_FEATURES(X, any)                               \
  /* what the article heuristic removed it as, and whether it chose it */                              \
  X(removed_junk) X(removed_weak) X(removed_tag) X(removed_hidden) X(removed_caption) X(caption_box) X(in_chosen)      \
  X(kept_by_heuristic)                                                                                 \
  /* its containers */                                                                                 \
  X(parent_link_density) X(parent_share) X(grand_link_density) X(grand_share) X(depth)                 \
  X(repeat_count) X(repeat_level) X(repeat_unit_chars) X(repeat_unit_links)                            \
  /* its place */                                                                                      \
  X(position) X(text_before) X(after_h1) X(before_chosen) X(after_chosen) X(since_heading)             \
  /* the page: its type's evidence */                                                                  \
  X(page_chars) X(page_link_density) X(page_article_share) X(page_is_listing) X(page_blocks)           \
  X(type_article) X(type_forum) X(type_product) X(type_collection) X(type_listing) X(type_documentation) \
  X(type_service)

#define WINNOW_CLASS_WORD_FEATURES(X, where)                                                              \
  X(where##_content) X(where##_comment) X(where##_nav) X(where##_header) X(where##_footer)                \
  X(where##_sidebar) X(where##_related) X(where##_share) X(where##_ad) X(where##_overlay) X(where##_meta) \
  X(where##_caption) X(where##_tags) X(where##_product) X(where##_card) X(where##_post) X(where##_doc)    \
  X(where##_toc) X(where##_section) X(where##_hidden) X(where##_tab) X(where##_rating) X(where##_bio)     \
  X(where##_brand) X(where##_account) X(where##_button) X(where##_title) X(where##_signature)

enum BlockFeature : int {
#define WINNOW_ENUM(name) kBlock_##name,
  WINNOW_BLOCK_FEATURES(WINNOW_ENUM)
#undef WINNOW_ENUM
  kBlockFeatureCount
};

extern const char* const kBlockFeatureNames[kBlockFeatureCount];

using BlockFeatures = std::array<float, kBlockFeatureCount>;

/// What the block features need besides the page's segments.
struct BlockContext {
  const Dom& dom;
  const PageAnalysis& pa;          // the article heuristic's analysis (removal reasons, text counts)
  const Metadata& meta;            // title and author, for what a block repeats
  const ExtractTuning& tuning;
  const std::vector<NodeId>& chosen;           // the article heuristic's elements
  const std::vector<Block>& heuristic_blocks;  // and the blocks it kept
  const std::vector<uint32_t>& class_words;  // clean/class_words.h, per node
  const PageFeatures& page;
  const std::array<float, 7>& page_type_scores;  // the page classifier's probabilities, by PageType
};

/// The containers of a block that its neighbours in the page share: the second stage of the block
/// classifier averages the first stage's beliefs over each.
struct BlockPlace {
  NodeId parent = kNoNode;  // of the block's own element
  NodeId grand = kNoNode;
  NodeId unit = kNoNode;    // the nearest ancestor repeated among its siblings (a post, a card)
  /// The block's slot in its unit's template: the tags and classes from the unit down to the
  /// block's element, and its kind. Blocks of sibling units with the same slot play the same part
  /// (every card's headline, every post's date line).
  uint64_t slot = 0;
};

/// One row of features per segment, in segment order, and each segment's place when `places` is
/// given. Linear in the page's size.
std::vector<BlockFeatures> compute_block_features(const std::vector<Segment>& segments, const BlockContext& context,
                                                  std::vector<BlockPlace>* places = nullptr);

}  // namespace winnow::clean
