// WARC records as pages for the cleaner: which records are pages (2xx HTML responses, HTML
// resource records), what they carry along (URL, date), and which are skipped.
#include "crawl/page_input.h"

#include <catch2/catch.hpp>

#include <string>

namespace winnow::crawl {
namespace {

const std::string kPage =
    "<!doctype html><html><head><title>Plums</title></head>"
    "<body><p>The plum tree by the station bloomed this morning.</p></body></html>";

store::WarcRecord resource(const std::string& content_type, const std::string& block) {
  store::WarcRecord record;
  record.type = "resource";
  record.target_uri = "https://example.com/plums.html";
  record.date = "2026-11-23T10:00:00Z";
  record.warc_headers = {{"WARC-Type", "resource"},
                         {"WARC-Target-URI", record.target_uri},
                         {"WARC-Date", record.date},
                         {"Content-Length", std::to_string(block.size())}};
  if (!content_type.empty()) record.warc_headers.emplace_back("Content-Type", content_type);
  record.block = block;
  return record;
}

// A 200 text/html HTTP block, as a response record (or a revisit keeping one) holds it.
store::WarcRecord with_http_block(const std::string& type) {
  store::WarcRecord record;
  record.type = type;
  record.target_uri = "https://example.com/plums.html";
  record.date = "2026-11-23T10:00:00Z";
  record.http_status = 200;
  record.http_headers = {{"Content-Type", "text/html; charset=utf-8"}};
  record.payload = kPage;
  record.block = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + kPage;
  return record;
}

}  // namespace

TEST_CASE("warc pages: an HTML resource record is a page, with its URI and date", "[page_input]") {
  LoadedPage page;
  REQUIRE(page_from_warc(resource("text/html", kPage), page) == WarcPage::Page);
  CHECK(page.url == "https://example.com/plums.html");
  CHECK(page.fetched_at == "2026-11-23T10:00:00Z");
  CHECK(page.utf8 == kPage);
  CHECK(page.status == 0);  // no HTTP exchange was kept
  CHECK(page.ok());

  CHECK(page_from_warc(resource("application/xhtml+xml", kPage), page) == WarcPage::Page);
  CHECK(page_from_warc(resource("TEXT/HTML; charset=UTF-8", kPage), page) == WarcPage::Page);
}

TEST_CASE("warc pages: a resource record's charset comes from its own Content-Type",
          "[page_input]") {
  LoadedPage page;
  std::string latin1 = "<html><body><p>Gr\xFC\xDF" "e aus Z\xFCrich, caf\xE9 und Kuchen.</p></body></html>";
  REQUIRE(page_from_warc(resource("text/html; charset=iso-8859-1", latin1), page) == WarcPage::Page);
  CHECK(page.utf8.find("Gr\xC3\xBC\xC3\x9F" "e aus Z\xC3\xBCrich") != std::string::npos);
}

TEST_CASE("warc pages: a resource record that is not HTML is skipped", "[page_input]") {
  LoadedPage page;
  CHECK(page_from_warc(resource("image/png", "\x89PNG\r\n\x1a\n"), page) == WarcPage::Other);
  CHECK(page_from_warc(resource("text/plain", "plain words"), page) == WarcPage::Other);
  CHECK(page_from_warc(resource("text/dns", "example.com. 300 IN A 192.0.2.1"), page) == WarcPage::Other);
  // Without a Content-Type a resource record could hold anything: it is not taken for a page.
  CHECK(page_from_warc(resource("", kPage), page) == WarcPage::Other);
}

TEST_CASE("warc pages: a resource record typed HTML that holds no page fails", "[page_input]") {
  LoadedPage page;
  std::string elf = std::string("\x7F" "ELF\x02\x01\x01", 7) + std::string(64, '\0');
  CHECK(page_from_warc(resource("text/html", elf), page) == WarcPage::Failed);
  CHECK_FALSE(page.error.empty());
}

TEST_CASE("warc pages: revisit, request, metadata and warcinfo records are skipped", "[page_input]") {
  LoadedPage page;
  // A revisit record may keep the HTTP head of what it revisits: still not a page.
  CHECK(page_from_warc(with_http_block("revisit"), page) == WarcPage::Other);
  for (const char* type : {"request", "metadata", "warcinfo", "conversion", ""}) {
    INFO(type);
    store::WarcRecord record = resource("text/html", kPage);
    record.type = type;
    CHECK(page_from_warc(record, page) == WarcPage::Other);
  }
  // The record a 2xx HTML response was, for contrast.
  REQUIRE(page_from_warc(with_http_block("response"), page) == WarcPage::Page);
  CHECK(page.status == 200);
}

}  // namespace winnow::crawl
