#include "clean/metadata_header.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace winnow::clean {

namespace {

// The fields both headers write, in the JSON schema's order; lists are joined by the caller.
struct Field {
  std::string_view key;
  std::string value;                // a single value, or
  std::vector<std::string> values;  // a list (tags, categories)
  bool list = false;
};

std::vector<Field> header_fields(const Article& article, std::string_view source) {
  const Metadata& meta = article.meta;
  std::vector<Field> fields;
  auto put = [&fields](std::string_view key, const std::string& value) {
    if (!value.empty()) fields.push_back({key, value, {}, false});
  };
  auto put_list = [&fields](std::string_view key, const std::vector<std::string>& values) {
    if (!values.empty()) fields.push_back({key, {}, values, true});
  };
  put("title", meta.title);
  put("author", meta.author);
  put("date", meta.date);
  put("date_modified", meta.date_modified);
  put("url", meta.url);
  if (meta.url.empty()) put("source", std::string(source));
  put("canonical_url", meta.canonical_url);
  put("hostname", meta.hostname);
  put("site_name", meta.site_name);
  put("description", meta.description);
  put("language", meta.language);
  put("image", meta.image);
  put_list("tags", meta.tags);
  put_list("categories", meta.categories);
  put("page_type", std::string(page_type_name(article.page_type)));
  return fields;
}

// Decodes one UTF-8 character at text[i] (ICU's U8_NEXT); advances i. An ill-formed sequence is
// U+FFFD, as long as its maximal part that could begin a character.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto index = static_cast<int64_t>(i);
  UChar32 cp;
  U8_NEXT(text.data(), index, static_cast<int64_t>(text.size()), cp);
  i = static_cast<std::size_t>(index);
  return cp < 0 ? U'\uFFFD' : static_cast<char32_t>(cp);
}

void append_utf8(std::string& out, char32_t cp) {
  char bytes[U8_MAX_LENGTH];
  int length = 0;
  U8_APPEND_UNSAFE(bytes, length, cp);
  out.append(bytes, static_cast<std::size_t>(length));
}

// Characters that are not printable in YAML, or that a YAML 1.1 reader takes for a line break
// (U+0085, U+2028, U+2029), or a byte-order mark inside a document.
bool needs_yaml_escape(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
         cp == 0xFFFE || cp == 0xFFFF;
}

// One line: control characters and line separators become spaces, invalid bytes U+FFFD.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    append_utf8(out, needs_yaml_escape(cp) ? U' ' : cp);
  }
  return out;
}

}  // namespace

std::string yaml_quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    switch (cp) {
      case U'"': out += "\\\""; continue;
      case U'\\': out += "\\\\"; continue;
      case U'\n': out += "\\n"; continue;
      case U'\t': out += "\\t"; continue;
      case U'\r': out += "\\r"; continue;
      default: break;
    }
    if (!needs_yaml_escape(cp)) {
      append_utf8(out, cp);
    } else if (cp <= 0xFF) {
      out += "\\x";
      out += kHex[cp >> 4];
      out += kHex[cp & 0xF];
    } else {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
    }
  }
  out += '"';
  return out;
}

std::string text_metadata_header(const Article& article, std::string_view source) {
  std::string out;
  for (const Field& field : header_fields(article, source)) {
    std::string value;
    if (field.list) {
      for (const std::string& item : field.values) value += (value.empty() ? "" : ", ") + item;
    } else {
      value = field.value;
    }
    out += std::string(field.key) + ": " + one_line(value) + "\n";
  }
  return out + "\n";
}

std::string markdown_front_matter(const Article& article, std::string_view source) {
  std::string out = "---\n";
  for (const Field& field : header_fields(article, source)) {
    out += std::string(field.key) + ": ";
    if (field.list) {
      out += "[";
      for (std::size_t i = 0; i < field.values.size(); ++i) {
        out += (i == 0 ? "" : ", ") + yaml_quoted(field.values[i]);
      }
      out += "]\n";
    } else {
      out += yaml_quoted(field.value) + "\n";
    }
  }
  return out + "---\n\n";
}

}  // namespace winnow::clean
