#include "clean/metadata_header.h"

#include <catch2/catch.hpp>
#include <string>

namespace winnow::clean {
namespace {

Article sample_article() {
  Article article;
  article.meta.title = "Pumpkins: a \"giant\" year";
  article.meta.author = "Ann Lee; Bo Chen";
  article.meta.date = "2024-10-02";
  article.meta.url = "https://news.example/pumpkins";
  article.meta.hostname = "news.example";
  article.meta.site_name = "Valley News";
  article.meta.language = "en";
  article.meta.tags = {"fair", "farming, local"};
  article.page_type = PageType::Article;
  return article;
}

TEST_CASE("yaml_quoted escapes quotes, backslashes and control characters", "[metadata_header]") {
  CHECK(yaml_quoted("plain") == "\"plain\"");
  CHECK(yaml_quoted("") == "\"\"");
  CHECK(yaml_quoted("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
  CHECK(yaml_quoted("a\nb\tc\rd") == "\"a\\nb\\tc\\rd\"");
  CHECK(yaml_quoted(std::string("nul\0bell\x07", 9)) == "\"nul\\x00bell\\x07\"");
  CHECK(yaml_quoted("del\x7f") == "\"del\\x7F\"");
  // C1 controls, the YAML 1.1 line breaks and a byte-order mark are escaped; other text is kept.
  CHECK(yaml_quoted("\xC2\x85next") == "\"\\x85next\"");
  CHECK(yaml_quoted("a\xE2\x80\xA8" "b\xE2\x80\xA9") == "\"a\\u2028b\\u2029\"");
  CHECK(yaml_quoted("\xEF\xBB\xBFtitle") == "\"\\uFEFFtitle\"");
  CHECK(yaml_quoted("서울 — Zürich 🎃") == "\"서울 — Zürich 🎃\"");
  // YAML indicators mean nothing inside double quotes: they need no escape.
  CHECK(yaml_quoted("- [a]: {b} # c & *d !e |f >g '") == "\"- [a]: {b} # c & *d !e |f >g '\"");
}

TEST_CASE("yaml_quoted replaces invalid UTF-8", "[metadata_header]") {
  CHECK(yaml_quoted("a\xFF" "b") == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(yaml_quoted("\xC3") == "\"\xEF\xBF\xBD\"");                    // cut short
  CHECK(yaml_quoted("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");    // overlong '/'
  CHECK(yaml_quoted("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // a surrogate
}

TEST_CASE("markdown_front_matter: quoted fields in schema order, lists as flow sequences", "[metadata_header]") {
  CHECK(markdown_front_matter(sample_article()) ==
        "---\n"
        "title: \"Pumpkins: a \\\"giant\\\" year\"\n"
        "author: \"Ann Lee; Bo Chen\"\n"
        "date: \"2024-10-02\"\n"
        "url: \"https://news.example/pumpkins\"\n"
        "hostname: \"news.example\"\n"
        "site_name: \"Valley News\"\n"
        "language: \"en\"\n"
        "tags: [\"fair\", \"farming, local\"]\n"
        "page_type: \"article\"\n"
        "---\n\n");
}

TEST_CASE("markdown_front_matter: a title cannot end the block or add a key", "[metadata_header]") {
  Article article;
  article.meta.title = "x\n---\nevil: true";
  article.page_type = PageType::Listing;
  CHECK(markdown_front_matter(article) ==
        "---\ntitle: \"x\\n---\\nevil: true\"\npage_type: \"listing\"\n---\n\n");
}

TEST_CASE("text_metadata_header: key: value lines, then a blank line", "[metadata_header]") {
  CHECK(text_metadata_header(sample_article()) ==
        "title: Pumpkins: a \"giant\" year\n"
        "author: Ann Lee; Bo Chen\n"
        "date: 2024-10-02\n"
        "url: https://news.example/pumpkins\n"
        "hostname: news.example\n"
        "site_name: Valley News\n"
        "language: en\n"
        "tags: fair, farming, local\n"
        "page_type: article\n"
        "\n");
  Article article;
  article.meta.title = "two\nlines\tand\x01more";
  CHECK(text_metadata_header(article) == "title: two lines and more\npage_type: article\n\n");
}

TEST_CASE("metadata headers name the source only when there is no URL", "[metadata_header]") {
  Article article;
  CHECK(text_metadata_header(article, "site/a.html") == "source: site/a.html\npage_type: article\n\n");
  CHECK(markdown_front_matter(article, "site/a.html") ==
        "---\nsource: \"site/a.html\"\npage_type: \"article\"\n---\n\n");
  CHECK(text_metadata_header(sample_article(), "site/a.html").find("source") == std::string::npos);
}

}  // namespace
}  // namespace winnow::clean
