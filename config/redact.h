// Secrets kept out of messages and logs. In config/, the first stage, because every stage
// names URLs in its errors: config's own (a seed or store URI with a password), fetch's, and
// the command's.
#pragma once

#include <string>
#include <string_view>

namespace winnow::config {

/// `url` made fit for a message or a log: the password of its userinfo becomes "***"
/// ("user:***@host"), or the whole userinfo when it has no password part ("***@host": a lone
/// userinfo is mostly a token); and so does the value of every query or fragment parameter whose
/// name says it carries a credential (password, secret, token, key, signature, credential,
/// auth..., also as a word of a longer name: "api_key", "X-Amz-Signature", "accessToken").
/// The rest is kept as written. Anything is accepted, parsable or not, with or without a scheme,
/// since proxy settings are often written "user:password@host:port" and malformed URLs end up in
/// error messages too. Control characters and invalid UTF-8 come out escaped, as printable() does.
std::string redact_url(std::string_view url);

}  // namespace winnow::config
