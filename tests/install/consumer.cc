// A program that embeds winnow as its users would: only <winnow/winnow.h> and what pkg-config or
// find_package(winnow) give. tests/install_test.sh builds it against an installed prefix.
#include <winnow/winnow.h>

#include <cstdio>
#include <string>

int main() {
  const std::string html =
      "<!doctype html><html lang=en><head><title>Otters hold hands - River News</title></head><body>"
      "<nav><a href=/>Home</a> <a href=/about>About</a></nav>"
      "<article><h1>Otters hold hands</h1>"
      "<p>Sea otters hold hands while they sleep so that the current does not carry them apart. "
      "Keepers at the estuary watched a raft of twelve drift for an hour without losing one.</p>"
      "<p>The habit is learnt young: pups are wrapped in kelp before they can hold on by themselves, "
      "and older otters keep a paw on them through the night.</p></article>"
      "<footer>Copyright River News. All rights reserved.</footer></body></html>";
  winnow::clean::Article article = winnow::clean::clean_html(html, "https://news.example/otters");
  // A record as the stores write it: the store stage links too.
  winnow::store::Record record = winnow::store::make_record(article);
  // A crawl's config for a start URL, with the defaults: the crawl stage links too (nothing is
  // fetched).
  winnow::crawl::StartUrls start;
  start.seeds.push_back("https://news.example/");
  winnow::config::CrawlConfig crawl = winnow::crawl::config_for_urls(start, "/tmp");
  std::printf("title: %s\nhost: %s\nhash: %s\ncrawl: %s\n---\n%s\n", article.meta.title.c_str(),
              article.meta.hostname.c_str(), record.content_hash.c_str(), crawl.name.c_str(),
              article.text().c_str());
  return article.text().find("current does not carry them apart") == std::string::npos ? 1 : 0;
}
