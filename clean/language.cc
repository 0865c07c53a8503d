#include "clean/language.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace winnow::clean {
namespace {

// A page's language shows in its first 16 KB; reading on only costs time on huge pages.
constexpr std::size_t kMaxScanBytes = 16 * 1024;
// Below these, CLD2 still answers (it calls "hello world today" English), but by guesswork.
constexpr std::size_t kMinWords = 15;
constexpr std::size_t kMinDenseChars = 30;

// CLD2 rejects a whole buffer that holds anything but "interchange-valid" UTF-8: besides
// ill-formed sequences, C0 controls other than tab, LF, FF and CR, DEL and C1 controls, and
// noncharacters.
bool is_interchange_valid(UChar32 cp) {
  if (cp < 0) return false;  // ill-formed sequence
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r';
  if (cp >= 0x7F && cp <= 0x9F) return false;
  return !U_IS_UNICODE_NONCHAR(cp);
}

// At most kMaxScanBytes of `text`, ending on a character boundary, with everything CLD2 would
// reject replaced by U+FFFD (as CLD2's own documentation advises, rather than dropping bytes).
std::string scan_window(std::string_view text) {
  std::size_t end = text.size();
  if (end > kMaxScanBytes) {
    end = kMaxScanBytes;
    // Back up over at most three continuation bytes to the start of the cut character.
    auto is_continuation = [&](std::size_t at) {
      return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
    };
    for (int k = 0; k < 3 && end > 0 && is_continuation(end); ++k) --end;
  }
  std::string out;
  out.reserve(end);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(end);
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(bytes, i, length, cp);
    if (is_interchange_valid(cp)) {
      out.append(text.data() + start, static_cast<std::size_t>(i - start));
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

// Scripts written without spaces between words: a character there carries about half a word.
bool is_dense_script(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(cp, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

// Whether `text` (valid UTF-8) holds enough words for a verdict: kMinWords words, or
// kMinDenseChars characters of a dense script, or a proportional mix of both. Runs of digits
// and punctuation are no words.
bool is_long_enough(std::string_view text) {
  std::size_t words = 0, dense_chars = 0;
  bool in_word = false, word_has_letter = false;
  auto end_word = [&] {
    if (in_word && word_has_letter) ++words;
    in_word = false;
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 cp;
    U8_NEXT(bytes, i, length, cp);
    if (is_dense_script(cp)) {
      end_word();
      ++dense_chars;
    } else if (u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0) {
      if (!in_word) word_has_letter = false;
      in_word = true;
      word_has_letter = word_has_letter || u_isalpha(cp);
    } else {
      end_word();
    }
  }
  end_word();
  return words * kMinDenseChars + dense_chars * kMinWords >= kMinWords * kMinDenseChars;
}

// CLD2's code for `language` as a BCP 47 primary subtag; "" for "unknown" and for CLD2's
// pseudo-languages (script-only results, Pig Latin and the like).
std::string bcp47_primary(CLD2::Language language) {
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE ||
      language >= CLD2::X_BORK_BORK_BORK) {
    return "";
  }
  std::string_view code = CLD2::LanguageCode(language);
  code = code.substr(0, code.find('-'));  // "zh-Hant" -> "zh", "sr-ME" -> "sr"
  // CLD2 keeps ISO 639 codes withdrawn in 1989 ("iw", "jw", ...), and "no", the Norwegian
  // macrolanguage, for Bokmål, which it tells apart from Nynorsk ("nn").
  static constexpr std::pair<std::string_view, std::string_view> kReplaced[] = {
      {"iw", "he"}, {"jw", "jv"}, {"in", "id"}, {"ji", "yi"}, {"no", "nb"}};
  for (const auto& [cld2_code, bcp47] : kReplaced) {
    if (code == cld2_code) return std::string(bcp47);
  }
  return std::string(code);
}

}  // namespace

std::string detect_language(std::string_view text) {
  const std::string window = scan_window(text);
  if (!is_long_enough(window)) return "";
  CLD2::Language top3[3];
  int percent3[3];
  double normalized_score3[3];
  int text_bytes = 0;
  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  // CheckUTF8 although the window is clean: should it still find a byte it dislikes, it answers
  // "unknown" instead of reading past it.
  const CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      window.data(), static_cast<int>(window.size()), /*is_plain_text=*/true, /*cld_hints=*/nullptr,
      /*flags=*/0, top3, percent3, normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes,
      &is_reliable, &valid_prefix_bytes);
  if (!is_reliable) return "";
  return bcp47_primary(language);
}

}  // namespace winnow::clean
