// Site rules: per-host selectors that say which elements hold a site's article (keep) and which
// to remove before extraction (drop), so one site can be fixed from a TOML file without a rebuild.
//
//   [[site]]
//   host = "example.com"                              # also matches its subdomains
//   keep = ["article .story-body", "//div[@id='main']"]
//   drop = [".related", "//aside[contains(@class,'promo')]"]
//
// Only the file's shape is checked here; the selectors themselves are compiled by clean/.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace winnow::config {

/// A configuration mistake, located: what() is "FILE:LINE:COL: message" (line and column are
/// left out when unknown, e.g. for an unreadable file).
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string_view source, int line, int column, std::string_view message);
  const std::string& source() const { return source_; }
  int line() const { return line_; }
  int column() const { return column_; }
  /// The message without the location.
  const std::string& message() const { return message_; }

 private:
  std::string source_;
  int line_;
  int column_;
  std::string message_;
};

struct SiteRule {
  std::string host;               // lower case, no trailing dot
  std::vector<std::string> keep;  // selectors of the article's content roots
  std::vector<std::string> drop;  // selectors of elements removed before extraction
  int line = 0;                   // of the [[site]] header, for messages
};

struct SiteRules {
  std::vector<SiteRule> sites;
  std::string source_name;  // the file the rules came from, for messages

  /// The rule for this host: exact host or a parent domain ("example.com" matches
  /// "www.example.com", "news.example.com"; not "badexample.com"); the most specific (longest)
  /// host wins; nullptr when none. Case-insensitive; a trailing dot ignored.
  const SiteRule* for_host(std::string_view host) const;
};

/// Parses a site rules file. Throws ConfigError on TOML syntax errors, unknown keys and
/// malformed [[site]] entries. `source_name` names the text in messages.
SiteRules parse_site_rules(std::string_view toml_text, std::string_view source_name);

/// Reads and parses a site rules file. Throws ConfigError, also when the file cannot be read.
SiteRules load_site_rules(const std::string& path);

/// Reads the [[site]] array of an already parsed table (the crawl config embeds one); other
/// top-level keys are the caller's business. Throws ConfigError.
SiteRules site_rules_from_table(const toml::table& table, std::string_view source_name);

}  // namespace winnow::config
