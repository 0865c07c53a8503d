#include "app/page_type_tally.h"

namespace winnow::app {

std::size_t PageTypeTally::not_articles() const {
  std::size_t n = 0;
  for (const auto& count : counts_) n += count.load(std::memory_order_relaxed);
  return n;
}

std::string PageTypeTally::summary() const {
  std::string types;
  for (clean::PageType type : clean::kPageTypes) {
    std::size_t n = counts_[static_cast<std::size_t>(type)].load(std::memory_order_relaxed);
    if (n == 0) continue;
    if (!types.empty()) types += ", ";
    types.append(clean::page_type_name(type)).append(" x").append(std::to_string(n));
  }
  std::string out = std::to_string(not_articles()) + " not articles, left empty by --articles-only";
  if (!types.empty()) out.append(" (").append(types).append(")");
  return out;
}

}  // namespace winnow::app
