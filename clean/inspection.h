// What the classifiers see of a page: for bench/feature_dump, which writes it out to fit them.
// Internal to clean/.
#pragma once

#include <vector>

#include "clean/block_features.h"
#include "clean/extract.h"
#include "clean/page_features.h"
#include "clean/page_type.h"

namespace winnow::clean {

struct PageInspection {
  PageFeatures page{};
  std::vector<Segment> segments;
  std::vector<BlockFeatures> blocks;  // one row per segment
  std::vector<BlockPlace> places;     // and its place
  std::vector<float> probabilities;   // the block classifier's, per segment
  std::vector<uint8_t> kept;          // after the content rules
  PageTypeScores type_probabilities{};
};

}  // namespace winnow::clean
