#include "store/record.h"

#include <openssl/evp.h>

#include <type_traits>
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

Record make_record(clean::Article article) {
  Record record;
  record.text = article.text();
  record.content_hash = sha256_hex(record.text);
  record.article = std::move(article);
  return record;
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
  out["is_article"] = record.article.is_article;
  put_string(out, "text", record.text);
  out["word_count"] = record.article.word_count();
  put_string(out, "content_hash", record.content_hash);
  if (record.status != 0) out["status"] = record.status;
  put_string(out, "fetched_at", record.fetched_at);
  put_string(out, "etag", record.etag);
  put_string(out, "last_modified", record.last_modified);
  return out;
}

}  // namespace winnow::store
