// Choosing and cleaning a page title: site-name suffixes and prefixes, and which piece of a
// "Site - Headline" <title> is the headline. Internal to clean/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace winnow::clean {

/// Removes the site name from `title`: the known `site_name` behind or before a separator (a
/// dash glued to it, "Headline -Site", counts as " - "), else
/// a part naming one of `hosts` ("eHow" for ehow.com), else a short part behind a strong
/// separator (a section's name, " | Opinion", or another name of the site). A title equal to the site name is kept (a home page).
std::string strip_title(std::string_view title, std::string_view site_name,
                        const std::vector<std::string>& hosts);

/// Where `part` sits in `title`: the whole of it; its first, an inner or its last part between
/// separators (" | ", " - ", " : "...); inside it at word boundaries; or not at all. Any case.
enum class TitlePiece { kNone, kWhole, kFirst, kInner, kLast, kInside };
TitlePiece title_piece(std::string_view title, std::string_view part);

/// True when `text` is the site's name: `site_name` (any case), the host ("Example.org" on
/// www.example.org) or one of its labels other than the top-level domain ("Example").
bool is_site_name(std::string_view text, std::string_view site_name,
                  const std::vector<std::string>& hosts);

/// The pieces of a <title> that could be its headline: every run of its separator-delimited
/// parts except the whole title ("A - B - C" gives A, B, C, "A - B", "B - C"). Empty when the
/// title has no separator.
std::vector<std::string> title_parts(std::string_view title);

/// The form in which title parts and body text are compared: whitespace collapsed, ASCII lower
/// case.
std::string title_key(std::string_view text);

/// The title from the document: <title>, unless an <h1> is a piece of it (then the <h1>, or the
/// title less the <h1> when that is its last part: the site's header), or unless some of its
/// `body_parts` (title_parts found as the whole text of a body element) are: then the longest
/// of those that is not `site_name` and makes up more than half of the title.
std::string title_from_document(const std::string& doc_title, const std::vector<std::string>& h1s,
                                const std::vector<std::string>& body_parts,
                                std::string_view site_name);

}  // namespace winnow::clean
