#include "app/line_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace winnow::app {

namespace {

// Above this many LCS table cells the changed middle is shown as all-removed then all-added:
// still correct, just less minimal, and it bounds memory at 16 MB.
constexpr std::size_t kMaxLcsCells = 4'000'000;

// Marks a last line without "\n", so texts differing only there still show a difference.
constexpr std::string_view kNoFinalNewline = "\\ no newline at end of file";

struct Edit {
  char kind;  // ' ' same, '-' expected only, '+' actual only
  std::string_view line;
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.push_back(text.substr(start));
      lines.push_back(kNoFinalNewline);
      break;
    }
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

// Longest-common-subsequence edit script of a and b (the parts between the common prefix and
// suffix), appended to `edits`.
void diff_middle(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                 std::vector<Edit>& edits) {
  const std::size_t n = a.size(), m = b.size();
  if (n == 0 || m == 0 || n * m > kMaxLcsCells) {
    for (std::string_view line : a) edits.push_back({'-', line});
    for (std::string_view line : b) edits.push_back({'+', line});
    return;
  }
  // lcs[i * (m + 1) + j]: LCS length of a[i..] and b[j..].
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[at(i, j)] = a[i] == b[j] ? lcs[at(i + 1, j + 1)] + 1
                                   : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
    }
  }
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) {
      edits.push_back({' ', a[i]});
      ++i, ++j;
    } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
      edits.push_back({'-', a[i++]});
    } else {
      edits.push_back({'+', b[j++]});
    }
  }
  for (; i < n; ++i) edits.push_back({'-', a[i]});
  for (; j < m; ++j) edits.push_back({'+', b[j]});
}

std::vector<Edit> edit_script(const std::vector<std::string_view>& a,
                              const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> edits;
  for (std::size_t k = 0; k < prefix; ++k) edits.push_back({' ', a[k]});
  auto middle = [prefix, suffix](const std::vector<std::string_view>& lines) {
    return std::vector<std::string_view>(lines.begin() + static_cast<std::ptrdiff_t>(prefix),
                                         lines.end() - static_cast<std::ptrdiff_t>(suffix));
  };
  diff_middle(middle(a), middle(b), edits);
  for (std::size_t k = a.size() - suffix; k < a.size(); ++k) edits.push_back({' ', a[k]});
  return edits;
}

// Renders the edits near changes as hunks, one string per output line.
std::vector<std::string> render_hunks(const std::vector<Edit>& edits, std::size_t context) {
  // Line numbers (0-based) in expected and actual before each edit.
  std::vector<std::size_t> a_line(edits.size() + 1, 0), b_line(edits.size() + 1, 0);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    a_line[k + 1] = a_line[k] + (edits[k].kind != '+');
    b_line[k + 1] = b_line[k] + (edits[k].kind != '-');
  }
  std::vector<std::string> out;
  std::size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].kind == ' ') {
      ++k;
      continue;
    }
    std::size_t begin = k > context ? k - context : 0;
    std::size_t last_change = k;
    // Extend the hunk while the next change is within two contexts of the last one.
    for (std::size_t scan = k + 1; scan < edits.size() && scan <= last_change + 2 * context + 1;
         ++scan) {
      if (edits[scan].kind != ' ') last_change = scan;
    }
    std::size_t end = std::min(edits.size(), last_change + 1 + context);
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on the chained form.
    std::string header = "@@ -";
    header += std::to_string(a_line[begin] + 1);
    header += ',';
    header += std::to_string(a_line[end] - a_line[begin]);
    header += " +";
    header += std::to_string(b_line[begin] + 1);
    header += ',';
    header += std::to_string(b_line[end] - b_line[begin]);
    header += " @@";
    out.push_back(std::move(header));
    for (std::size_t e = begin; e < end; ++e) {
      std::string line(1, edits[e].kind);
      line += edits[e].line;
      out.push_back(std::move(line));
    }
    k = end;
  }
  return out;
}

}  // namespace

std::string line_diff(std::string_view expected, std::string_view actual,
                      const LineDiffOptions& options) {
  if (expected == actual) return {};
  std::vector<std::string> lines =
      render_hunks(edit_script(split_lines(expected), split_lines(actual)), options.context_lines);
  std::string out;
  std::size_t shown = std::min(lines.size(), options.max_output_lines);
  for (std::size_t k = 0; k < shown; ++k) out += lines[k] + "\n";
  if (shown < lines.size()) {
    out += "... " + std::to_string(lines.size() - shown) + " more diff lines\n";
  }
  return out;
}

}  // namespace winnow::app
