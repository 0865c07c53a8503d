#include "crawl/page_input.h"

#include <utility>

#include "fetch/fetcher.h"
#include "fetch/html_sniff.h"

namespace winnow::crawl {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// `lower` is lower case already.
bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() && starts_with_ignoring_case(text, lower);
}

std::string header_value(const fetch::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

LoadedPage fetch_page(const std::string& url, const PageInputOptions& options) {
  LoadedPage page;
  fetch::GetOptions get_options;
  get_options.allow_private_addresses = options.allow_private_addresses;
  fetch::Response response = fetch::http_get(url, get_options);
  if (!response.ok()) {
    page.error = response.error.empty() ? fetch::to_string(response.error_kind) : response.error;
    // The guard is on by default; say how to lift it, since local test servers trip it.
    if (response.error_kind == fetch::ErrorKind::ForbiddenAddress) {
      page.error += " (pass --allow-private to fetch it)";
    }
    return page;
  }
  if (response.status < 200 || response.status > 299) {
    page.error = "HTTP " + std::to_string(response.status);
    return page;
  }
  // The rule `winnow fetch` keeps pages by: a PDF or an image is no page to clean.
  if (std::string type = fetch::media_type(response.content_type); !fetch::is_html_type(type)) {
    page.error = fetch::not_html_message(type);
    return page;
  }
  page.url = response.final_url.empty() ? url : response.final_url;
  page.status = response.status;
  page.fetched_at = store::utc_iso8601_now();
  page.etag = header_value(response.headers, "etag");
  page.last_modified = header_value(response.headers, "last-modified");
  page.utf8 = std::move(fetch::decode_to_utf8(response.body, response.content_type).utf8);
  // No type, or an HTML type over a body that is none: the bytes decide.
  page.error = fetch::not_html_reason(response.body, page.utf8);
  if (!page.ok()) page.utf8.clear();
  return page;
}

// read_file names the file in its messages; the caller names the input already.
std::string without_name(std::string error, const std::string& name) {
  if (error.starts_with(name + ": ")) error.erase(0, name.size() + 2);
  return error;
}

}  // namespace

bool is_url(std::string_view input) {
  return starts_with_ignoring_case(input, "http://") ||
         starts_with_ignoring_case(input, "https://");
}

LoadedPage load_page(const std::string& input, const PageInputOptions& options) {
  if (is_url(input)) return fetch_page(input, options);
  LoadedPage page;
  bool from_stdin = input == "-";
  fetch::FileBytes file = from_stdin ? fetch::read_stdin() : fetch::read_file(input);
  if (!file.ok()) {
    page.error = without_name(std::move(file.error), from_stdin ? "stdin" : input);
    return page;
  }
  page.url = options.url;
  page.utf8 = std::move(fetch::decode_to_utf8(file.bytes).utf8);
  page.error = fetch::not_html_reason(file.bytes, page.utf8);
  if (!page.ok()) page.utf8.clear();
  return page;
}

LoadedPage page_from_fetch(fetch::FetchResult& result) {
  LoadedPage page;
  page.utf8 = std::move(result.body);
  page.url = result.final_url.empty() ? result.request.url : result.final_url;
  page.status = result.status;
  page.fetched_at = store::utc_iso8601_now();
  page.etag = header_value(result.headers, "etag");
  page.last_modified = header_value(result.headers, "last-modified");
  return page;
}

store::WarcResponse warc_response(const fetch::FetchResult& result) {
  store::WarcResponse response;
  response.target_uri = result.final_url.empty() ? result.request.url : result.final_url;
  response.status = result.status;
  response.reason = result.reason;
  response.headers = result.headers;  // the writer leaves out the encoding headers
  response.body = result.raw_body;
  response.fetched_at = store::utc_iso8601_now();
  response.ip_address = result.ip_address;
  return response;
}

namespace {

// A resource record (WARC 1.1, section 6.3.4) is the page itself, without an HTTP head: other
// tools archive pages that way (browser captures, file imports). Its own Content-Type must say
// HTML: unlike an HTTP response, a resource record without one is data of any kind.
WarcPage page_from_resource(const store::WarcRecord& record, LoadedPage& page) {
  std::string content_type;
  for (const auto& [name, value] : record.warc_headers) {
    if (equals_ignoring_case(name, "content-type")) content_type = value;
  }
  std::string media = fetch::media_type(content_type);
  if (media.empty() || !fetch::is_html_type(media)) return WarcPage::Other;
  page.url = record.target_uri;
  page.fetched_at = record.date;
  page.utf8 = std::move(fetch::decode_to_utf8(record.block, content_type).utf8);
  page.error = fetch::not_html_reason(record.block, page.utf8);
  return page.ok() ? WarcPage::Page : WarcPage::Failed;
}

}  // namespace

WarcPage page_from_warc(const store::WarcRecord& record, LoadedPage& page) {
  page = LoadedPage();
  if (record.type == "resource") return page_from_resource(record, page);
  if (record.type != "response" || record.http_status < 200 || record.http_status > 299) return WarcPage::Other;
  std::string content_type;
  for (const auto& [name, value] : record.http_headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (lower == "content-type") content_type = value;
    else if (lower == "etag") page.etag = value;
    else if (lower == "last-modified") page.last_modified = value;
  }
  if (!fetch::is_html_type(fetch::media_type(content_type))) return WarcPage::Other;
  page.url = record.target_uri;
  page.status = record.http_status;
  page.fetched_at = record.date;
  std::string payload;
  if (!store::decoded_http_payload(record, payload, page.error)) return WarcPage::Failed;
  page.utf8 = std::move(fetch::decode_to_utf8(payload, content_type).utf8);
  page.error = fetch::not_html_reason(payload, page.utf8);
  return page.ok() ? WarcPage::Page : WarcPage::Failed;
}

store::Record page_record(clean::Article article, const LoadedPage& page, const std::string& source) {
  store::Record record = store::make_record(std::move(article), page.url.empty() ? source : page.url);
  record.status = page.status;
  record.fetched_at = page.fetched_at;
  record.etag = page.etag;
  record.last_modified = page.last_modified;
  return record;
}

}  // namespace winnow::crawl
