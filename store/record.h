// The store stage's record model and its JSON form (DESIGN.md's output schema).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"

namespace winnow::store {

struct Record {
  clean::Article article;
  std::string source;        // where it came from: the URL fetched, or the input file's path
  std::string text;          // article.text(), computed once
  std::string content_hash;  // SHA-256 hex of text
  std::uint64_t simhash = 0; // near-duplicate fingerprint of text
  long status = 0;           // HTTP status for fetched pages, 0 otherwise
  std::string fetched_at;    // ISO 8601, fetched pages only
  std::string etag, last_modified;
};

/// Builds a record from a cleaned article: renders the text, hashes it and fingerprints it.
Record make_record(clean::Article article, std::string source = {});

/// The page a record is about, one row per key in a store: its URL, else its canonical URL,
/// else its source.
std::string record_key(const Record& record);

/// 64-bit simhash over the words of `text` (words: runs of letters and digits, ASCII lower-cased;
/// CJK characters are words of their own). One-word shingles: on news-length texts a small edit
/// then moves at most a few bits, where two- and three-word shingles moved up to 11.
std::uint64_t simhash64(std::string_view text);

/// Bits that differ between two fingerprints.
int hamming_distance(std::uint64_t a, std::uint64_t b);

/// The distinct word 3-grams of a text (words as simhash64 splits them), hashed and sorted; a
/// text of fewer than three words is one 3-gram. O(n log n) in its words.
std::vector<std::uint64_t> word_shingles(std::string_view text);

/// How much two texts are the same text: their shared 3-grams over the 3-grams of the one that
/// has more, so each text has at least that share of its 3-grams in the other. 1 for the same
/// words in the same order; near 0 for texts that only use the same words, which a one-word
/// simhash cannot tell from copies. Takes word_shingles() of each.
double shingle_overlap(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);
double shingle_overlap(std::string_view a, std::string_view b);

/// A simhash candidate (an article whose fingerprint is within a sink's distance in bits) is a
/// near copy only when its stored text and the page's overlap this much (shingle_overlap): one
/// sentence changed or another footer on a 250-word story leaves about 0.9, two stories that
/// share a site's vocabulary and template line are near 0.
inline constexpr double kMinNearCopyOverlap = 0.8;

/// Candidates whose text a sink compares, at most, for one page: a site of template pages
/// whose fingerprints all lie close together would otherwise cost a comparison with each.
inline constexpr int kMaxNearCopyComparisons = 16;

/// A fingerprint as 16 lower-case hex digits.
std::string simhash_hex(std::uint64_t h);

/// ISO 8601 UTC to the second ("2026-11-23T10:00:00Z"): every timestamp the stores write.
std::string utc_iso8601(std::int64_t unix_seconds);
std::string utc_iso8601_now();

/// SHA-256 of `text`, lower-case hex.
std::string sha256_hex(std::string_view text);

/// The output schema: empty fields omitted, never invented; keys in schema order.
nlohmann::ordered_json to_json(const Record& record);

/// The record a to_json object stands for, to store it again (the Python module's Store.write):
/// the schema's fields, missing ones empty; `text` becomes one block, and word_count,
/// content_hash and simhash are computed from it again (stored values are ignored, so they
/// cannot disagree with the text); is_article follows page_type when absent; keys outside the
/// schema (first_seen, ...) are ignored. Throws std::invalid_argument naming a field of the
/// wrong type or an unknown page_type.
Record record_from_json(const nlohmann::ordered_json& json);

}  // namespace winnow::store
