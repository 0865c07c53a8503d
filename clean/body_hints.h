// Metadata hints in a page's visible body: bylines (by class, rel=author, or a plain "By ..."
// line), <time> elements, date elements and "Published ..." lines, and the pieces of <title>
// that the body shows as a headline. Internal to clean/; metadata.cc uses it.
//
// On a listing page (a section front, a home page) every teaser has its own byline and time,
// and the first of them is not the page's. So every hint keeps the first value found and
// counts different values, both over the whole body and inside the article's own header or
// body; see BodyHints::trusted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/dom.h"

namespace winnow::clean {

inline constexpr int32_t kMaxHintNodes = 40;  // a byline or date element is a small subtree
inline constexpr size_t kListingValues = 3;   // this many different bylines or dates: a listing

/// A class or id token naming a section about other texts: comments and replies, whose authors
/// and dates are not the article's, and reference lists ("Retrieved 1 May 2016", cited authors).
/// "comments-open" style status flags are excluded.
bool mentions_other_texts(std::string_view class_or_id);

/// Different dates, where a bare day and a time on that day count once.
class DateSet {
 public:
  void add(const std::string& iso);
  /// True from kListingValues different dates on.
  bool many() const;

 private:
  std::vector<std::string> values_;
};

/// Byline and date hints, each the first one found, and the different values seen: an article
/// page has one or two, a listing page one per teaser.
struct VisibleHints {
  std::string byline, time_preferred, time_first, published_line, date_element;
  std::string time_modified;  // a <time> in something that says "updated" or "modified"
  std::vector<std::string> plain_names;             // from a plain "By ..." line
  std::vector<std::string> bylines, plain_bylines;  // different values, up to kListingValues
  DateSet dates;
  bool many_bylines() const;
  bool many_plain_bylines() const;
  bool has_date() const;
};

/// Collects hints from body nodes fed in document order (comment sections left out).
class BodyHints {
 public:
  explicit BodyHints(const Dom& dom);

  /// Sets the <title> whose parts are looked for in the body.
  void set_title(std::string_view doc_title);
  /// Feeds a body element: a <time>, or a small element whose class, id or rel names an author
  /// or a date.
  void on_element(NodeId id);
  /// Feeds a body text node.
  void on_text(NodeId id);

  /// The byline element's name to trust, or empty.
  const std::string& byline() const;
  /// The first "Updated" <time> of the page, or empty.
  const std::string& first_modified() const { return hints_[kAnywhere].time_modified; }
  /// The names of the plain "By ..." line to trust, or none.
  const std::vector<std::string>& plain_names() const;
  /// The date hints to trust (all empty when none is).
  const VisibleHints& dates() const;
  /// Parts of <title> (see title_parts) that are the whole text of some body element outside
  /// links and form controls.
  std::vector<std::string> title_parts_found() const;

 private:
  // Where a hint sits; see scope_named in body_hints.cc.
  enum Scope : uint8_t { kAnywhere, kArticleHeader, kArticleBody, kScopes };

  template <typename Many, typename Has>
  const VisibleHints& trusted(Many many, Has has) const;
  template <typename F>
  void for_hints(NodeId id, F&& f);
  bool all_many(bool (VisibleHints::*many)() const) const;
  bool small(NodeId id) const { return dom_[id].end - id <= kMaxHintNodes; }
  void find_article_scope();
  Scope scope_of(NodeId id) const;
  void on_byline_element(NodeId id);
  std::string byline_text(NodeId id) const;
  std::string visible_date(NodeId id) const;
  void on_time(NodeId id);
  void match_title_part(NodeId id, std::string_view text);
  bool in_control(NodeId id) const;
  void on_plain_byline(NodeId id, std::string_view text);
  void on_published_line(NodeId id, std::string_view text);

  const Dom& dom_;
  NodeId body_ = kNoNode;
  NodeId article_begin_ = kNoNode, article_end_ = kNoNode;  // the article's <article>, if known
  std::array<VisibleHints, kScopes> hints_;                 // by Scope
  VisibleHints none_;
  std::vector<std::string> title_parts_, title_keys_;
  std::vector<bool> title_part_seen_;
};

}  // namespace winnow::clean
