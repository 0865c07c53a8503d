#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "fetch/fetcher.h"
#include "fetch/test_util.h"

namespace winnow::fetch {
namespace {

namespace fs = std::filesystem;
using test::gzip;

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "winnow_read_file_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, ignored);
    fs::remove_all(path_, ignored);
  }

  std::string write(const std::string& name, const std::string& bytes) const {
    fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("read_file returns a plain file's bytes", "[read_file]") {
  TempDir dir;
  std::string bytes = std::string("<html>\0binary\xFF ok</html>", 24);
  FileBytes result = read_file(dir.write("page.html", bytes));
  REQUIRE(result.ok());
  CHECK(result.bytes == bytes);
}

TEST_CASE("read_file handles empty and one-byte files", "[read_file]") {
  TempDir dir;
  FileBytes empty = read_file(dir.write("empty.html", ""));
  REQUIRE(empty.ok());
  CHECK(empty.bytes.empty());
  FileBytes one = read_file(dir.write("one", "\x1f"));
  REQUIRE(one.ok());
  CHECK(one.bytes == "\x1f");
}

TEST_CASE("read_file gunzips by magic bytes, whatever the name", "[read_file]") {
  TempDir dir;
  std::string page = "<html><p>compressed page</p></html>";
  FileBytes named = read_file(dir.write("page.html.gz", gzip(page)));
  REQUIRE(named.ok());
  CHECK(named.bytes == page);
  FileBytes unnamed = read_file(dir.write("page.html", gzip(page)));
  REQUIRE(unnamed.ok());
  CHECK(unnamed.bytes == page);
}

TEST_CASE("read_file gunzips concatenated members and ignores zero padding", "[read_file]") {
  TempDir dir;
  std::string big(200 * 1024, 'x');  // spans several read chunks
  FileBytes result = read_file(
      dir.write("multi.gz", gzip("first;") + gzip(big) + gzip(";last") + std::string(8, '\0')));
  REQUIRE(result.ok());
  CHECK(result.bytes == "first;" + big + ";last");
}

TEST_CASE("read_file caps plain files", "[read_file]") {
  TempDir dir;
  std::string path = dir.write("big.html", std::string(2000, 'a'));
  FileBytes over = read_file(path, 1000);
  CHECK_FALSE(over.ok());
  CHECK(over.bytes.empty());
  CHECK(contains(over.error, "larger than 1000 bytes"));
  CHECK(read_file(path, 2000).ok());
}

TEST_CASE("read_file rejects a gzip bomb past the cap", "[read_file]") {
  TempDir dir;
  std::string bomb = gzip(std::string(20 * 1024 * 1024, '\0'));
  REQUIRE(bomb.size() < 200 * 1024);
  FileBytes result = read_file(dir.write("bomb.gz", bomb), 1024 * 1024);
  CHECK_FALSE(result.ok());
  CHECK(result.bytes.empty());
  CHECK(contains(result.error, "larger than 1048576 bytes"));
}

TEST_CASE("read_file reports a missing file", "[read_file]") {
  TempDir dir;
  FileBytes result = read_file(dir.path() + "/nope.html");
  CHECK_FALSE(result.ok());
  CHECK(contains(result.error, "No such file"));
  CHECK(contains(result.error, "nope.html"));
}

TEST_CASE("read_file reports a directory", "[read_file]") {
  TempDir dir;
  FileBytes result = read_file(dir.path());
  CHECK_FALSE(result.ok());
  CHECK(contains(result.error, "Is a directory"));
}

TEST_CASE("read_file reports an unreadable file", "[read_file]") {
  if (::geteuid() == 0) {
    WARN("running as root, which can read any file: permission check skipped");
    return;
  }
  TempDir dir;
  std::string path = dir.write("secret.html", "secret");
  fs::permissions(path, fs::perms::none);
  FileBytes result = read_file(path);
  CHECK_FALSE(result.ok());
  CHECK(contains(result.error, "Permission denied"));
}

TEST_CASE("read_file reports corrupt and truncated gzip data", "[read_file]") {
  TempDir dir;
  std::string compressed = gzip(std::string(5000, 'z') + "some more text to compress");
  std::string corrupt = compressed;
  for (std::size_t i = 12; i < 20; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
  FileBytes bad = read_file(dir.write("bad.gz", corrupt));
  CHECK_FALSE(bad.ok());
  CHECK(contains(bad.error, "corrupt gzip data"));

  FileBytes truncated = read_file(dir.write("cut.gz", compressed.substr(0, compressed.size() / 2)));
  CHECK_FALSE(truncated.ok());
  CHECK(contains(truncated.error, "corrupt gzip data"));

  FileBytes garbage_after = read_file(dir.write("tail.gz", compressed + "trailing junk"));
  CHECK_FALSE(garbage_after.ok());
  CHECK(contains(garbage_after.error, "corrupt gzip data"));
}

TEST_CASE("read_stdin reads and gunzips standard input", "[read_file]") {
  TempDir dir;
  std::string path = dir.write("stdin.gz", gzip("from stdin"));
  int saved = ::dup(STDIN_FILENO);
  REQUIRE(saved >= 0);
  int file = ::open(path.c_str(), O_RDONLY);
  REQUIRE(file >= 0);
  REQUIRE(::dup2(file, STDIN_FILENO) == STDIN_FILENO);
  ::close(file);
  FileBytes result = read_stdin();
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  REQUIRE(result.ok());
  CHECK(result.bytes == "from stdin");
}


TEST_CASE("read_bytes reads bytes in memory as read_file reads a file", "[read_file]") {
  std::string page = "<html><p>in memory</p></html>";
  FileBytes plain = read_bytes(page, "html");
  REQUIRE(plain.ok());
  CHECK(plain.bytes == page);
  std::string big(200 * 1024, 'y');  // over several chunks, as a file is read
  FileBytes gunzipped = read_bytes(gzip(page) + gzip(big), "html");
  REQUIRE(gunzipped.ok());
  CHECK(gunzipped.bytes == page + big);
  CHECK(read_bytes("", "html").bytes.empty());
  CHECK(read_bytes("<", "html").bytes == "<");
  FileBytes over = read_bytes(std::string(2000, 'a'), "html", 1000);
  CHECK(over.error == "html: larger than 1000 bytes");
  FileBytes truncated = read_bytes(gzip(page).substr(0, 12), "html");
  CHECK(truncated.error == "html: corrupt gzip data (truncated)");
}

}  // namespace winnow::fetch
