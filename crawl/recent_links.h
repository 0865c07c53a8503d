// The links a crawl's pages gave lately, and what became of them. A page's links are mostly those
// of the pages before it (its site's navigation, header and footer, popular stories): their scope
// is checked and they go to the frontier once, not once a page, where adding a URL the frontier
// knows at that depth or a shallower one changes nothing.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/frontier.h"

namespace winnow::crawl {

/// URLs kept per generation: two generations, ~150 bytes a URL, hold at most ~1.2 MB.
inline constexpr std::size_t kRecentLinksPerGeneration = 4096;

/// Thread-safe. Bounded: a generation holds at most `capacity` URLs; when the newer one is full it
/// becomes the older one, and a URL met in the older one moves to the newer one, so that the links
/// of every page stay and a story linked once goes.
class RecentLinks {
 public:
  explicit RecentLinks(std::size_t capacity = kRecentLinksPerGeneration) : capacity_(capacity) {}

  /// True when adding `url` (normalized, no lastmod) as `kind` at `depth` would change nothing:
  /// it is out of scope, or the frontier was given it at `depth` or shallower; as a page, of any
  /// kind (a page link of a known feed leaves it a feed), else of that kind.
  bool known(const std::string& url, store::UrlKind kind, int depth);
  /// `url` is out of the crawl's scope (which is fixed for a run).
  void out_of_scope(const std::string& url);
  /// The frontier was given these URLs (a successful add_urls).
  void added(const std::vector<store::NewUrl>& urls);

 private:
  static constexpr int kNone = std::numeric_limits<int>::max();
  struct Entry {
    bool out_of_scope = false;
    std::array<int, 3> depth{kNone, kNone, kNone};  // shallowest depth given, per UrlKind
  };

  // The entry of `url` in the newer generation (moved there from the older one), or nullptr.
  Entry* find(const std::string& url);
  Entry& insert(const std::string& url);

  const std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> newer_, older_;
};

}  // namespace winnow::crawl
