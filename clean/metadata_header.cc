#include "clean/metadata_header.h"

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

// Decodes one UTF-8 character at text[i]; advances i. An invalid byte is U+FFFD, one byte long.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
  if (lead >= 0xF5) length = 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
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
