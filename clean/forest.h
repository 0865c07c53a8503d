// Gradient-boosted decision trees, evaluated: the form of winnow's fitted classifiers (the
// page-type classifier and the block classifier), whose tables bench/fit_models.py writes.
// Internal to clean/.
#pragma once

#include <cstdint>
#include <span>

namespace winnow::clean {

/// One node of a tree: an inner node sends x to `left` when x[feature] <= threshold, else to
/// `right`; a leaf (feature < 0) adds `value` to its class's score.
struct ForestNode {
  int16_t feature;
  float threshold;
  int32_t left, right;
  float value;
};

/// Trees in one array, `trees_per_round` a boosting round (one per class for several classes, a
/// single one for a yes/no question), each tree given by its root's index in `nodes`.
struct Forest {
  std::span<const ForestNode> nodes;
  std::span<const int32_t> roots;
  std::span<const float> baseline;  // a starting score per class
  int classes = 1;
  int features = 0;
};

/// Raw scores (log-odds for one class, logits for several) of the `features` row x, one per
/// class, into `scores` (of size forest.classes).
void forest_scores(const Forest& forest, std::span<const float> x, std::span<float> scores);

/// The probability of "yes" of a one-class forest.
float forest_probability(const Forest& forest, std::span<const float> x);

/// Probabilities of each class of a several-class forest (softmax of the scores).
void forest_probabilities(const Forest& forest, std::span<const float> x, std::span<float> probabilities);

}  // namespace winnow::clean
