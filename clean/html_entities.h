// Character references left in text by double escaping. Internal to clean/.
#pragma once

#include <string>
#include <string_view>

namespace winnow::clean {

/// Decodes numeric character references ("&#8211;", "&#x3a;") and the common named ones
/// ("&amp;", "&quot;", "&rsquo;", "&raquo;"...) in text that should hold none: metadata whose
/// CMS escaped it twice ("&amp;#8217;" in an attribute reaches us as "&#8217;") and JSON-LD,
/// which no parser decodes. Unknown or malformed references are kept as they are.
std::string decode_entities(std::string_view text);

}  // namespace winnow::clean
