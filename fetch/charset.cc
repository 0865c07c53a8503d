// Charset decoding: find the page's encoding (BOM, HTTP, <meta>, detection) and convert to UTF-8.

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetch/charset_internal.h"
#include "fetch/fetcher.h"

namespace winnow::fetch {
namespace charset_internal {
namespace {

// The HTML spec prescans 1 KB; real pages put long <head> preambles (comments, scripts, styles)
// before their <meta charset>, so we look a little further.
constexpr std::size_t kPrescanBytes = 4096;
// ICU's detector gains little from more text than this and its cost grows with the sample.
constexpr std::size_t kDetectSampleBytes = 64 * 1024;
// ICU reports confidences 0..100; below this its guesses are mostly noise.
constexpr int32_t kMinDetectConfidence = 10;

struct LabelGroup {
  Encoding encoding;
  const char* labels;  // space separated, lower case
};

// Labels after the WHATWG Encoding standard (plus a few common Windows aliases). ISO-8859-16 is
// missing because Debian's ICU data has no converter for it; its label falls through to detection.
constexpr LabelGroup kLabelGroups[] = {
    {{"UTF-8", "UTF-8"},
     "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {{"UTF-16LE", "UTF-16LE"},
     "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {{"UTF-16BE", "UTF-16BE"}, "unicodefffe utf-16be"},
    {{"windows-1252", "windows-1252"},
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    // windows-949 is a superset of EUC-KR that also covers the extended Hangul pages use.
    {{"EUC-KR", "windows-949"},
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949 cp949 uhc x-windows-949"},
    {{"GB18030", "gb18030"},
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030 "
     "cp936 ms936 windows-936"},
    {{"Shift_JIS", "windows-31j"},
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis cp932"},
    {{"Big5", "Big5-HKSCS"}, "big5 big5-hkscs cn-big5 csbig5 x-x-big5 cp950"},
    {{"EUC-JP", "EUC-JP"}, "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {{"ISO-2022-JP", "ISO-2022-JP"}, "csiso2022jp iso-2022-jp"},
    {{"KOI8-R", "KOI8-R"}, "cskoi8r koi koi8 koi8-r koi8_r"},
    {{"KOI8-U", "KOI8-U"}, "koi8-ru koi8-u"},
    {{"IBM866", "IBM866"}, "866 cp866 csibm866 ibm866"},
    {{"macintosh", "macintosh"}, "csmacintosh mac macintosh x-mac-roman"},
    {{"x-mac-cyrillic", "x-mac-cyrillic"}, "x-mac-cyrillic x-mac-ukrainian"},
    {{"windows-874", "windows-874"},
     "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {{"windows-1250", "windows-1250"}, "cp1250 windows-1250 x-cp1250"},
    {{"windows-1251", "windows-1251"}, "cp1251 windows-1251 x-cp1251"},
    {{"windows-1253", "windows-1253"}, "cp1253 windows-1253 x-cp1253"},
    {{"windows-1254", "windows-1254"},
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
     "latin5 windows-1254 x-cp1254"},
    {{"windows-1255", "windows-1255"}, "cp1255 windows-1255 x-cp1255"},
    {{"windows-1256", "windows-1256"}, "cp1256 windows-1256 x-cp1256"},
    {{"windows-1257", "windows-1257"}, "cp1257 windows-1257 x-cp1257"},
    {{"windows-1258", "windows-1258"}, "cp1258 windows-1258 x-cp1258"},
    {{"ISO-8859-2", "ISO-8859-2"},
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {{"ISO-8859-3", "ISO-8859-3"},
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {{"ISO-8859-4", "ISO-8859-4"},
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {{"ISO-8859-5", "ISO-8859-5"},
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {{"ISO-8859-6", "ISO-8859-6"},
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
     "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {{"ISO-8859-7", "ISO-8859-7"},
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {{"ISO-8859-8", "ISO-8859-8"},
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
     "iso_8859-8 iso_8859-8:1988 visual"},
    {{"ISO-8859-8-I", "ISO-8859-8-I"}, "csiso88598i iso-8859-8-i logical"},
    {{"ISO-8859-10", "ISO-8859-10"},
     "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {{"ISO-8859-13", "ISO-8859-13"}, "iso-8859-13 iso8859-13 iso885913"},
    {{"ISO-8859-14", "ISO-8859-14"}, "iso-8859-14 iso8859-14 iso885914"},
    {{"ISO-8859-15", "ISO-8859-15"}, "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
};

constexpr auto kEncodings = [] {
  std::array<Encoding, std::size(kLabelGroups)> encodings{};
  for (std::size_t i = 0; i < encodings.size(); ++i) encodings[i] = kLabelGroups[i].encoding;
  return encodings;
}();

constexpr Encoding kUtf8 = kLabelGroups[0].encoding;
constexpr Encoding kUtf16Le = kLabelGroups[1].encoding;
constexpr Encoding kUtf16Be = kLabelGroups[2].encoding;
constexpr Encoding kWindows1252 = kLabelGroups[3].encoding;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view trim_ascii_space(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

bool same_ascii_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::size_t find_ascii_ci(std::string_view haystack, std::string_view needle, std::size_t from) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    if (same_ascii_ci(haystack.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

const std::unordered_map<std::string_view, const Encoding*>& label_map() {
  static const auto map = [] {
    std::unordered_map<std::string_view, const Encoding*> labels;
    for (const LabelGroup& group : kLabelGroups) {
      std::string_view rest = group.labels;
      while (!rest.empty()) {
        std::size_t space = rest.find(' ');
        labels.emplace(rest.substr(0, space), &group.encoding);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      }
    }
    return labels;
  }();
  return map;
}

// The "get an attribute" step of the HTML prescan, plus the loop around it that finds <meta>.
class MetaPrescanner {
 public:
  explicit MetaPrescanner(std::string_view bytes) : s_(bytes) {}

  std::optional<Encoding> run() {
    while (pos_ < s_.size()) {
      if (at("<!--")) {
        std::size_t end = s_.find("-->", pos_ + 2);
        if (end == std::string_view::npos) return std::nullopt;
        pos_ = end + 3;
      } else if (at_meta_tag()) {
        pos_ += 5;
        if (auto encoding = meta_element()) return encoding;
      } else if (at_tag_start()) {
        while (pos_ < s_.size() && !is_ascii_space(s_[pos_]) && s_[pos_] != '>') ++pos_;
        while (next_attribute()) {
        }
      } else if (at("<!") || at("</") || at("<?")) {
        std::size_t end = s_.find('>', pos_ + 2);
        if (end == std::string_view::npos) return std::nullopt;
        pos_ = end + 1;
      } else {
        ++pos_;
      }
    }
    return std::nullopt;
  }

 private:
  struct Attribute {
    std::string name;
    std::string value;
  };

  bool at(std::string_view literal) const { return s_.substr(pos_, literal.size()) == literal; }

  bool at_meta_tag() const {
    return pos_ + 5 < s_.size() && same_ascii_ci(s_.substr(pos_, 5), "<meta") &&
           (is_ascii_space(s_[pos_ + 5]) || s_[pos_ + 5] == '/');
  }

  bool at_tag_start() const {
    if (s_[pos_] != '<' || pos_ + 1 >= s_.size()) return false;
    if (is_ascii_alpha(s_[pos_ + 1])) return true;
    return s_[pos_ + 1] == '/' && pos_ + 2 < s_.size() && is_ascii_alpha(s_[pos_ + 2]);
  }

  void skip_space() {
    while (pos_ < s_.size() && is_ascii_space(s_[pos_])) ++pos_;
  }

  std::optional<Encoding> meta_element() {
    std::vector<std::string> seen;
    bool got_pragma = false;
    std::optional<bool> need_pragma;
    std::optional<std::string> charset;
    while (auto attribute = next_attribute()) {
      if (std::find(seen.begin(), seen.end(), attribute->name) != seen.end()) continue;
      seen.push_back(attribute->name);
      if (attribute->name == "http-equiv") {
        got_pragma = got_pragma || attribute->value == "content-type";
      } else if (attribute->name == "content" && !charset) {
        std::string from_content = charset_from_meta_content(attribute->value);
        if (!from_content.empty()) {
          charset = std::move(from_content);
          need_pragma = true;
        }
      } else if (attribute->name == "charset") {
        charset = std::move(attribute->value);
        need_pragma = false;
      }
    }
    if (!need_pragma || (*need_pragma && !got_pragma)) return std::nullopt;
    std::optional<Encoding> encoding = lookup_label(*charset);
    if (!encoding) return std::nullopt;
    // A page that was readable as ASCII up to its <meta> cannot really be UTF-16.
    if (std::strcmp(encoding->name, kUtf16Le.name) == 0 ||
        std::strcmp(encoding->name, kUtf16Be.name) == 0) {
      return kUtf8;
    }
    return encoding;
  }

  // Names and values come back lower-cased: the prescan compares them case-insensitively.
  std::optional<Attribute> next_attribute() {
    while (pos_ < s_.size() && (is_ascii_space(s_[pos_]) || s_[pos_] == '/')) ++pos_;
    if (pos_ >= s_.size() || s_[pos_] == '>') return std::nullopt;
    Attribute attribute;
    for (;; ++pos_) {
      if (pos_ >= s_.size()) return std::nullopt;
      char c = s_[pos_];
      if (c == '=' && !attribute.name.empty()) {
        ++pos_;
        break;
      }
      if (is_ascii_space(c)) {
        skip_space();
        if (pos_ >= s_.size()) return std::nullopt;
        if (s_[pos_] != '=') return attribute;
        ++pos_;
        break;
      }
      if (c == '/' || c == '>') return attribute;
      attribute.name += ascii_lower(c);
    }
    skip_space();
    if (pos_ >= s_.size()) return std::nullopt;
    char first = s_[pos_];
    if (first == '"' || first == '\'') {
      for (++pos_; pos_ < s_.size(); ++pos_) {
        if (s_[pos_] == first) {
          ++pos_;
          return attribute;
        }
        attribute.value += ascii_lower(s_[pos_]);
      }
      return std::nullopt;
    }
    if (first == '>') return attribute;
    for (; pos_ < s_.size(); ++pos_) {
      if (is_ascii_space(s_[pos_]) || s_[pos_] == '>') return attribute;
      attribute.value += ascii_lower(s_[pos_]);
    }
    return std::nullopt;
  }

  // "text/html; charset=euc-kr" in a http-equiv content attribute.
  static std::string charset_from_meta_content(std::string_view content) {
    std::size_t pos = 0;
    for (;;) {
      std::size_t found = find_ascii_ci(content, "charset", pos);
      if (found == std::string_view::npos) return {};
      pos = found + 7;
      while (pos < content.size() && is_ascii_space(content[pos])) ++pos;
      if (pos < content.size() && content[pos] == '=') {
        ++pos;
        break;
      }
    }
    while (pos < content.size() && is_ascii_space(content[pos])) ++pos;
    if (pos >= content.size()) return {};
    char quote = content[pos];
    if (quote == '"' || quote == '\'') {
      std::size_t end = content.find(quote, pos + 1);
      if (end == std::string_view::npos) return {};
      return std::string(content.substr(pos + 1, end - pos - 1));
    }
    std::size_t end = pos;
    while (end < content.size() && !is_ascii_space(content[end]) && content[end] != ';') ++end;
    return std::string(content.substr(pos, end - pos));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

enum class Utf8Scan { Ascii, Utf8, Invalid };

Utf8Scan scan_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  bool saw_non_ascii = false;
  while (p < end) {
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    saw_non_ascii = true;
    int32_t length = static_cast<int32_t>(std::min<std::ptrdiff_t>(end - p, 4));
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return Utf8Scan::Invalid;
    p += i;
  }
  return saw_non_ascii ? Utf8Scan::Utf8 : Utf8Scan::Ascii;
}

}  // namespace

std::optional<Encoding> lookup_label(std::string_view label) {
  label = trim_ascii_space(label);
  if (label.empty() || label.size() > 64) return std::nullopt;
  std::string lowered(label);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), ascii_lower);
  const auto& map = label_map();
  auto it = map.find(lowered);
  if (it == map.end()) return std::nullopt;
  return *it->second;
}

std::string charset_from_content_type(std::string_view content_type) {
  std::size_t pos = content_type.find(';');
  while (pos != std::string_view::npos && pos < content_type.size()) {
    ++pos;  // past ';'
    std::size_t name_end = content_type.find_first_of("=;", pos);
    std::string_view name = trim_ascii_space(content_type.substr(pos, name_end - pos));
    if (name_end == std::string_view::npos) return {};
    pos = name_end;
    if (content_type[pos] == ';') continue;
    ++pos;  // past '='
    std::string value;
    if (pos < content_type.size() && content_type[pos] == '"') {
      for (++pos; pos < content_type.size() && content_type[pos] != '"'; ++pos) {
        if (content_type[pos] == '\\' && pos + 1 < content_type.size()) ++pos;
        value += content_type[pos];
      }
      pos = content_type.find(';', pos);
    } else {
      std::size_t value_end = content_type.find(';', pos);
      value = std::string(trim_ascii_space(content_type.substr(pos, value_end - pos)));
      pos = value_end;
    }
    if (same_ascii_ci(name, "charset") && !value.empty()) return value;
  }
  return {};
}

std::optional<Encoding> prescan_meta_charset(std::string_view bytes) {
  return MetaPrescanner(bytes.substr(0, kPrescanBytes)).run();
}

bool is_valid_utf8(std::string_view bytes) { return scan_utf8(bytes) != Utf8Scan::Invalid; }

std::span<const Encoding> all_encodings() { return kEncodings; }

namespace {

// Every malformed or unmappable input sequence becomes U+FFFD, whatever the converter: some ICU
// converters would otherwise substitute U+001A, a control character useless in text.
void substitute_replacement_character(const void*, UConverterToUnicodeArgs* args, const char*,
                                      int32_t, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

using ConverterPtr = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

ConverterPtr open_converter(const char* icu_name) {
  UErrorCode error = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(icu_name, &error), &ucnv_close);
  if (U_FAILURE(error)) converter.reset();
  return converter;
}

std::optional<std::string> convert_with_icu(std::string_view bytes, const char* icu_name) {
  ConverterPtr source = open_converter(icu_name);
  ConverterPtr utf8 = open_converter("UTF-8");
  if (!source || !utf8) return std::nullopt;
  UErrorCode error = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), substitute_replacement_character, nullptr, nullptr, nullptr,
                      &error);
  if (U_FAILURE(error)) return std::nullopt;

  std::string out(bytes.size() + bytes.size() / 2 + 64, '\0');
  std::array<UChar, 1024> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* input = bytes.data();
  std::size_t written = 0;
  for (bool reset = true;; reset = false) {
    char* target = out.data() + written;
    error = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), source.get(), &target, out.data() + out.size(), &input,
                   bytes.data() + bytes.size(), pivot.data(), &pivot_source, &pivot_target,
                   pivot.data() + pivot.size(), reset, /*flush=*/true, &error);
    written = static_cast<std::size_t>(target - out.data());
    if (error != U_BUFFER_OVERFLOW_ERROR) break;
    out.resize(out.size() * 2);
  }
  if (U_FAILURE(error)) return std::nullopt;
  out.resize(written);
  return out;
}

std::string strip_utf8_bom(std::string text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return text;
}

bool is_utf8_family(const Encoding& encoding) {
  return std::strcmp(encoding.name, kUtf8.name) == 0 || std::strncmp(encoding.name, "UTF-16", 6) == 0;
}

Decoded decode_as(std::string_view bytes, const Encoding& encoding, const char* source,
                  bool known_valid_utf8 = false) {
  Decoded decoded{{}, encoding.name, source};
  bool is_utf8 = std::strcmp(encoding.name, kUtf8.name) == 0;
  if (is_utf8 && (known_valid_utf8 || is_valid_utf8(bytes))) {
    decoded.utf8 = strip_utf8_bom(std::string(bytes));
    return decoded;
  }
  std::optional<std::string> converted = convert_with_icu(bytes, encoding.icu_name);
  if (!converted && !is_utf8) {
    // Only if ICU lacks the converter: UTF-8 with replacements still yields valid text.
    decoded.charset = kUtf8.name;
    converted = convert_with_icu(bytes, kUtf8.icu_name);
  }
  decoded.utf8 = strip_utf8_bom(converted.value_or(std::string()));
  return decoded;
}

std::optional<Encoding> detect_with_icu(std::string_view bytes) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&error),
                                                                      &ucsdet_close);
  if (U_FAILURE(error)) return std::nullopt;
  ucsdet_enableInputFilter(detector.get(), true);  // judge the text, not the markup
  std::string_view sample = bytes.substr(0, kDetectSampleBytes);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &error);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &error);
  if (U_FAILURE(error)) return std::nullopt;
  for (int32_t i = 0; i < count; ++i) {
    int32_t confidence = ucsdet_getConfidence(matches[i], &error);
    const char* name = ucsdet_getName(matches[i], &error);
    if (U_FAILURE(error) || confidence < kMinDetectConfidence) break;
    if (auto encoding = lookup_label(name)) return encoding;
  }
  return std::nullopt;
}

// UTF-16 text without a BOM shows itself by its NUL bytes: every ASCII character (all of HTML's
// markup) has one, at odd offsets in little-endian and at even ones in big-endian order, while
// UTF-8 and the legacy encodings have none. At least one pair in 16 must show it, on one side.
std::optional<Encoding> utf16_by_nul_bytes(std::string_view bytes) {
  std::string_view sample = bytes.substr(0, kPrescanBytes);
  std::size_t nul_even = 0, nul_odd = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    if (sample[i] == '\0') ++(i % 2 == 0 ? nul_even : nul_odd);
  }
  const std::size_t needed = std::max<std::size_t>(1, sample.size() / 2 / 16);
  if (nul_odd >= needed && nul_odd > 2 * nul_even) return kUtf16Le;
  if (nul_even >= needed && nul_even > 2 * nul_odd) return kUtf16Be;
  return std::nullopt;
}

bool is_utf16(const Encoding& encoding) { return std::strncmp(encoding.name, "UTF-16", 6) == 0; }

std::optional<std::pair<Encoding, std::size_t>> sniff_bom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return std::pair{kUtf8, std::size_t{3}};
  if (bytes.starts_with("\xFE\xFF")) return std::pair{kUtf16Be, std::size_t{2}};
  if (bytes.starts_with("\xFF\xFE")) return std::pair{kUtf16Le, std::size_t{2}};
  return std::nullopt;
}

}  // namespace
}  // namespace charset_internal

Decoded decode_to_utf8(std::string_view bytes, std::string_view content_type) {
  using namespace charset_internal;
  if (auto bom = sniff_bom(bytes)) return decode_as(bytes.substr(bom->second), bom->first, "bom");
  // Legacy-encoded text is almost never valid UTF-8 by accident, so valid non-ASCII UTF-8 is as
  // good a detection as ICU's, and much cheaper. It also overrules a declared legacy charset:
  // pages re-saved as UTF-8 keep their old "gb2312" meta, and servers default to latin-1.
  Utf8Scan utf8 = scan_utf8(bytes);
  auto declared = [&](const auto& encoding, const char* source) {
    if (utf8 == Utf8Scan::Utf8 && !is_utf8_family(*encoding)) return decode_as(bytes, kUtf8, "detected", true);
    return decode_as(bytes, *encoding, source);
  };
  if (auto encoding = lookup_label(charset_from_content_type(content_type))) {
    if (!is_utf16(*encoding)) return declared(encoding, "http");
    // A UTF-16 label on bytes without a BOM is believed only when the bytes are laid out as
    // UTF-16 (their NUL bytes also tell the byte order); on anything else it is a lie, and
    // decoding by it turns every two bytes into a CJK character. The rest of the evidence decides.
    if (auto utf16 = utf16_by_nul_bytes(bytes)) return decode_as(bytes, *utf16, "http");
  }
  if (auto encoding = prescan_meta_charset(bytes)) return declared(encoding, "meta");
  switch (utf8) {
    case Utf8Scan::Ascii:
      return decode_as(bytes, kUtf8, "default", true);
    case Utf8Scan::Utf8:
      return decode_as(bytes, kUtf8, "detected", true);
    case Utf8Scan::Invalid:
      break;
  }
  if (auto encoding = detect_with_icu(bytes)) return decode_as(bytes, *encoding, "detected");
  return decode_as(bytes, kWindows1252, "default");
}

}  // namespace winnow::fetch
