// The store stage's record model and its JSON form (DESIGN.md's output schema).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "clean/cleaner.h"

namespace winnow::store {

struct Record {
  clean::Article article;
  std::string text;          // article.text(), computed once
  std::string content_hash;  // SHA-256 hex of text
  long status = 0;           // HTTP status for fetched pages, 0 otherwise
  std::string fetched_at;    // ISO 8601, fetched pages only
  std::string etag, last_modified;
};

/// Builds a record from a cleaned article: renders the text and hashes it.
Record make_record(clean::Article article);

/// SHA-256 of `text`, lower-case hex.
std::string sha256_hex(std::string_view text);

/// The output schema: empty fields omitted, never invented; keys in schema order.
nlohmann::ordered_json to_json(const Record& record);

}  // namespace winnow::store
