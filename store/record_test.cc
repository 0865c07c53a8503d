#include "store/record.h"

#include <catch2/catch.hpp>

#include <string>
#include <type_traits>
#include <vector>

#include "store/lookalike_page_test.h"

namespace winnow::store {
namespace {

clean::Article sample_article() {
  clean::Article article;
  article.meta.url = "https://example.com/a/story";
  article.meta.title = "A story";
  article.meta.hostname = "example.com";
  article.meta.language = "en";
  article.meta.tags = {"one", "two"};
  clean::Block heading;
  heading.kind = clean::Block::Kind::Heading;
  heading.level = 2;
  heading.text = "Heading";
  clean::Block paragraph;
  paragraph.text = "Three words here.";
  article.blocks = {heading, paragraph};
  return article;
}

// Keys of a dumped object in the order they appear in the text.
std::vector<std::string> keys_in_dump_order(const std::string& dumped) {
  nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(dumped);
  std::vector<std::string> keys;
  for (const auto& item : parsed.items()) keys.push_back(item.key());
  return keys;
}

}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors", "[record]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("make_record renders the text once and hashes it", "[record]") {
  Record record = make_record(sample_article());
  CHECK(record.text == record.article.text());
  CHECK(record.content_hash == sha256_hex(record.text));
  CHECK(record.content_hash.size() == 64);
}

TEST_CASE("to_json omits empty fields and never invents them", "[record]") {
  Record record = make_record(sample_article());
  auto json = to_json(record);
  CHECK(json["url"] == "https://example.com/a/story");
  CHECK(json["title"] == "A story");
  CHECK(json["tags"].size() == 2);
  for (const char* absent : {"canonical_url", "author", "date", "date_modified", "site_name",
                             "description", "image", "categories", "status", "fetched_at", "etag",
                             "last_modified"}) {
    INFO(absent);
    CHECK_FALSE(json.contains(absent));
  }
}

TEST_CASE("to_json names a page without URL by its source", "[record]") {
  clean::Article file_page;
  auto json = to_json(make_record(file_page, "site/a/b.html"));
  CHECK(json["source"] == "site/a/b.html");
  CHECK_FALSE(json.contains("url"));
  // With a URL the source is the URL fetched: not written twice.
  CHECK_FALSE(to_json(make_record(sample_article(), "https://example.com/a/story")).contains("source"));
}

TEST_CASE("to_json always carries word_count and content_hash", "[record]") {
  Record with_text = make_record(sample_article());
  auto json = to_json(with_text);
  CHECK(json["word_count"] == with_text.article.word_count());
  CHECK(json["content_hash"] == with_text.content_hash);
  CHECK(json["text"] == with_text.text);

  Record empty = make_record(clean::Article{});
  auto empty_json = to_json(empty);
  CHECK(empty_json["word_count"] == 0);
  CHECK(empty_json["content_hash"] == sha256_hex(""));
  CHECK_FALSE(empty_json.contains("text"));
}

TEST_CASE("to_json carries the page type as its word, beside is_article", "[record]") {
  clean::Article listing = sample_article();
  listing.page_type = clean::PageType::Listing;
  listing.is_article = false;
  auto json = to_json(make_record(listing));
  CHECK(json["page_type"] == "listing");
  CHECK(json["is_article"] == false);
  clean::Article story = sample_article();
  story.page_type = clean::PageType::Article;
  story.is_article = true;
  CHECK(to_json(make_record(story))["page_type"] == "article");
  for (clean::PageType type : clean::kPageTypes) {
    clean::Article a;
    a.page_type = type;
    CHECK(to_json(make_record(a))["page_type"] == clean::page_type_name(type));
  }
}

TEST_CASE("to_json adds fetch fields only when set", "[record]") {
  Record record = make_record(sample_article());
  record.status = 200;
  record.fetched_at = "2024-05-01T12:00:00Z";
  record.etag = "\"abc\"";
  auto json = to_json(record);
  CHECK(json["status"] == 200);
  CHECK(json["fetched_at"] == "2024-05-01T12:00:00Z");
  CHECK(json["etag"] == "\"abc\"");
  CHECK_FALSE(json.contains("last_modified"));
}

TEST_CASE("to_json lists fields in schema order", "[record]") {
  Record record = make_record(sample_article());
  record.status = 200;
  record.last_modified = "Wed, 01 May 2024 12:00:00 GMT";
  const std::vector<std::string> expected = {"url",        "title",        "hostname", "language",
                                             "tags",       "page_type",    "is_article",   "text",
                                             "word_count",
                                             "content_hash", "simhash", "status", "last_modified"};
  if constexpr (std::is_same_v<decltype(to_json(record)), nlohmann::ordered_json>) {
    CHECK(keys_in_dump_order(to_json(record).dump()) == expected);
  } else {
    FAIL("store/record.h: to_json returns nlohmann::json, whose std::map sorts keys; "
         "it must return nlohmann::ordered_json to keep the schema order");
  }
}

TEST_CASE("to_json survives invalid UTF-8 when dumped with replacement", "[record]") {
  clean::Article article;
  article.meta.title = std::string("bad \xff byte");
  auto json = to_json(make_record(article));
  std::string dumped = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  CHECK(dumped.find("\xef\xbf\xbd") != std::string::npos);
}

TEST_CASE("shingle overlap: copies and near copies high, same words in other text low", "[record]") {
  using namespace testing;
  CHECK(shingle_overlap(kLongStory, kLongStory) == 1.0);
  CHECK(shingle_overlap(kLongStory, story_one_sentence_changed()) >= kMinNearCopyOverlap);
  CHECK(shingle_overlap(kLongStory, story_other_footer()) >= kMinNearCopyOverlap);
  const std::string lookalike = lookalike_of(kLongStory, 238);
  CHECK(hamming_distance(simhash64(kLongStory), simhash64(lookalike)) <= 3);
  CHECK(shingle_overlap(kLongStory, lookalike) < 0.1);
  // Symmetric, and the longer text decides: a story is no near copy of its first paragraph.
  CHECK(shingle_overlap(story_other_footer(), kLongStory) == shingle_overlap(kLongStory, story_other_footer()));
  CHECK(shingle_overlap(kLongStory, kLongStory.substr(0, kLongStory.size() / 3)) < 0.4);
  CHECK(shingle_overlap("", "") == 1.0);
  CHECK(shingle_overlap("one two", "") == 0.0);
  CHECK(shingle_overlap("One, two.", "one two") == 1.0);
}

TEST_CASE("record_from_json stores again what to_json wrote", "[record]") {
  Record record = make_record(sample_article(), "page.html");
  record.article.meta.categories = {"News"};
  record.article.page_type = clean::PageType::Forum;
  record.status = 200;
  record.fetched_at = "2026-01-02T03:04:05Z";
  record.etag = "\"v1\"";
  auto json = to_json(record);
  Record again = record_from_json(json);
  CHECK(to_json(again) == json);
  CHECK(again.text == record.text);
  CHECK(again.simhash == record.simhash);
  CHECK(again.article.word_count() == record.article.word_count());
  CHECK_FALSE(again.article.is_article);
  CHECK(record_key(again) == record_key(record));
}

TEST_CASE("record_from_json recomputes what follows from the text and refuses wrong types", "[record]") {
  nlohmann::ordered_json json = {{"url", "https://example.com/x"}, {"text", "Two words"},
                                 {"word_count", 99}, {"content_hash", "forged"}, {"first_seen", "2026-01-01"}};
  Record record = record_from_json(json);
  CHECK(record.article.word_count() == 2);
  CHECK(record.content_hash == sha256_hex("Two words"));
  CHECK(record.article.is_article);  // page_type defaults to article
  CHECK_FALSE(to_json(record).contains("first_seen"));
  CHECK_THROWS_WITH(record_from_json({{"title", 3}}), "record: 'title' must be a string");
  CHECK_THROWS_WITH(record_from_json({{"tags", {"a", 1}}}), "record: 'tags' must be a list of strings");
  CHECK_THROWS_WITH(record_from_json({{"page_type", "blog"}}), "record: unknown page_type 'blog'");
  CHECK_THROWS_WITH(record_from_json(nlohmann::ordered_json::array()), "record: must be an object (a dict), not array");
}

}  // namespace winnow::store

