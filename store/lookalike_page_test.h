// Test pages for near-duplicate detection, shared by the SQLite and PostgreSQL sink tests: a
// ~250-word story, true near copies of it, and a page of other text whose simhash lands within
// a few bits of the story's anyway.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "store/record.h"

namespace winnow::store::testing {

// A site's template line, on every page of the site: 12 words.
inline const std::string kTemplateFooter =
    " Share this article: Facebook, X, Email. 2024 Example News. All rights reserved.";

// 240 words, then the footer.
inline const std::string kLongStory =
    "The regional council voted on Monday to reopen the old coastal railway line, closed to "
    "passengers since 1968, after a study found that trains could run again within four years. "
    "The line once carried fish and holidaymakers between the harbour towns, and most of its "
    "track bed survives under a cycle path that the council promised to keep beside the rails. "
    "Supporters packed the public gallery and applauded when the result was read out, while a "
    "handful of residents who live near the former stations said they feared noise and traffic. "
    "The study puts the cost at just under two hundred million, most of it for new bridges over "
    "the river mouths and for signalling, and the council hopes the national government will pay "
    "two thirds of it. Services would run every hour in winter and every half hour in summer, "
    "with a journey from end to end taking about fifty minutes, half the time the bus needs. "
    "Tourism businesses along the coast welcomed the decision, saying visitors who arrive without "
    "a car rarely venture beyond the main town. The council's transport chair said that the first "
    "work would be surveys of the viaducts and that construction could begin in two years if the "
    "funding is agreed. A final decision on the timetable and on the fares will follow a public "
    "consultation in the autumn, when residents can also comment on the design of the stations." +
    kTemplateFooter;

// The same story as another desk ran it: one sentence in other words.
inline std::string story_one_sentence_changed() {
  std::string text = kLongStory;
  const std::string from =
      "Tourism businesses along the coast welcomed the decision, saying visitors who arrive without "
      "a car rarely venture beyond the main town.";
  const std::string to =
      "Hotels and cafes along the coast were pleased, and said that guests without a car seldom "
      "leave the main town.";
  return text.replace(text.find(from), from.size(), to);
}

// The same story on another site: its own footer instead of the first one.
inline std::string story_other_footer() {
  std::string text = kLongStory.substr(0, kLongStory.size() - kTemplateFooter.size());
  return text + " Follow Coast Gazette for more local news. Copyright Coast Gazette Media.";
}

// Distinct made-up words ("bakedo", "fikuma", ...): no English word, so no text shared with the
// story.
inline std::vector<std::string> made_up_words(int count) {
  static const char kConsonants[] = "bdfgklmnprstvz";
  static const char kVowels[] = "aeiou";
  std::vector<std::string> words;
  for (int i = 0; static_cast<int>(words.size()) < count; ++i) {
    std::string word;
    for (int n = i + 4900, syllable = 0; syllable < 3; ++syllable, n /= 70) {
      word += kConsonants[(n % 70) / 5];
      word += kVowels[n % 5];
    }
    words.push_back(word);
  }
  return words;
}

// A page in other words than `text` (but its last 12, the template footer), each word picked in
// turn to push simhash64's votes toward the bits of `text`'s fingerprint: what a one-word
// fingerprint cannot tell from a copy. About as long as `text`.
inline std::string lookalike_of(const std::string& text, int words) {
  std::uint64_t target = simhash64(text);
  std::vector<std::string> pool = made_up_words(4000);
  std::vector<bool> used(pool.size(), false);
  std::vector<std::uint64_t> pool_bits;
  for (const std::string& w : pool) pool_bits.push_back(simhash64(w));  // one word: its hash's bits
  int votes[64] = {};
  auto vote = [&](std::uint64_t bits) {
    for (int b = 0; b < 64; ++b) votes[b] += (bits >> b) & 1 ? 1 : -1;
  };
  std::string footer_words = kTemplateFooter;
  for (std::size_t start = 0; start < footer_words.size();) {
    std::size_t end = footer_words.find_first_of(" :,.", start);
    if (end == std::string::npos) end = footer_words.size();
    if (end > start) vote(simhash64(footer_words.substr(start, end - start)));
    start = end + 1;
  }
  std::string out;
  for (int n = 0; n < words; ++n) {
    // The bits whose vote is not yet safely on the target's side.
    std::uint64_t weak = 0;
    for (int b = 0; b < 64; ++b) {
      int margin = (target >> b) & 1 ? votes[b] : -votes[b];
      if (margin <= 2) weak |= std::uint64_t{1} << b;
    }
    std::size_t best = 0;
    int best_score = -1;
    for (std::size_t i = 0; i < pool.size(); ++i) {
      int score = std::popcount(~(pool_bits[i] ^ target) & weak);
      if (!used[i] && score > best_score) best = i, best_score = score;
    }
    used[best] = true;
    vote(pool_bits[best]);
    out += pool[best];
    out += n % 12 == 11 ? ". " : " ";
  }
  return out + kTemplateFooter.substr(1);
}

}  // namespace winnow::store::testing
