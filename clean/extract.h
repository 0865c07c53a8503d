// Main-content choice and rendering to blocks. Internal to clean/.
#pragma once

#include <string>
#include <vector>

#include "clean/boilerplate.h"
#include "clean/cleaner.h"
#include "clean/dom.h"
#include "clean/options.h"

namespace winnow::clean {

struct ArticleChoice {
  /// The elements that hold the article, in document order: the best-scoring container and the
  /// siblings that continue it.
  std::vector<NodeId> roots;
  /// The best container is one card among many (a home page, section front or search result):
  /// the page has no article.
  bool is_listing = false;
};

/// Finds the article's elements by content scoring.
ArticleChoice choose_article(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning);

/// Every paragraph-like block of the page with few links, in document order: the fallback when
/// the chosen container looks wrong.
std::vector<NodeId> sweep_paragraphs(const Dom& dom, const PageAnalysis& pa, const ExtractTuning& tuning);

/// The thresholds of a focus mode: Balanced is ExtractTuning's defaults.
ExtractTuning tuning_for(Focus focus);

struct RenderContext {
  const ExtractTuning& tuning;
  const CleanOptions& options;
  std::string link_base;  // absolute URL that relative hrefs resolve against (may be empty)
};

/// The URL links resolve against: <base href> over the page URL over the canonical URL.
std::string link_base(const Dom& dom, const Metadata& meta);

/// Renders the subtrees of `roots` into blocks, skipping boilerplate, link blocks and captions.
std::vector<Block> render_blocks(const Dom& dom, const PageAnalysis& pa, const std::vector<NodeId>& roots,
                                 const RenderContext& context);

/// Drops blocks that repeat metadata (title, byline, dateline) or are widget residue
/// (ad labels, embed shortcodes, lone links).
void filter_blocks(std::vector<Block>& blocks, const Metadata& meta, const ExtractTuning& tuning);

}  // namespace winnow::clean
