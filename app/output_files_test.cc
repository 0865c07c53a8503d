#include "app/output_files.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace winnow::app {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fresh directory under the system temp dir, removed at scope end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "winnow-app-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("output_stem strips .gz then .html/.htm from file names", "[output]") {
  CHECK(output_stem("dir/story.html") == "story");
  CHECK(output_stem("story.htm") == "story");
  CHECK(output_stem("/a/b/story.html.gz") == "story");
  CHECK(output_stem("story.HTML") == "story");
  CHECK(output_stem("notes.txt") == "notes.txt");
  CHECK(output_stem("archive.gz") == "archive");
  CHECK(output_stem("-") == "stdin");
  CHECK(output_stem(".html") == "page");
}

TEST_CASE("output_stem makes a safe bounded name from a URL", "[output]") {
  CHECK(output_stem("https://example.com/news/a story.html?x=1#top") == "example.com_news_a_story");
  CHECK(output_stem("http://127.0.0.1:8000/page.html") == "127.0.0.1_8000_page");
  CHECK(output_stem("https://example.com/") == "example.com");
  CHECK(output_stem("https://user:pw@example.com/a") == "example.com_a");
  std::string long_url = "https://example.com/" + std::string(500, 'x');
  CHECK(output_stem(long_url).size() == 120);
}

TEST_CASE("unique_output_names numbers later duplicates in input order", "[output]") {
  auto names = unique_output_names({"a/story.html", "b/story.html", "story.htm.gz", "other.html",
                                    "c/story-2.html"},
                                   "json");
  REQUIRE(names.size() == 5);
  CHECK(names[0] == "story.json");
  CHECK(names[1] == "story-2.json");
  CHECK(names[2] == "story-3.json");
  CHECK(names[3] == "other.json");
  CHECK(names[4] == "story-2-2.json");
}

TEST_CASE("write_file_atomically writes the file and leaves no temporary", "[output]") {
  TempDir dir;
  CHECK(write_file_atomically(dir.path.string(), "a.txt", "hello\n").empty());
  CHECK(read_all(dir.path / "a.txt") == "hello\n");
  CHECK(write_file_atomically(dir.path.string(), "a.txt", "again\n").empty());
  CHECK(read_all(dir.path / "a.txt") == "again\n");
  CHECK_FALSE(std::filesystem::exists(dir.path / ".a.txt.tmp"));
}

TEST_CASE("prepare_output_dir creates parents and reports a file in the way", "[output]") {
  TempDir dir;
  CHECK(prepare_output_dir((dir.path / "x" / "y").string()).empty());
  CHECK(std::filesystem::is_directory(dir.path / "x" / "y"));
  std::ofstream(dir.path / "afile") << "not a directory";
  std::string blocked = (dir.path / "afile" / "sub").string();
  std::string error = prepare_output_dir(blocked);
  CHECK(error.rfind("cannot write to " + blocked + ": ", 0) == 0);
  CHECK_FALSE(write_file_atomically(blocked, "a.txt", "x").empty());
}

}  // namespace winnow::app
