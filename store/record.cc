#include "store/record.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <vector>
#include <utility>

namespace winnow::store {

namespace {

// Whatever JSON type the header promises; built key by key in schema order, which an
// order-preserving type (nlohmann::ordered_json) keeps.
using RecordJson = std::invoke_result_t<decltype(&to_json), const Record&>;

void put_string(RecordJson& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void put_list(RecordJson& out, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) out[key] = values;
}

}  // namespace

Record make_record(clean::Article article, std::string source) {
  Record record;
  record.source = std::move(source);
  record.text = article.text();
  record.content_hash = sha256_hex(record.text);
  record.simhash = simhash64(record.text);
  record.article = std::move(article);
  return record;
}

std::string record_key(const Record& record) {
  const clean::Metadata& meta = record.article.meta;
  if (!meta.url.empty()) return meta.url;
  if (!meta.canonical_url.empty()) return meta.canonical_url;
  return record.source;
}

namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

// Splits text into words: ASCII letters and digits (lower-cased) and any non-ASCII code point
// that is not a space; a CJK ideograph or kana is a word by itself, as count_words counts them.
std::vector<std::uint64_t> word_hashes(std::string_view text) {
  std::vector<std::uint64_t> words;
  std::uint64_t h = kFnvOffset;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) words.push_back(h);
    h = kFnvOffset;
    in_word = false;
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (alnum) {
        h = (h ^ static_cast<std::uint64_t>(c >= 'A' && c <= 'Z' ? c + 32 : c)) * kFnvPrime;
        in_word = true;
      } else {
        end_word();
      }
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::uint32_t cp = len == 3 ? ((c & 0x0Fu) << 12) : 0;
    if (len == 3 && i + 2 < text.size()) {
      cp |= (static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6 | (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    }
    bool cjk = (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF);
    bool space = cp == 0x3000;
    if (cjk || space) end_word();
    if (!space) {
      for (size_t k = 0; k < len && i + k < text.size(); ++k) {
        h = (h ^ static_cast<unsigned char>(text[i + k])) * kFnvPrime;
      }
      in_word = true;
    }
    if (cjk) end_word();
    i += len;
  }
  end_word();
  return words;
}

// A 64-bit mix (splitmix64's finalizer): shingle hashes must spread over all bits.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t simhash64(std::string_view text) {
  std::vector<std::uint64_t> words = word_hashes(text);
  if (words.empty()) return 0;
  constexpr size_t kShingle = 1;  // see simhash64 in record.h
  // Each bit is voted for by the shingles that have it and against by the others: it is set
  // when more than half have it. The ones are counted eight bits at once, in byte lanes:
  // lanes[j]'s byte k counts bit 8k + j, and goes into `ones` before it can overflow.
  constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
  std::array<std::uint64_t, 8> lanes{};
  std::array<size_t, 64> ones{};
  int in_lanes = 0;
  auto empty_lanes = [&] {
    for (size_t j = 0; j < 8; ++j) {
      for (size_t k = 0; k < 8; ++k) ones[8 * k + j] += (lanes[j] >> (8 * k)) & 0xFF;
      lanes[j] = 0;
    }
    in_lanes = 0;
  };
  size_t shingles = words.size() < kShingle ? 1 : words.size() - kShingle + 1;
  for (size_t i = 0; i < shingles; ++i) {
    std::uint64_t h = 0;
    for (size_t k = 0; k < kShingle && i + k < words.size(); ++k) h = mix(h ^ words[i + k] ^ (k + 1));
    for (size_t j = 0; j < 8; ++j) lanes[j] += (h >> j) & kLowBits;
    if (++in_lanes == 255) empty_lanes();
  }
  empty_lanes();
  std::uint64_t out = 0;
  for (size_t bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) out |= std::uint64_t{1} << bit;
  }
  return out;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

std::vector<std::uint64_t> word_shingles(std::string_view text) {
  constexpr std::size_t kShingleWords = 3;
  std::vector<std::uint64_t> words = word_hashes(text);
  std::vector<std::uint64_t> shingles;
  if (words.empty()) return shingles;
  std::size_t count = words.size() < kShingleWords ? 1 : words.size() - kShingleWords + 1;
  shingles.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t h = 0;
    // Mixed at each step, so that the order of the words counts.
    for (std::size_t k = 0; k < kShingleWords && i + k < words.size(); ++k) h = mix(h ^ words[i + k]);
    shingles.push_back(h);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

double shingle_overlap(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
  if (x.empty() || y.empty()) return x.empty() && y.empty() ? 1.0 : 0.0;
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(std::max(x.size(), y.size()));
}

double shingle_overlap(std::string_view a, std::string_view b) {
  return shingle_overlap(word_shingles(a), word_shingles(b));
}

std::string simhash_hex(std::uint64_t h) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kHex[h & 0xF];
  return out;
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &digest_size, EVP_sha256(), nullptr) != 1) {
    return {};  // only on allocation failure inside OpenSSL
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest_size);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

