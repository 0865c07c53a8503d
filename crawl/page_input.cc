#include "crawl/page_input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
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

bool has_page_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return extension == ".html" || extension == ".htm" || extension == ".xhtml" || extension == ".gz";
}

// The pages below `dir`, sorted; an error message instead when the walk fails or finds none.
std::vector<CleanInput> pages_in_directory(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  std::vector<CleanInput> pages;
  std::error_code ec;
  // Without follow_directory_symlink a link to a directory is a leaf: no loop can form.
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_error;
    if (!has_page_extension(it->path()) || !it->is_regular_file(type_error)) continue;
    std::string relative = it->path().lexically_relative(dir).generic_string();
    pages.push_back({it->path().string(), {}, relative});
  }
  if (ec) {
    error = ec.message();
    return {};
  }
  if (pages.empty()) {
    error = "no .html, .htm, .xhtml or .gz files in this directory";
    return {};
  }
  std::sort(pages.begin(), pages.end(),
            [](const CleanInput& a, const CleanInput& b) { return a.relative < b.relative; });
  return pages;
}

bool is_directory(const std::string& input) {
  std::error_code ec;
  return input != "-" && !is_url(input) && std::filesystem::is_directory(input, ec);
}

// --list's lines: "path", "path<TAB>url" or "url"; blank and '#' lines skipped.
bool read_list_file(const std::string& list_file, std::vector<CleanInput>& inputs, std::string& usage_error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (list_file != "-") {
    errno = 0;
    file.open(list_file);
    if (!file) {
      usage_error = "--list " + list_file + ": " + (errno != 0 ? std::strerror(errno) : "cannot read it");
      return false;
    }
    in = &file;
  }
  std::string line;
  for (int number = 1; std::getline(*in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    CleanInput input;
    std::size_t tab = line.find('\t');
    input.path = line.substr(0, tab);
    if (tab != std::string::npos) {
      input.url = line.substr(tab + 1);
      while (!input.url.empty() && (input.url.back() == ' ' || input.url.back() == '\t')) input.url.pop_back();
      std::string where = list_file + ":" + std::to_string(number) + ": ";
      if (is_url(input.path) || input.path == "-") {
        usage_error = where + "a page URL after a TAB goes with a file path only";
        return false;
      }
      if (!is_url(input.url)) {
        usage_error = where + "after the TAB comes the page's http(s) URL";
        return false;
      }
    }
    inputs.push_back(std::move(input));
  }
  if (in->bad()) {
    usage_error = "--list " + list_file + ": cannot read it";
    return false;
  }
  return true;
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

std::vector<CleanInput> expand_inputs(const std::vector<std::string>& inputs, const std::string& list_file,
                                      std::vector<std::string>& errors, std::string& usage_error) {
  std::vector<CleanInput> given;
  for (const std::string& input : inputs) given.push_back({input, {}, {}});
  if (!list_file.empty() && !read_list_file(list_file, given, usage_error)) return {};
  std::vector<CleanInput> expanded;
  for (CleanInput& input : given) {
    if (!is_directory(input.path)) {
      expanded.push_back(std::move(input));
      continue;
    }
    if (!input.url.empty()) {
      errors.push_back(input.path + ": a directory takes no page URL");
      continue;
    }
    std::string error;
    std::vector<CleanInput> pages = pages_in_directory(input.path, error);
    if (!error.empty()) errors.push_back(input.path + ": " + error);
    for (CleanInput& page : pages) expanded.push_back(std::move(page));
  }
  return expanded;
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

WarcPage page_from_warc(const store::WarcRecord& record, LoadedPage& page) {
  page = LoadedPage();
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
