#include "fetch/html_sniff.h"

#include <algorithm>
#include <array>

namespace winnow::fetch {

namespace {

struct Magic {
  std::size_t offset;
  std::string_view bytes;
  std::string_view kind;
};

using namespace std::string_view_literals;

// Signatures at a fixed offset. Only ones no HTML or text page can start with: each begins with
// a byte outside printable ASCII, or is a word no page opens with ("%PDF-", "GIF89a").
constexpr std::array kMagics = {
    Magic{0, "\x7f" "ELF"sv, "ELF executable"},
    Magic{0, "%PDF-"sv, "PDF document"},
    Magic{0, "\x89PNG\r\n\x1a\n"sv, "PNG image"},
    Magic{0, "\xff\xd8\xff"sv, "JPEG image"},
    Magic{0, "GIF87a"sv, "GIF image"},
    Magic{0, "GIF89a"sv, "GIF image"},
    Magic{0, "PK\x03\x04"sv, "zip archive"},
    Magic{0, "PK\x05\x06"sv, "zip archive"},
    Magic{0, "\x1f\x8b"sv, "gzip data"},
    Magic{0, "BZh"sv, "bzip2 data"},
    Magic{0, "\xfd" "7zXZ\x00"sv, "xz data"},
    Magic{0, "\x28\xb5\x2f\xfd"sv, "zstd data"},
    Magic{0, "7z\xbc\xaf\x27\x1c"sv, "7-zip archive"},
    Magic{0, "Rar!\x1a\x07"sv, "RAR archive"},
    Magic{257, "ustar"sv, "tar archive"},
    Magic{0, "SQLite format 3\x00"sv, "SQLite database"},
    Magic{0, "\x00" "asm"sv, "WebAssembly module"},
    Magic{0, "OggS"sv, "Ogg media"},
    Magic{0, "ID3"sv, "MP3 audio"},
    Magic{0, "\x1a\x45\xdf\xa3"sv, "Matroska/WebM media"},
    Magic{0, "wOFF"sv, "WOFF font"},
    Magic{0, "wOF2"sv, "WOFF font"},
    Magic{0, "\xca\xfe\xba\xbe"sv, "Java class or Mach-O executable"},
    Magic{0, "\xcf\xfa\xed\xfe"sv, "Mach-O executable"},
};

bool at(std::string_view bytes, std::size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

// Containers named by a word at offset 8 of a RIFF file, or by an ISO media "ftyp" box.
std::string_view container_kind(std::string_view bytes) {
  if (at(bytes, 0, "RIFF")) {
    if (at(bytes, 8, "WEBP")) return "WebP image";
    if (at(bytes, 8, "WAVE")) return "WAV audio";
    if (at(bytes, 8, "AVI ")) return "AVI video";
  }
  if (at(bytes, 4, "ftyp")) return "MP4/ISO media";
  return {};
}

// UTF-16 text has a NUL beside every ASCII character: all on even or all on odd offsets.
bool looks_like_utf16(std::string_view head) {
  if (at(head, 0, "\xff\xfe") || at(head, 0, "\xfe\xff")) return true;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\0') ++(i % 2 == 0 ? even : odd);
  }
  return (even == 0) != (odd == 0) && std::max(even, odd) * 4 >= head.size();
}

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; });
}

}  // namespace

std::string binary_kind(std::string_view bytes) {
  for (const Magic& magic : kMagics) {
    if (at(bytes, magic.offset, magic.bytes)) return std::string(magic.kind);
  }
  if (std::string_view kind = container_kind(bytes); !kind.empty()) return std::string(kind);
  std::string_view head = bytes.substr(0, 8192);
  if (head.find('\0') != std::string_view::npos && !looks_like_utf16(head)) return "binary data (NUL bytes)";
  return {};
}

bool has_markup(std::string_view text) {
  for (std::size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    std::size_t next = i + 1;
    if (next >= text.size()) break;
    char c = text[next];
    if (c == '!' || c == '?') return true;
    if (c == '/') ++next;
    if (next >= text.size() || !is_ascii_letter(text[next])) continue;
    std::size_t end = next;
    while (end < text.size() && (is_ascii_letter(text[end]) || (text[end] >= '0' && text[end] <= '9') ||
                                 text[end] == '-' || text[end] == ':')) {
      ++end;
    }
    if (end == text.size()) break;
    char after = text[end];
    if (after == '>' || after == '/' || after == ' ' || after == '\t' || after == '\n' || after == '\r' ||
        after == '\f') {
      return true;
    }
  }
  return false;
}

std::string not_html_reason(std::string_view bytes, std::string_view utf8) {
  std::string kind = binary_kind(bytes);
  if (kind.empty() && !is_blank(utf8) && !has_markup(utf8)) kind = "text without markup";
  return kind.empty() ? kind : "not HTML (" + kind + ")";
}

}  // namespace winnow::fetch