RecordJson to_json(const Record& record) {
  const clean::Metadata& meta = record.article.meta;
  RecordJson out = RecordJson::object();
  put_string(out, "url", meta.url);
  // A page without URL (a file cleaned without --url) is named by where it came from.
  if (meta.url.empty()) put_string(out, "source", record.source);
  put_string(out, "canonical_url", meta.canonical_url);
  put_string(out, "title", meta.title);
  put_string(out, "author", meta.author);
  put_string(out, "date", meta.date);
  put_string(out, "date_modified", meta.date_modified);
  put_string(out, "site_name", meta.site_name);
  put_string(out, "hostname", meta.hostname);
  put_string(out, "language", meta.language);
  put_string(out, "description", meta.description);
  put_string(out, "image", meta.image);
  put_list(out, "tags", meta.tags);
  put_list(out, "categories", meta.categories);
  out["page_type"] = clean::page_type_name(record.article.page_type);
  out["is_article"] = record.article.is_article;
  put_string(out, "text", record.text);
  out["word_count"] = record.article.word_count();
  put_string(out, "content_hash", record.content_hash);
  if (!record.text.empty()) out["simhash"] = simhash_hex(record.simhash);
  if (record.status != 0) out["status"] = record.status;
  put_string(out, "fetched_at", record.fetched_at);
  put_string(out, "etag", record.etag);
  put_string(out, "last_modified", record.last_modified);
  return out;
}

std::string utc_iso8601(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc));
}

std::string utc_iso8601_now() { return utc_iso8601(static_cast<std::int64_t>(std::time(nullptr))); }

namespace {

std::string string_field(const nlohmann::ordered_json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(std::string("record: '") + key + "' must be a string");
  return it->get<std::string>();
}

std::vector<std::string> list_field(const nlohmann::ordered_json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return {};
  std::string error = std::string("record: '") + key + "' must be a list of strings";
  if (!it->is_array()) throw std::invalid_argument(error);
  std::vector<std::string> values;
  for (const auto& value : *it) {
    if (!value.is_string()) throw std::invalid_argument(error);
    values.push_back(value.get<std::string>());
  }
  return values;
}

}  // namespace

Record record_from_json(const nlohmann::ordered_json& json) {
  if (!json.is_object()) throw std::invalid_argument("record: must be an object (a dict), not " + std::string(json.type_name()));
  clean::Article article;
  clean::Metadata& meta = article.meta;
  meta.url = string_field(json, "url");
  meta.canonical_url = string_field(json, "canonical_url");
  meta.title = string_field(json, "title");
  meta.author = string_field(json, "author");
  meta.date = string_field(json, "date");
  meta.date_modified = string_field(json, "date_modified");
  meta.site_name = string_field(json, "site_name");
  meta.hostname = string_field(json, "hostname");
  meta.language = string_field(json, "language");
  meta.description = string_field(json, "description");
  meta.image = string_field(json, "image");
  meta.tags = list_field(json, "tags");
  meta.categories = list_field(json, "categories");
  if (std::string type = string_field(json, "page_type"); !type.empty()) {
    std::optional<clean::PageType> known = clean::page_type_from_name(type);
    if (!known) throw std::invalid_argument("record: unknown page_type '" + type + "'");
    article.page_type = *known;
  }
  auto is_article = json.find("is_article");
  if (is_article != json.end() && !is_article->is_null()) {
    if (!is_article->is_boolean()) throw std::invalid_argument("record: 'is_article' must be a bool");
    article.is_article = is_article->get<bool>();
  } else {
    article.is_article = article.page_type == clean::PageType::Article;
  }
  std::string text = string_field(json, "text");
  if (!text.empty()) {
    clean::Block block;  // the text's lines stay as they are: the stores keep `text`, not blocks
    block.text = text;
    article.blocks.push_back(std::move(block));
  }
  Record record;
  record.article = std::move(article);
  record.source = string_field(json, "source");
  record.text = std::move(text);
  record.content_hash = sha256_hex(record.text);
  record.simhash = simhash64(record.text);
  auto status = json.find("status");
  if (status != json.end() && !status->is_null()) {
    if (!status->is_number_integer()) throw std::invalid_argument("record: 'status' must be an int");
    record.status = status->get<long>();
  }
  record.fetched_at = string_field(json, "fetched_at");
  record.etag = string_field(json, "etag");
  record.last_modified = string_field(json, "last_modified");
  return record;
}

}  // namespace winnow::store
