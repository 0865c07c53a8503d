#include "clean/page_type.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "page_type_model.inc"  // WINNOW_MODEL_DIR

namespace winnow::clean {

static_assert(fitted::kPageTypeModelClasses == static_cast<int>(kPageTypeCount));

bool page_type_model_matches() {
  if (fitted::kPageTypeModelFeatures != kPageFeatureCount) return false;
  for (size_t i = 0; i < kPageFeatureCount; ++i) {
    if (std::string_view(fitted::kPageTypeModelFeatureNames[i]) != kPageFeatureNames[i]) return false;
  }
  return true;
}

std::string_view page_type_name(PageType type) {
  switch (type) {
    case PageType::Article: return "article";
    case PageType::Forum: return "forum";
    case PageType::Product: return "product";
    case PageType::Collection: return "collection";
    case PageType::Listing: return "listing";
    case PageType::Documentation: return "documentation";
    case PageType::Service: return "service";
  }
  return "article";
}

std::optional<PageType> page_type_from_name(std::string_view name) {
  for (PageType type : kPageTypes) {
    if (page_type_name(type) == name) return type;
  }
  return std::nullopt;
}

PageTypeScores page_type_probabilities(const PageFeatures& features) {
  // A model fitted on other features (only while refitting: a unit test holds them equal) reads
  // nothing; every page is then an article.
  static const bool matches = page_type_model_matches();
  if (!matches) return {1.0f};
  constexpr size_t kModelFeatures = fitted::kPageTypeModelFeatures;
  std::array<float, kModelFeatures> standard{};
  for (size_t i = 0; i < kModelFeatures; ++i) {
    standard[i] = (features[i] - fitted::kPageTypeModelMean[i]) / fitted::kPageTypeModelScale[i];
  }
  // Without its address, a page's URL features are average (bench/fit_models.py fits them so).
  if (features[kPage_url_known] == 0.0f) {
    for (int i = kFirstUrlFeature; i <= kLastUrlFeature; ++i) standard[static_cast<size_t>(i)] = 0.0f;
  }
  PageTypeScores p{};
  for (size_t c = 0; c < kPageTypeCount; ++c) {
    float z = fitted::kPageTypeModelBias[c];
    for (size_t i = 0; i < kModelFeatures; ++i) z += fitted::kPageTypeModelWeights[c][i] * standard[i];
    p[c] = z;
  }
  float top = *std::max_element(p.begin(), p.end());
  float sum = 0;
  for (float& v : p) sum += (v = std::exp(v - top));
  for (float& v : p) v /= sum;
  return p;
}

PageType most_likely_type(const PageTypeScores& probabilities, const PageFeatures& features) {
  // A page is an article unless another type is clearly likelier: the article's probability
  // counts e^0.3 = 1.35 times (on the training pages' out-of-fold beliefs this costs under 1% of
  // agreement, and keeps short and old-fashioned stories, whose structure says little, articles).
  constexpr float kArticleWeight = 1.35f;
  // A page whose JSON-LD declares an article and no list (95% of such pages in the corpus are
  // articles) is one unless another type is three times likelier still: a short post under a
  // grid of "read next" cards.
  constexpr float kDeclaredArticleWeight = 3.0f;
  PageTypeScores weighted = probabilities;
  weighted[0] *= kArticleWeight;
  if (features[kPage_ld_article] > 0.0f && features[kPage_ld_item_list] == 0.0f) weighted[0] *= kDeclaredArticleWeight;
  auto best = [&] { return static_cast<size_t>(std::max_element(weighted.begin(), weighted.end()) - weighted.begin()); };
  // A listing has no story of its own: when the article heuristic found one (not a card among
  // cards) holding 30% of the page's text in three prose paragraphs or more, and the page has
  // fewer than three linked headings (a listing's headlines), the page is of the next likeliest
  // type.
  const size_t listing = static_cast<size_t>(PageType::Listing);
  if (best() == listing && features[kPage_article_is_listing] == 0.0f && features[kPage_article_share] >= 0.3f &&
      features[kPage_prose_paragraphs] >= std::log1p(3.0f) && features[kPage_linked_headings] < std::log1p(3.0f)) {
    weighted[listing] = 0;
  }
  return kPageTypes[best()];
}

}  // namespace winnow::clean
