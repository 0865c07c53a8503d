// Author names from visible bylines. Internal to clean/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::clean {

/// Turns a byline into a name: drops "By ", a trailing date and separators; empty if not a name.
std::string clean_person(std::string_view raw);

/// Length of the by-word ("By", "Von", "Par", "Por", "Door", "Di", "Av", "Przez", any case,
/// also after "Written ", "Posted " or "Authored ") that `text` starts with, followed by a
/// space, a colon or nothing; else 0. A cheap test before plain_byline_names.
size_t by_word_length(std::string_view text);

/// Names in a short free-standing byline line without any class to mark it: "By Harold Ames,
/// Courier Staff Writer" gives {"Harold Ames"}; "By Ann Lee and Bo Kim" gives both. The line
/// has at most about eight words, and the by-word is followed by capitalized name words; the
/// names end at a comma, a dash or bar, a role word ("Staff", "Writer") or any other word.
/// Empty when the line is not such a byline ("By Monday, the council ...").
std::vector<std::string> plain_byline_names(std::string_view line);

}  // namespace winnow::clean
