// The page-type classifier: a multinomial logistic regression over the page's features
// (clean/page_features.h), fitted by bench/fit_models.py (clean/page_type_model.inc). Internal to
// clean/.
#pragma once

#include <array>

#include "clean/cleaner.h"
#include "clean/page_features.h"

namespace winnow::clean {

inline constexpr size_t kPageTypeCount = std::size(kPageTypes);
using PageTypeScores = std::array<float, kPageTypeCount>;

/// The probability of each page type (PageType order).
PageTypeScores page_type_probabilities(const PageFeatures& features);

/// The fitted model reads the features computed today (clean/page_type_model.inc is not stale).
bool page_type_model_matches();

/// The most probable type, an article given the benefit of the doubt.
PageType most_likely_type(const PageTypeScores& probabilities, const PageFeatures& features);

}  // namespace winnow::clean
