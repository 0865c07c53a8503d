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

/// A block of the page and where it comes from: what the block classifier judges.
struct Segment {
  Block block;
  NodeId first_text = kNoNode;  // its first text node
  NodeId owner = kNoNode;       // the innermost block element around that text
  int32_t chars = 0, link_chars = 0, away_link_chars = 0;  // visible characters; inside links; links to other pages
  bool in_caption = false;  // in a photo box or a caption under an image, as the renderer judges them
};

/// Every block of the page body, in reading order, skipping only what `view` removes (see
/// PageAnalysis::segment_view): no block is judged or dropped.
std::vector<Segment> segment_page(const Dom& dom, const PageAnalysis& view, const RenderContext& context);

/// Patterns of widget residue and metadata repeated as text (clean/block_filters.cc).
struct ResidueFlags {
  bool byline = false, dateline = false, ad_label = false, shortcode = false, vote_counter = false,
       fine_print = false, email = false, counter = false;
};
ResidueFlags residue_flags(const Block& block, const Metadata& meta, const ExtractTuning& tuning);

/// Text folded for comparisons: ASCII lower case, runs of ASCII punctuation and spaces as one space.
std::string fold_text(std::string_view text);

/// Drops blocks that repeat metadata (title, byline, dateline) or are widget residue
/// (ad labels, embed shortcodes, lone links).
void filter_blocks(std::vector<Block>& blocks, const Metadata& meta, const ExtractTuning& tuning);

struct PageInspection;

/// clean_html, and when `inspect` is given, what the classifiers saw (for bench/feature_dump).
Article clean_page(std::string_view html, std::string_view url, const CleanOptions& options, PageInspection* inspect);
/// clean_page taking the markup (see clean_taken_html).
Article clean_taken_page(std::string&& html, std::string_view url, const CleanOptions& options, PageInspection* inspect);

/// The page's og:type (<meta property="og:type">), or empty.
std::string_view og_type(const Dom& dom);

}  // namespace winnow::clean
