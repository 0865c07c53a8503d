// Control characters in text that comes from outside (a server, a stored record, a config file),
// kept out of the two places where they do harm: a terminal or log line (escapes that move the
// cursor, recolour or clear the screen, CR/LF that forge a line) and an HTTP request (CR/LF that
// start a header of their own). In config/, the first stage, beside redact.h: every stage quotes
// such text in its messages, and config checks the header values it reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace winnow::config {

/// `text` fit for a terminal or a log line: C0 controls (TAB, CR and LF included), DEL and the C1
/// controls (U+0080..U+009F) become visible escapes ("\x1b", "\x7f", "\u009b"), and so does every
/// byte that is not part of valid UTF-8 ("\xff"). Printable text, non-ASCII letters included, is
/// kept as it is; so are backslashes, which makes the function idempotent (escaping twice is
/// escaping once).
std::string printable(std::string_view text);

/// Why `value` cannot be sent as an HTTP header value, or nullopt when it can: it holds a control
/// character (a C0 one other than TAB, or DEL), such as the CR/LF that would end the header and
/// start another one. The message names the first one, e.g. "contains a control character (\r)".
std::optional<std::string> header_value_problem(std::string_view value);

}  // namespace winnow::config
