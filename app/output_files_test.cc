#include "app/output_files.h"
#include "tests/temp_dir.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::app {
namespace {

using namespace std::string_view_literals;

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A fresh directory under the system temp dir, removed at scope end.
using winnow::testing::TempDir;

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

// What a stem must be to stay one plain entry of the output directory.
void check_contained(const std::string& stem) {
  INFO(stem);
  CHECK_FALSE(stem.empty());
  CHECK(stem != ".");
  CHECK(stem != "..");
  CHECK(stem.find('/') == std::string::npos);
  CHECK(stem.find('\0') == std::string::npos);
  CHECK(stem.size() <= 120);
}

TEST_CASE("output_stem keeps URL-derived names inside --out", "[output]") {
  const std::vector<std::string> hostile = {
      "http://example.com/../../etc/passwd",
      "http://example.com/..",
      "http://../",
      "http://..",
      "http://.",
      "http://",
      "https:///etc/passwd",
      "http://example.com/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "http://example.com/%2E%2E/x",
      "http://example.com\\..\\..\\evil",
      "http://example.com/a\\b",
      std::string("http://example.com/a\0/../b"sv),
      "http://example.com/" + std::string(5000, '/'),
      "http://example.com/" + std::string(300, '.'),
      "http://" + std::string(1000, 'h') + "/" + std::string(1000, 'p'),
      "http://u:p@ss@example.com/x",
      "HTTP://EXAMPLE.COM/../A",
  };
  for (const std::string& url : hostile) check_contained(output_stem(url));
  CHECK(output_stem("http://example.com/../../etc/passwd") == "example.com_.._.._etc_passwd");
  CHECK(output_stem("http://..") == "page");
  CHECK(output_stem("http://.") == "page");
  CHECK(output_stem("http://") == "page");
  CHECK(output_stem("https:///etc/passwd") == "_etc_passwd");
  CHECK(output_stem("http://example.com/%2e%2e%2fx") == "example.com__2e_2e_2fx");
  CHECK(output_stem("http://example.com\\..\\evil") == "example.com_.._evil");
  CHECK(output_stem("http://example.com/a\0b"sv) == "example.com_a_b");
  // The password is dropped whole, also when it holds a raw '@'.
  CHECK(output_stem("http://u:p@ss@example.com/x") == "example.com_x");
}

TEST_CASE("output_stem bounds and sanitizes names of files too", "[output]") {
  for (std::string_view path : {"/etc/passwd"sv, "../../x.html"sv, "dir/.."sv, "dir/."sv, ".."sv, "/"sv,
                                "a\0b.html"sv}) {
    check_contained(output_stem(path));
  }
  CHECK(output_stem("../../x.html") == "x");
  CHECK(output_stem("/etc/passwd") == "passwd");
  CHECK(output_stem("dir/..") == "page");
  CHECK(output_stem("a\0b.html"sv) == "a_b");
  std::string long_name = std::string(250, 'n') + ".html";
  CHECK(output_stem(long_name) == std::string(120, 'n'));
  // 119 ASCII bytes and then a two-byte character: cut before it, not through it.
  std::string accented = std::string(119, 'e') + "\xC3\xA9" + std::string(50, 'e') + ".html";
  CHECK(output_stem(accented) == std::string(119, 'e'));
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

TEST_CASE("unique_output_names keeps a directory input's path below it", "[output]") {
  std::vector<std::string> inputs = {"site/a/b.html", "site/a/c.xhtml", "site/a/b.htm", "x/index.html.gz", "-"};
  std::vector<std::string> relative = {"a/b.html", "a/c.xhtml", "a/b.htm", "index.html.gz", ""};
  CHECK(unique_output_names(inputs, relative, "txt") ==
        std::vector<std::string>{"a/b.txt", "a/c.txt", "a/b-2.txt", "index.txt", "stdin.txt"});
  // A component that could climb out of --out is left out; a NUL cannot end a name early.
  CHECK(unique_output_names({"s/../x.html"}, {"../x.html"}, "md") == std::vector<std::string>{"x.md"});
  CHECK(unique_output_names({"s/./d/x.html"}, {"./d/x.html"}, "md") == std::vector<std::string>{"d/x.md"});
}

TEST_CASE("write_output_file creates the subdirectories of a relative name", "[output]") {
  TempDir dir;
  REQUIRE(write_output_file(dir.path.string(), "a/b/c.txt", "text\n").empty());
  CHECK(read_all(dir.path / "a" / "b" / "c.txt") == "text\n");
  REQUIRE(write_output_file(dir.path.string(), "top.txt", "top").empty());
  CHECK(read_all(dir.path / "top.txt") == "top");
  CHECK_FALSE(write_output_file(dir.path.string(), "a/../../escape.txt", "x").empty());
  CHECK_FALSE(write_output_file(dir.path.string(), "/abs.txt", "x").empty());
  CHECK_FALSE(std::filesystem::exists(dir.path.parent_path() / "escape.txt"));
}

TEST_CASE("write_file_atomically writes the file and leaves no temporary", "[output]") {
  TempDir dir;
  CHECK(write_file_atomically(dir.path.string(), "a.txt", "hello\n").empty());
  CHECK(read_all(dir.path / "a.txt") == "hello\n");
  CHECK(write_file_atomically(dir.path.string(), "a.txt", "again\n").empty());
  CHECK(read_all(dir.path / "a.txt") == "again\n");
  CHECK_FALSE(std::filesystem::exists(dir.path / ".a.txt.tmp"));
}

TEST_CASE("write_file_atomically refuses names that are not a plain entry of the directory", "[output]") {
  TempDir dir;
  std::filesystem::create_directory(dir.path / "out");
  const std::string out = (dir.path / "out").string();
  for (std::string_view name : {""sv, "."sv, ".."sv, "../escaped.txt"sv, "sub/x.txt"sv, "/tmp/x.txt"sv,
                                "x\0.txt"sv}) {
    INFO(name);
    CHECK(write_file_atomically(out, std::string(name), "x") == "cannot write to " + out + ": unsafe file name");
  }
  CHECK(write_file_atomically(out, std::string(300, 'n'), "x") == "cannot write to " + out + ": unsafe file name");
  CHECK_FALSE(std::filesystem::exists(dir.path / "escaped.txt"));
  CHECK(std::filesystem::is_empty(dir.path / "out"));
  // Every name unique_output_names gives for hostile inputs is written inside the directory.
  std::vector<std::string> inputs = {"http://x/../../escaped", "http://..", "http://x/%2e%2e%2fescaped",
                                     "http://" + std::string(2000, 'a'), "../escaped.html"};
  for (const std::string& name : unique_output_names(inputs, "json")) {
    CHECK(write_file_atomically(out, name, "{}").empty());
  }
  std::size_t written = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path / "out")) {
    CHECK(entry.is_regular_file());
    ++written;
  }
  CHECK(written == inputs.size());
  CHECK_FALSE(std::filesystem::exists(dir.path / "escaped.json"));
}

TEST_CASE("write_file_atomically does not write through a link planted as its temporary", "[output]") {
  TempDir dir;
  std::ofstream(dir.path / "target.txt") << "untouched";
  std::filesystem::create_directory(dir.path / "out");
  std::filesystem::create_symlink(dir.path / "target.txt", dir.path / "out" / ".a.txt.tmp");
  CHECK(write_file_atomically((dir.path / "out").string(), "a.txt", "fresh").empty());
  CHECK(read_all(dir.path / "target.txt") == "untouched");
  CHECK(read_all(dir.path / "out" / "a.txt") == "fresh");
  CHECK_FALSE(std::filesystem::is_symlink(dir.path / "out" / "a.txt"));
  // A link under the final name is replaced by the file, its target left alone.
  std::filesystem::create_symlink(dir.path / "target.txt", dir.path / "out" / "b.txt");
  CHECK(write_file_atomically((dir.path / "out").string(), "b.txt", "fresh").empty());
  CHECK(read_all(dir.path / "target.txt") == "untouched");
  CHECK_FALSE(std::filesystem::is_symlink(dir.path / "out" / "b.txt"));
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
