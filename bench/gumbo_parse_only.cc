// gumbo_parse_only: the floor of the cleaner's cost. Parses each input with Gumbo exactly as
// clean/dom.cc does (max_errors = 0), throws the tree away, and reports single-thread throughput.
// All inputs are read into memory first so that only parsing is timed.
//
// usage: gumbo_parse_only FILE... | @LISTFILE...   (a list file names one input per line)

#include <gumbo.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct LoadedInputs {
  std::vector<std::string> documents;
  std::string error;
};

bool read_file(const std::string& path, std::string& contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  contents = std::move(buffer).str();
  return !in.bad();
}

// Expands "@LIST" arguments into the paths they list; blank lines are skipped.
bool expand_argument(const std::string& argument, std::vector<std::string>& paths, std::string& error) {
  if (argument.empty() || argument[0] != '@') {
    paths.push_back(argument);
    return true;
  }
  std::ifstream list(argument.substr(1));
  if (!list) {
    error = "cannot open list file " + argument.substr(1);
    return false;
  }
  for (std::string line; std::getline(list, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) paths.push_back(line);
  }
  return true;
}

LoadedInputs load_inputs(int argc, char** argv) {
  LoadedInputs loaded;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    if (!expand_argument(argv[i], paths, loaded.error)) return loaded;
  }
  if (paths.empty()) {
    loaded.error = "no input files";
    return loaded;
  }
  loaded.documents.reserve(paths.size());
  for (const std::string& path : paths) {
    std::string contents;
    if (!read_file(path, contents)) {
      loaded.error = "cannot read " + path;
      return loaded;
    }
    loaded.documents.push_back(std::move(contents));
  }
  return loaded;
}

// Parses every document once; returns the sum of root child counts so the work cannot be
// optimised away.
size_t parse_all(const std::vector<std::string>& documents) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // same as clean/dom.cc: the error list is never read
  size_t root_children = 0;
  for (const std::string& html : documents) {
    GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
    if (output->root->type == GUMBO_NODE_ELEMENT) root_children += output->root->v.element.children.length;
    gumbo_destroy_output(&options, output);
  }
  return root_children;
}

}  // namespace

int main(int argc, char** argv) {
  LoadedInputs inputs = load_inputs(argc, argv);
  if (!inputs.error.empty()) {
    std::fprintf(stderr, "gumbo_parse_only: %s\nusage: gumbo_parse_only FILE... | @LISTFILE\n",
                 inputs.error.c_str());
    return 2;
  }
  size_t bytes = 0;
  for (const std::string& html : inputs.documents) bytes += html.size();

  auto start = std::chrono::steady_clock::now();
  size_t root_children = parse_all(inputs.documents);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  double megabytes = static_cast<double>(bytes) / 1e6;
  double pages = static_cast<double>(inputs.documents.size());
  // One machine-readable line: bench/speed.sh parses it by key.
  std::printf("bytes %zu pages %zu seconds %.6f MB/s %.3f pages/s %.3f\n", bytes, inputs.documents.size(),
              seconds, seconds > 0 ? megabytes / seconds : 0.0, seconds > 0 ? pages / seconds : 0.0);
  return root_children > 0 ? 0 : 1;
}
