#include <string>

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

std::string escape_table_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// Markdown link text must not close the bracket early; a target with spaces or parentheses
// goes in angle brackets.
std::string markdown_link(const Link& link) {
  std::string out = "[";
  for (char c : link.text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  out += "](";
  bool bracket = link.href.find_first_of(" ()<>") != std::string::npos;
  if (bracket) out += '<';
  for (char c : link.href) {
    if (bracket && (c == '<' || c == '>')) out += c == '<' ? "%3C" : "%3E";
    else out += c;
  }
  if (bracket) out += '>';
  return out + ")";
}

// The block's text with each link's text, found in order, written as a Markdown link.
std::string with_links(const Block& b) {
  if (b.links.empty()) return b.text;
  std::string out;
  std::size_t at = 0;
  for (const Link& link : b.links) {
    std::size_t found = b.text.find(link.text, at);
    if (found == std::string::npos) continue;
    out.append(b.text, at, found - at);
    out += markdown_link(link);
    at = found + link.text.size();
  }
  out.append(b.text, at, std::string::npos);
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
      case Block::Kind::Heading:
        out += std::string(static_cast<std::size_t>(b.level < 1 ? 2 : b.level > 6 ? 6 : b.level), '#');
        out += ' ' + with_links(b);
        break;
      case Block::Kind::ListItem:
        out += std::string(static_cast<std::size_t>(b.level > 1 ? 2 * (b.level - 1) : 0), ' ');
        out += list_marker(b) + with_links(b);
        break;
      case Block::Kind::Quote: append_prefixed(out, "> ", with_links(b)); break;
      case Block::Kind::Code: out += "```\n" + b.text + "\n```"; break;
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
