// Pages that --articles-only left empty, by type, for a command's closing summary.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <iterator>
#include <string>

#include "clean/cleaner.h"

namespace winnow::app {

/// Counts the cleaned pages that were not articles; shared by a command's worker threads.
class PageTypeTally {
 public:
  /// Counts `article` when it is not an article.
  void add(const clean::Article& article) {
    if (article.page_type == clean::PageType::Article) return;
    counts_[static_cast<std::size_t>(article.page_type)].fetch_add(1, std::memory_order_relaxed);
  }
  std::size_t not_articles() const;
  /// "N not articles, left empty by --articles-only (listing x2, forum x1)": the types in
  /// clean::kPageTypes' order, none when N is 0.
  std::string summary() const;

 private:
  std::array<std::atomic<std::size_t>, std::size(clean::kPageTypes)> counts_{};
};

}  // namespace winnow::app
