// A fixed set of short words, each with bits of what it means, looked up many times a page (every
// word of every class and id attribute). Internal to clean/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow::clean {

class WordTable {
 public:
  struct Entry {
    std::string_view word;  // empty: a free slot
    uint32_t bits = 0;
  };

  /// The words with their bits; a word given twice gets the union of its bits. Empty words are
  /// left out. The words' characters must outlive the table (string literals do).
  explicit WordTable(const std::vector<Entry>& entries);

  /// The entry of `word` (its `word` views the text given to the constructor), or nullptr.
  const Entry* find(std::string_view word) const {
    // Open addressing in a table at most a quarter full, with a hash that costs a multiply a
    // byte: most words looked up are in no table, and their first slot is nearly always free.
    for (size_t i = hash(word) & mask_;; i = (i + 1) & mask_) {
      const Entry& e = slots_[i];
      if (e.word.empty()) return nullptr;
      if (e.word == word) return &e;
    }
  }

  /// The bits of `word`, 0 when it is not in the table.
  uint32_t bits(std::string_view word) const {
    const Entry* e = find(word);
    return e != nullptr ? e->bits : 0;
  }

  size_t size() const { return size_; }

 private:
  static size_t hash(std::string_view word) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 32));
  }

  std::vector<Entry> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

inline WordTable::WordTable(const std::vector<Entry>& entries) {
  size_t capacity = 8;
  while (capacity < 4 * entries.size()) capacity *= 2;
  slots_.assign(capacity, Entry{});
  mask_ = capacity - 1;
  for (const Entry& entry : entries) {
    if (entry.word.empty()) continue;
    size_t i = hash(entry.word) & mask_;
    while (!slots_[i].word.empty() && slots_[i].word != entry.word) i = (i + 1) & mask_;
    if (slots_[i].word.empty()) {
      slots_[i].word = entry.word;
      ++size_;
    }
    slots_[i].bits |= entry.bits;
  }
}

}  // namespace winnow::clean
