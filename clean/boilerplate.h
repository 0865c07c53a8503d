// First passes of the extractor: what is never content, and how much text and link text every
// element holds. Internal to clean/.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "clean/cleaner.h"
#include "clean/dom.h"
#include "clean/options.h"

namespace winnow::clean {

/// Why analyze_page removed an element (the outermost removed element of a subtree carries it).
enum class Removal : uint8_t {
  Kept,
  NeverContent,     // script, style, nav, form controls...: never text
  SiteRule,         // a site rule's drop selector
  Hidden,           // hidden, display:none, a screen-reader-only class
  AriaHidden,       // aria-hidden="true"
  StrongJunk,       // a strong junk class word (comments, share, related, ads...)
  WeakJunk,         // a weak junk class word (sidebar, footer, byline...) on a small element
  ContentTooShort,  // content and weak junk words on an element with little text
  WeakTag,          // <header>, <footer>, <aside>, <form> holding little of the page
  Caption,          // <figcaption>
};

/// Per-node facts, all indexed by NodeId. Text is counted in characters, whitespace excluded.
struct PageAnalysis {
  std::vector<uint8_t> removed;      // element subtree is boilerplate (or never content)
  std::vector<Removal> removal;      // why: set on the outermost removed element of each subtree
  std::vector<uint8_t> never;        // element subtree is never text whatever the page (see is_never_text)
  std::vector<int32_t> raw_text;     // prefix sums over text nodes, before removal
  std::vector<int32_t> raw_link;     //   ... of text inside <a>
  std::vector<int32_t> text;         // prefix sums after removal
  std::vector<int32_t> link;
  std::vector<int32_t> prose;        // prefix sums of long <p> with few links, before removal
  std::vector<int32_t> seg_text;     // prefix sums of the text the block classifier sees (all but `never`)
  std::vector<int32_t> seg_link;
  std::vector<NodeId> title_headings;  // <h1>/<h2> repeating the page's <title>
  int32_t body_raw_text = 0;

  int32_t prose_of(const Dom& dom, NodeId id) const { return prose[dom[id].end] - prose[id]; }

  int32_t raw_text_of(const Dom& dom, NodeId id) const { return raw_text[dom[id].end] - raw_text[id]; }
  int32_t raw_link_of(const Dom& dom, NodeId id) const { return raw_link[dom[id].end] - raw_link[id]; }
  int32_t text_of(const Dom& dom, NodeId id) const { return text[dom[id].end] - text[id]; }
  int32_t link_of(const Dom& dom, NodeId id) const { return link[dom[id].end] - link[id]; }
  int32_t seg_text_of(const Dom& dom, NodeId id) const { return seg_text[dom[id].end] - seg_text[id]; }
  int32_t seg_link_of(const Dom& dom, NodeId id) const { return seg_link[dom[id].end] - seg_link[id]; }
  /// The view of the page that the block classifier segments: only what is never text removed,
  /// text counted with it.
  PageAnalysis segment_view() const;
  double link_density(const Dom& dom, NodeId id) const {
    int32_t t = text_of(dom, id);
    return t > 0 ? static_cast<double>(link_of(dom, id)) / t : 0.0;
  }
};

/// Marks boilerplate and counts text. Runs in time linear in the number of nodes. `dropped`
/// elements (site rules) are removed; `kept` ones are never removed as a whole.
PageAnalysis analyze_page(const Dom& dom, const ExtractTuning& tuning, const CleanOptions& options,
                          std::span<const NodeId> dropped = {}, std::span<const NodeId> kept = {});

/// Elements whose content is never text on any page: scripts, styles, navigation, form
/// controls, media. (<noscript>, <button>, hidden elements and junk classes are judged per page.)
bool is_never_text(GumboTag tag);

/// The element hides itself from everyone: the `hidden` attribute, display:none or
/// visibility:hidden in its style.
bool hides_itself(const Dom& dom, NodeId id);

/// Elements that start a new block of text (as opposed to inline elements).
bool is_block_tag(GumboTag tag);

/// An <a href="javascript:..."> around paragraphs is a click handler wrapped around content,
/// not a link to another page: its text counts as text.
bool is_script_wrapper_link(const Dom& dom, NodeId a);

/// How an element's class, id and role words judge it.
enum class ClassVerdict { Neutral, Content, WeakJunk, ContentAndWeakJunk, StrongJunk, Hidden };
/// `ignored_words` are junk words to disregard; the junk words found go to `junk_words_seen`.
using WordSet = std::unordered_set<std::string_view>;
ClassVerdict judge_class_words(const Dom& dom, NodeId id, const WordSet* ignored_words = nullptr,
                               std::vector<std::string_view>* junk_words_seen = nullptr);

}  // namespace winnow::clean
