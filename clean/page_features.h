// The facts of a whole page that tell its type: structured-data types, URL shape, repeated
// sibling structures, post and comment markup, code blocks, forms and prices. Computed in one pass
// over the flat DOM; read by the page-type classifier (clean/page_type.h) and, as page context,
// by the block classifier. Internal to clean/.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clean/boilerplate.h"
#include "clean/dom.h"
#include "clean/extract.h"

namespace winnow::clean {

// X(name): one feature each, in the order of the fitted models' columns. Counts are log1p'd,
// shares are 0..1, flags 0 or 1. Changing this list means refitting both models
// (bench/fit_models.py).
#define WINNOW_PAGE_FEATURES(X)                                                                      \
  /* URL shape */                                                                                    \
  X(url_known) X(url_depth) X(url_root) X(url_slug_words) X(url_long_number) X(url_date) X(url_query)             \
  X(url_article_word) X(url_doc_word) X(url_forum_word) X(url_product_word) X(url_collection_word)   \
  X(url_service_word) X(url_listing_word)                                                            \
  /* structured data: JSON-LD @type and microdata itemtype, og:type */                               \
  X(ld_article) X(ld_tech_article) X(ld_product) X(ld_offer) X(ld_item_list) X(ld_forum)             \
  X(ld_faq) X(ld_organization) X(ld_software) X(ld_howto) X(ld_review) X(ld_event)                   \
  X(ld_breadcrumb) X(ld_webpage_only) X(og_article) X(og_product) X(og_website)                      \
  X(md_articles) X(md_products) X(md_posts) X(md_lists)                                              \
  /* size and prose */                                                                               \
  X(text_chars) X(link_density) X(prose_paragraphs) X(prose_share) X(paragraph_chars_mean)           \
  X(headings_h1) X(headings_h2) X(headings_h3_plus) X(linked_headings) X(linked_heading_share)       \
  /* elements */                                                                                     \
  X(articles) X(times) X(pres) X(code_share) X(tables) X(list_items) X(images) X(forms)              \
  X(inputs) X(buttons) X(selects) X(textareas) X(details) X(asides) X(blockquotes)                   \
  /* commerce */                                                                                     \
  X(prices) X(price_props) X(cart_controls) X(rating_props)                                          \
  /* class and id words, elements counted by category (clean/class_words.h) */                       \
  X(words_post) X(words_comment) X(words_card) X(words_product) X(words_doc) X(words_toc)            \
  X(words_section) X(words_tab) X(words_content) X(words_sidebar)                                    \
  /* repeated sibling structures */                                                                 \
  X(repeat_max) X(repeat_text_share) X(card_groups) X(card_count) X(post_groups) X(post_count)       \
  X(post_text_share)                                                                                 \
  /* what short texts (buttons, links, labels) and the title say, by the kind of page they belong to */\
  X(cue_cart) X(cue_filter) X(cue_service) X(cue_forum) X(cue_doc) X(cue_listing) X(cue_article) X(phone_numbers)   \
  X(title_article) X(title_service) X(title_doc) X(title_shop) X(title_list)                         \
  /* the article heuristic */                                                                        \
  X(article_share) X(article_is_listing) X(main_share)

enum PageFeature : int {
#define WINNOW_ENUM(name) kPage_##name,
  WINNOW_PAGE_FEATURES(WINNOW_ENUM)
#undef WINNOW_ENUM
  kPageFeatureCount
};

/// Feature names, for bench/feature_dump and the fitting script.
extern const char* const kPageFeatureNames[kPageFeatureCount];

using PageFeatures = std::array<float, kPageFeatureCount>;

/// What the article heuristic (clean/extract.h choose_article) found, as page context.
struct ArticleHint {
  int32_t chars = 0;  // text in the chosen elements
  bool is_listing = false;
};

/// What the page's features are computed from: its URL (may be empty), JSON-LD @type values and
/// microdata itemtypes, og:type, blocks and the article heuristic's choice.
struct PageEvidence {
  std::string_view url;
  const std::vector<std::string>& ld_types;
  const std::vector<std::string>& microdata_types;
  std::string_view og_type;
  const std::vector<Segment>& segments;
  const std::vector<uint32_t>& class_words;  // clean/class_words.h, per node
  ArticleHint hint;
};

/// Computes the page's features.
PageFeatures compute_page_features(const Dom& dom, const PageAnalysis& pa, const PageEvidence& evidence);

/// The URL features (url_known and the url_* after it): they say nothing of a page given without
/// its address, and the classifier then reads them as average.
inline constexpr int kFirstUrlFeature = kPage_url_known;
inline constexpr int kLastUrlFeature = kPage_url_listing_word;

/// Rounds every value to 4 decimals: the fitting script reads features written with 4 decimals,
/// so the models see exactly what they were fitted on.
void quantize_features(std::span<float> values);

/// Prices in a text: a currency sign next to a number ("$19.99", "19,99 €", "£5").
int count_prices(std::string_view text);

/// The itemtype words of the page's microdata ("Product" of "https://schema.org/Product"), one a
/// typed element: a listing's cards each say "BlogPosting", an article page says it once.
std::vector<std::string> microdata_types(const Dom& dom);

}  // namespace winnow::clean
