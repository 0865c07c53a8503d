#include "app/page_type_tally.h"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

namespace winnow::app {
namespace {

clean::Article of_type(clean::PageType type) {
  clean::Article a;
  a.page_type = type;
  a.is_article = type == clean::PageType::Article;
  return a;
}

}  // namespace

TEST_CASE("page type tally: the pages of other types than article, by type in the API's order") {
  PageTypeTally tally;
  CHECK(tally.not_articles() == 0);
  CHECK(tally.summary() == "0 not articles, left empty by --articles-only");
  tally.add(of_type(clean::PageType::Article));
  tally.add(of_type(clean::PageType::Service));
  tally.add(of_type(clean::PageType::Listing));
  tally.add(of_type(clean::PageType::Listing));
  tally.add(of_type(clean::PageType::Forum));
  CHECK(tally.not_articles() == 4);
  CHECK(tally.summary() == "4 not articles, left empty by --articles-only (forum x1, listing x2, service x1)");
}

TEST_CASE("page type tally: counts from several threads add up") {
  PageTypeTally tally;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tally] {
      for (int i = 0; i < 1000; ++i) tally.add(of_type(i % 2 ? clean::PageType::Product : clean::PageType::Article));
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(tally.not_articles() == 2000);
  CHECK(tally.summary() == "2000 not articles, left empty by --articles-only (product x2000)");
}

}  // namespace winnow::app
