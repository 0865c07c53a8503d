#include "app/clean_inputs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
#include <utility>

#include "crawl/page_input.h"

namespace winnow::app {

using crawl::is_url;

namespace {

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

}  // namespace

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

}  // namespace winnow::app
