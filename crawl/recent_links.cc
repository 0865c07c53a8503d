#include "crawl/recent_links.h"

#include <algorithm>
#include <utility>

namespace winnow::crawl {

bool RecentLinks::known(const std::string& url, store::UrlKind kind, int depth) {
  std::lock_guard lock(mutex_);
  const Entry* entry = find(url);
  if (entry == nullptr) return false;
  if (entry->out_of_scope) return true;
  if (kind == store::UrlKind::Page) return *std::min_element(entry->depth.begin(), entry->depth.end()) <= depth;
  return entry->depth[static_cast<std::size_t>(kind)] <= depth;
}

void RecentLinks::out_of_scope(const std::string& url) {
  std::lock_guard lock(mutex_);
  insert(url).out_of_scope = true;
}

void RecentLinks::added(const std::vector<store::NewUrl>& urls) {
  std::lock_guard lock(mutex_);
  for (const store::NewUrl& url : urls) {
    int& depth = insert(url.url).depth[static_cast<std::size_t>(url.kind)];
    depth = std::min(depth, url.depth);
  }
}

RecentLinks::Entry* RecentLinks::find(const std::string& url) {
  if (auto it = newer_.find(url); it != newer_.end()) return &it->second;
  return older_.contains(url) ? &insert(url) : nullptr;
}

RecentLinks::Entry& RecentLinks::insert(const std::string& url) {
  if (auto it = newer_.find(url); it != newer_.end()) return it->second;
  // A URL still in the older generation moves with what is known of it.
  Entry entry;
  if (auto it = older_.find(url); it != older_.end()) {
    entry = it->second;
    older_.erase(it);
  }
  if (newer_.size() >= capacity_) {
    older_ = std::move(newer_);
    newer_.clear();
  }
  return newer_.emplace(url, entry).first->second;
}

}  // namespace winnow::crawl
