#include "clean/page_type.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "clean/page_type_model.inc"

namespace winnow::clean {

static_assert(fitted::kPageTypeModelFeatures == kPageFeatureCount,
              "clean/page_type_model.inc was fitted on other page features: refit with bench/fit_models.sh");
static_assert(fitted::kPageTypeModelClasses == static_cast<int>(kPageTypeCount));

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
  std::array<float, kPageFeatureCount> standard{};
  for (size_t i = 0; i < kPageFeatureCount; ++i) {
    standard[i] = (features[i] - fitted::kPageTypeModelMean[i]) / fitted::kPageTypeModelScale[i];
  }
  PageTypeScores p{};
  for (size_t c = 0; c < kPageTypeCount; ++c) {
    float z = fitted::kPageTypeModelBias[c];
    for (size_t i = 0; i < kPageFeatureCount; ++i) z += fitted::kPageTypeModelWeights[c][i] * standard[i];
    p[c] = z;
  }
  float top = *std::max_element(p.begin(), p.end());
  float sum = 0;
  for (float& v : p) sum += (v = std::exp(v - top));
  for (float& v : p) v /= sum;
  return p;
}

PageType most_likely_type(const PageTypeScores& probabilities) {
  return kPageTypes[static_cast<size_t>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin())];
}

}  // namespace winnow::clean
