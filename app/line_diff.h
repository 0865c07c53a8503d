// A small line diff for `winnow check` failures.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace winnow::app {

struct LineDiffOptions {
  std::size_t context_lines = 3;
  std::size_t max_output_lines = 60;  // longer diffs end with a "... N more lines" note
};

/// Unified-style diff of two texts line by line: "@@ -a,b +c,d @@" hunk headers, then " " for
/// context, "-" for lines only in `expected`, "+" for lines only in `actual`. Every output line
/// ends with "\n". Empty when the texts are equal.
std::string line_diff(std::string_view expected, std::string_view actual,
                      const LineDiffOptions& options = {});

}  // namespace winnow::app