namespace winnow::store {
namespace {

// `words` words drawn from a small vocabulary by a fixed sequence: texts whose fingerprints were
// recorded from simhash64's first implementation (a vote of +1 or -1 a bit a word).
std::string generated_text(size_t words) {
  const char* vocabulary[] = {"harbour", "Regatta", "council", "the", "of", "boats", "2023", "wind", "storm", "O'Neil",
                              "caf\xC3\xA9", "\xE5\x8C\x97\xE4\xBA\xAC", "well-known", "sails", "crew", "race"};
  std::string text;
  uint64_t state = 7;
  for (size_t i = 0; i < words; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    text += vocabulary[(state >> 33) % std::size(vocabulary)];
    text += i % 11 == 10 ? ".\n" : " ";
  }
  return text;
}

}  // namespace

TEST_CASE("simhash64 gives the fingerprints it always gave", "[record]") {
  CHECK(simhash64("") == 0);
  CHECK(simhash64(" ,. ") == 0);
  const std::pair<size_t, uint64_t> expected[] = {
      {1, 0x110c7cf95956c449},   {10, 0x3124ace368c0946a},  {254, 0x9934eefd70c8a4cd},
      {255, 0x9914eefd70c8a4cd}, {256, 0x9934eefd70c8a4cd}, {257, 0x9914eefd70c8a4cd},
      {600, 0xb914eefd78c8ac5d}, {5000, 0xb914eefd78c8ac5d}};
  for (auto [words, fingerprint] : expected) {
    INFO(words << " words");
    CHECK(simhash64(generated_text(words)) == fingerprint);
  }
  // Every vote the same way, more times than a byte counts: the one word's own hash.
  std::string repeated;
  for (int i = 0; i < 1000; ++i) repeated += "harbour ";
  CHECK(simhash64(repeated) == simhash64("harbour"));
  CHECK(simhash64("harbour") != 0);
}

}  // namespace winnow::store
