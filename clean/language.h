// Language detection from the article text, for pages that do not declare their language.
// A thin wrapper over CLD2 (Debian's libcld2). Internal to clean/.
#pragma once

#include <string>
#include <string_view>

namespace winnow::clean {

/// BCP 47 primary language ("en", "de", "zh", "ko", "nb", ...) of the main language of UTF-8
/// `text`, or "" when the text is too short (fewer than ~15 words; CJK and Thai: ~30
/// characters) or CLD2 is not reliable. Looks at no more than the first 16 KB (cut at a UTF-8
/// boundary). Invalid UTF-8 is tolerated. Thread-safe.
std::string detect_language(std::string_view text);

}  // namespace winnow::clean
