#include "app/line_diff.h"

#include <catch2/catch.hpp>

#include <string>

namespace winnow::app {

TEST_CASE("line_diff is empty for equal texts", "[diff]") {
  CHECK(line_diff("a\nb\n", "a\nb\n").empty());
  CHECK(line_diff("", "").empty());
}

TEST_CASE("line_diff shows a changed line with context", "[diff]") {
  std::string diff = line_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n");
  CHECK(diff == "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("line_diff shows insertions and deletions", "[diff]") {
  CHECK(line_diff("a\nb\nc\n", "a\nc\nd\n") == "@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n");
  CHECK(line_diff("", "new\n") == "@@ -1,0 +1,1 @@\n+new\n");
}

TEST_CASE("line_diff splits distant changes into hunks", "[diff]") {
  std::string expected, actual;
  for (int i = 0; i < 30; ++i) {
    expected += std::to_string(i) + "\n";
    actual += (i == 2 || i == 25 ? "x" : std::to_string(i)) + "\n";
  }
  std::string diff = line_diff(expected, actual, {1, 60});
  CHECK(diff == "@@ -2,3 +2,3 @@\n 1\n-2\n+x\n 3\n@@ -25,3 +25,3 @@\n 24\n-25\n+x\n 26\n");
}

TEST_CASE("line_diff notices a missing final newline", "[diff]") {
  std::string diff = line_diff("a\n", "a");
  CHECK(diff.find("+\\ no newline at end of file") != std::string::npos);
}

TEST_CASE("line_diff caps its output", "[diff]") {
  std::string expected, actual;
  for (int i = 0; i < 500; ++i) {
    expected += "old " + std::to_string(i) + "\n";
    actual += "new " + std::to_string(i) + "\n";
  }
  std::string diff = line_diff(expected, actual, {3, 60});
  std::size_t lines = 0;
  for (char c : diff) lines += c == '\n';
  CHECK(lines == 61);
  CHECK(diff.find("... 941 more diff lines\n") != std::string::npos);
}

}  // namespace winnow::app
