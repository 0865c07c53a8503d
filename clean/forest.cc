#include "clean/forest.h"

#include <algorithm>
#include <cmath>

namespace winnow::clean {

void forest_scores(const Forest& forest, std::span<const float> x, std::span<float> scores) {
  for (int c = 0; c < forest.classes; ++c) scores[static_cast<size_t>(c)] = forest.baseline[static_cast<size_t>(c)];
  for (size_t t = 0; t < forest.roots.size(); ++t) {
    int32_t at = forest.roots[t];
    while (forest.nodes[static_cast<size_t>(at)].feature >= 0) {
      const ForestNode& node = forest.nodes[static_cast<size_t>(at)];
      at = x[static_cast<size_t>(node.feature)] <= node.threshold ? node.left : node.right;
    }
    scores[t % static_cast<size_t>(forest.classes)] += forest.nodes[static_cast<size_t>(at)].value;
  }
}

float forest_probability(const Forest& forest, std::span<const float> x) {
  float score = 0;
  forest_scores(forest, x, std::span<float>(&score, 1));
  return 1.0f / (1.0f + std::exp(-score));
}

void forest_probabilities(const Forest& forest, std::span<const float> x, std::span<float> probabilities) {
  forest_scores(forest, x, probabilities);
  float top = *std::max_element(probabilities.begin(), probabilities.begin() + forest.classes);
  float sum = 0;
  for (int c = 0; c < forest.classes; ++c) {
    probabilities[static_cast<size_t>(c)] = std::exp(probabilities[static_cast<size_t>(c)] - top);
    sum += probabilities[static_cast<size_t>(c)];
  }
  for (int c = 0; c < forest.classes; ++c) probabilities[static_cast<size_t>(c)] /= sum;
}

}  // namespace winnow::clean
