// The main content of any page, by the two fitted classifiers: the page's type from its features,
// then each block of the page judged by the block classifier (clean/block_features.h,
// clean/block_model.inc), which also reads what the article heuristic (clean/extract.h) chose.
// Internal to clean/.
#pragma once

#include <vector>

#include "clean/cleaner.h"
#include "clean/extract.h"
#include "clean/metadata.h"
#include "clean/page_type.h"

namespace winnow::clean {

struct PageInspection;

struct MainContent {
  PageType type = PageType::Article;
  PageTypeScores type_probabilities{};
  std::vector<Block> blocks;  // in reading order
};

/// What the heuristic found, for the classifiers to weigh.
struct HeuristicChoice {
  const ArticleChoice& choice;
  const std::vector<Block>& blocks;  // rendered and filtered
};

/// Classifies the page and its blocks; fills `inspect` when given (bench/feature_dump).
MainContent find_main_content(const Dom& dom, const PageAnalysis& pa, const Metadata& meta, const LdText& ld,
                              const RenderContext& context, const HeuristicChoice& heuristic, PageInspection* inspect);

/// The fitted block model reads the features computed today (clean/block_model.inc is not stale).
bool block_model_matches();

/// The block classifier's probability threshold for a focus mode.
float block_threshold(Focus focus);

}  // namespace winnow::clean
