#include "clean/cleaner.h"

namespace winnow::clean {

std::string_view page_type_name(PageType type) {
  switch (type) {
    case PageType::Article: return "article";
    case PageType::Forum: return "forum";
    case PageType::Product: return "product";
    case PageType::Collection: return "collection";
    case PageType::Listing: return "listing";
    case PageType::Documentation: return "documentation";
    case PageType::Service: return "service";
  }
  return "article";
}

std::optional<PageType> page_type_from_name(std::string_view name) {
  for (PageType type : kPageTypes) {
    if (page_type_name(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace winnow::clean
