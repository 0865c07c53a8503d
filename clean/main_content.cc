#include "clean/main_content.h"

#include <string>

#include "clean/block_features.h"
#include "clean/block_model.inc"
#include "clean/forest.h"
#include "clean/inspection.h"
#include "clean/normalize.h"

namespace winnow::clean {

static_assert(std::size(fitted::kBlockModelFeatureNames) == kBlockFeatureCount,
              "clean/block_model.inc was fitted on other block features: refit with bench/fit_models.sh");

float block_threshold(Focus focus) {
  switch (focus) {
    case Focus::Precision: return fitted::kBlockThresholdPrecision;
    case Focus::Recall: return fitted::kBlockThresholdRecall;
    case Focus::Balanced: break;
  }
  return fitted::kBlockThresholdBalanced;
}

MainContent find_main_content(const Dom& dom, const PageAnalysis& pa, const Metadata& meta, const RenderContext& context,
                              const HeuristicChoice& heuristic, PageInspection* inspect) {
  MainContent out;
  int32_t heuristic_chars = 0;
  for (const Block& b : heuristic.blocks) heuristic_chars += visible_chars(b.text);
  ArticleHint hint{heuristic_chars, heuristic.choice.is_listing};
  const std::string& page_url = meta.url.empty() ? meta.canonical_url : meta.url;
  PageFeatures page = compute_page_features(dom, pa, page_url, structured_data_types(dom), og_type(dom), hint);
  out.type_probabilities = page_type_probabilities(page);
  out.type = most_likely_type(out.type_probabilities);

  std::vector<Segment> segments = segment_page(dom, pa.segment_view(), context);
  BlockContext block_context{dom,  pa,  meta, context.tuning, heuristic.choice.roots, heuristic.blocks,
                             page, out.type_probabilities};
  std::vector<BlockPlace> places;
  std::vector<BlockFeatures> rows = compute_block_features(segments, block_context, inspect ? &places : nullptr);
  const float threshold = block_threshold(context.options.focus);
  const Forest& model = fitted::kBlockModel;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (forest_probability(model, rows[i]) >= threshold) out.blocks.push_back(segments[i].block);
  }
  if (inspect != nullptr) {
    inspect->page = page;
    inspect->segments = std::move(segments);
    inspect->blocks = std::move(rows);
    inspect->places = std::move(places);
  }
  return out;
}

}  // namespace winnow::clean
