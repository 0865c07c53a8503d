#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "clean/cleaner.h"
#include "clean/normalize.h"

namespace winnow::clean {

namespace {

bool same_group(const Block& a, const Block& b) {
  return a.kind == b.kind && a.group == b.group &&
         (a.kind == Block::Kind::ListItem || a.kind == Block::Kind::TableRow);
}

std::string list_marker(const Block& b) {
  return b.ordered ? std::to_string(b.number) + ". " : "- ";
}

// Prefixes every line of `text` (code blocks and quotes may span lines).
void append_prefixed(std::string& out, const std::string& prefix, const std::string& text) {
  std::size_t start = 0;
  while (true) {
    std::size_t nl = text.find('\n', start);
    out += prefix;
    out.append(text, start, nl == std::string::npos ? std::string::npos : nl - start);
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
}

// ---- Markdown escaping --------------------------------------------------------------------------
// Page text is text: what Markdown would read as syntax or as raw HTML ("&lt;img onerror=...&gt;"
// on the page is the text "<img onerror=...>") is backslash-escaped (CommonMark 2.4). Code keeps
// its text as it is, inside a fence longer than any run of backticks in it.

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_blank_or_end(std::string_view s, std::size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '\t' || s[i] == '\n'; }

// "&amp;", "&#60;": an entity Markdown would decode.
bool starts_entity(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') ++j;
  std::size_t start = j;
  while (j < s.size() && is_ascii_alnum(s[j])) ++j;
  return j > start && j < s.size() && s[j] == ';';
}

// How many bytes at s[i], the start of a line, Markdown would read as a block marker: a heading's
// '#', a list's "-", "+", "*" or "12." / "12)", a quote's '>', or a line of '-' or '=' (a rule, a
// heading underline). 0 when none; the last byte of the marker is the one to escape.
std::size_t block_marker(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  char c = s[i];
  if (c == '#' || c == '>') return 1;
  if ((c == '-' || c == '+' || c == '*') && is_blank_or_end(s, i + 1)) return 1;
  if (c == '-' || c == '=') {
    std::size_t j = i;
    while (j < s.size() && (s[j] == c || s[j] == ' ' || s[j] == '\t')) ++j;
    if (j >= s.size() || s[j] == '\n') return 1;
  }
  std::size_t j = i;
  while (j < s.size() && j - i < 10 && s[j] >= '0' && s[j] <= '9') ++j;
  if (j > i && j < s.size() && (s[j] == '.' || s[j] == ')') && is_blank_or_end(s, j + 1)) return j - i + 1;
  return 0;
}

// Appends `text` escaped for Markdown inline content; `line_start` when it begins a line.
void append_escaped(std::string& out, std::string_view text, bool line_start) {
  std::size_t escape_at = std::string::npos;  // the last byte of a block marker
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (line_start || (i > 0 && text[i - 1] == '\n')) {
      std::size_t marker = block_marker(text, i);
      escape_at = marker > 0 ? i + marker - 1 : std::string::npos;
      line_start = false;
    }
    char c = text[i];
    bool escape = i == escape_at;
    switch (c) {
      case '\\': case '*': case '[': case ']': case '`': case '<': case '>':
        escape = true;
        break;
      case '_':  // inside a word ("snake_case") it is no emphasis
        escape = !(i > 0 && is_ascii_alnum(text[i - 1]) && i + 1 < text.size() && is_ascii_alnum(text[i + 1]));
        break;
      case '&':
        escape = escape || starts_entity(text, i);
        break;
      default:
        break;
    }
    if (escape) out += '\\';
    out += c;
  }
}

std::string escaped(std::string_view text, bool line_start) {
  std::string out;
  append_escaped(out, text, line_start);
  return out;
}

std::string escape_table_cell(const std::string& cell) {
  std::string out;
  for (char c : escaped(cell, false)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// A heading's trailing "#"s after a space would be read as its closing sequence.
void escape_closing_hashes(std::string& heading, std::size_t text_start) {
  std::size_t run = heading.size();
  while (run > text_start && heading[run - 1] == '#') --run;
  if (run < heading.size() && (run == text_start || heading[run - 1] == ' ')) heading.insert(run, 1, '\\');
}

std::string code_fence(const std::string& code) {
  std::size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

// ---- links ---------------------------------------------------------------------------------------

// The target as a browser reads it (URL Standard, basic URL parser): ASCII tabs and newlines
// removed anywhere, C0 controls and spaces trimmed at both ends.
std::string browser_normalized(std::string_view href) {
  std::string out;
  for (char c : href) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  auto is_trimmed = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  std::size_t start = 0, end = out.size();
  while (start < end && is_trimmed(out[start])) ++start;
  while (end > start && is_trimmed(out[end - 1])) --end;
  return out.substr(start, end - start);
}

// Markdown output links only to http(s) and mailto, or relatively (no scheme): "javascript:",
// "vbscript:", "data:text/html" and the like run in the reader's browser.
bool is_allowed_target(std::string_view href) {
  std::size_t i = 0;
  if (href.empty() || !((href[0] >= 'a' && href[0] <= 'z') || (href[0] >= 'A' && href[0] <= 'Z'))) return true;
  while (i < href.size() && (is_ascii_alnum(href[i]) || href[i] == '+' || href[i] == '-' || href[i] == '.')) ++i;
  if (i >= href.size() || href[i] != ':') return true;  // "page.html", "a/b:c": relative
  std::string scheme(href.substr(0, i));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// A link destination without spaces, controls or angle brackets (percent-encoded) and with its
// parentheses and backslashes escaped, so that it ends where it should.
void append_target(std::string& out, std::string_view href) {
  static const char kHex[] = "0123456789ABCDEF";
  for (char c : href) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '<' || c == '>') {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      if (c == '(' || c == ')' || c == '\\') out += '\\';
      out += c;
    }
  }
}

// A link Markdown may carry becomes [text](target); any other is its text alone.
void append_link(std::string& out, const Link& link, bool line_start) {
  std::string target = browser_normalized(link.href);
  if (!is_allowed_target(target)) {
    append_escaped(out, link.text, line_start);
    return;
  }
  out += '[';
  append_escaped(out, link.text, false);
  out += "](";
  append_target(out, target);
  out += ')';
}

// The block's text, escaped, with each link's text, found in order, written as a Markdown link.
std::string with_links(const Block& b) {
  std::string out;
  std::size_t at = 0;
  for (const Link& link : b.links) {
    std::size_t found = b.text.find(link.text, at);
    if (found == std::string::npos) continue;
    append_escaped(out, std::string_view(b.text).substr(at, found - at), at == 0);
    append_link(out, link, found == 0 || b.text[found - 1] == '\n');
    at = found + link.text.size();
  }
  append_escaped(out, std::string_view(b.text).substr(at), at == 0);
  return out;
}

}  // namespace

std::string Article::text() const {
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (i > 0) out += same_group(blocks[i - 1], b) ? "\n" : "\n\n";
    switch (b.kind) {
      case Block::Kind::ListItem:
        out += std::string(static_cast<std::size_t>(b.level > 1 ? 2 * (b.level - 1) : 0), ' ');
        out += list_marker(b) + b.text;
        break;
      case Block::Kind::Quote: append_prefixed(out, "> ", b.text); break;
      default: out += b.text; break;
    }
  }
  return out;
}

std::string Article::markdown() const {
  std::string out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    bool continues = i > 0 && same_group(blocks[i - 1], b);
    if (i > 0) out += continues ? "\n" : "\n\n";
    switch (b.kind) {
      case Block::Kind::Heading: {
        out += std::string(static_cast<std::size_t>(b.level < 1 ? 2 : b.level > 6 ? 6 : b.level), '#');
        out += ' ';
        std::size_t text_start = out.size();
        out += with_links(b);
        escape_closing_hashes(out, text_start);
        break;
      }
      case Block::Kind::ListItem:
        out += std::string(static_cast<std::size_t>(b.level > 1 ? 2 * (b.level - 1) : 0), ' ');
        out += list_marker(b) + with_links(b);
        break;
      case Block::Kind::Quote: append_prefixed(out, "> ", with_links(b)); break;
      case Block::Kind::Code: {
        std::string fence = code_fence(b.text);
        out += fence + "\n" + b.text + "\n" + fence;
        break;
      }
      case Block::Kind::TableRow: {
        std::string row = "|";
        for (const std::string& cell : b.cells) row += ' ' + escape_table_cell(cell) + " |";
        out += row;
        // Markdown tables need a delimiter row after the first row.
        if (!continues) {
          out += "\n|";
          for (std::size_t c = 0; c < b.cells.size(); ++c) out += " --- |";
        }
        break;
      }
      case Block::Kind::Paragraph: out += with_links(b); break;
    }
  }
  return out;
}

std::size_t Article::word_count() const {
  std::size_t words = 0;
  for (const Block& b : blocks) words += count_words(b.text);
  return words;
}

}  // namespace winnow::clean
