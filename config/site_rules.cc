#include "config/site_rules.h"

#include <algorithm>
#include <optional>

#include "config/redact.h"
#include "config/text_util.h"

namespace winnow::config {

namespace {

using text::ascii_lower;
using text::edit_distance;
using text::host_of_url;
using text::normalize_host;

std::string format_location(std::string_view source, int line, int column, std::string_view message) {
  std::string out(source);
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  out += message;
  return out;
}


// Raises ConfigErrors at positions inside one source.
class Reporter {
 public:
  explicit Reporter(std::string_view source_name) : source_(source_name) {}

  [[noreturn]] void fail(const toml::source_region& where, std::string_view message) const {
    throw ConfigError(source_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), message);
  }

 private:
  std::string source_;
};


/// Why `host` (already lower case) is not a bare host name, or nothing when it is one.
std::optional<std::string> host_problem(std::string_view raw, std::string_view host) {
  if (host.empty()) return "host is empty; write the site's host name, e.g. host = \"example.com\"";
  const std::string shown = redact_url(raw);  // a URL given as host may carry a password
  if (raw.find("://") != std::string_view::npos || host.find('/') != std::string_view::npos) {
    std::string bare = host_of_url(raw);
    return "host '" + shown + "' is a URL, not a host name; write just the host, e.g. host = \"" +
           (bare.empty() ? std::string("example.com") : bare) + "\"";
  }
  if (host.find(':') != std::string_view::npos) {
    return "host '" + shown + "' has a port; write just the host, e.g. host = \"" + host_of_url(raw) + "\"";
  }
  if (host.front() == '.' || host.front() == '*') {
    std::string_view bare = host.substr(std::min(host.size(), host.find_first_not_of("*.")));
    return "host '" + shown + "' needs no wildcard: a host also matches its subdomains, so write host = \"" +
           std::string(bare) + "\"";
  }
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return "host '" + shown + "' contains '" + std::string(1, c) + "', which no host name has";
  }
  if (host.find("..") != std::string_view::npos || host.back() == '.') return "host '" + shown + "' has an empty label ('..')";
  return std::nullopt;
}

std::vector<std::string> read_selectors(const Reporter& report, const toml::node& node, std::string_view key) {
  const toml::array* array = node.as_array();
  if (!array) {
    report.fail(node.source(), std::string(key) + " must be an array of selector strings, e.g. " + std::string(key) +
                                   " = [\".story-body\"]");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    const toml::value<std::string>* text = item.as_string();
    if (!text) report.fail(item.source(), where + " must be a string (a CSS selector or an XPath)");
    const std::string& selector = text->get();
    if (selector.find_first_not_of(" \t\r\n") == std::string::npos) report.fail(item.source(), where + " is empty");
    out.push_back(selector);
  }
  return out;
}

SiteRule read_site(const Reporter& report, const toml::table& site) {
  static constexpr std::string_view kKeys[] = {"host", "keep", "drop"};
  SiteRule rule;
  rule.line = static_cast<int>(site.source().begin.line);
  for (auto&& [key, value] : site) {
    std::string_view name = key.str();
    if (std::find(std::begin(kKeys), std::end(kKeys), name) != std::end(kKeys)) continue;
    std::string message = "unknown key '" + std::string(name) + "' in [[site]]; expected host, keep, drop";
    for (std::string_view known : kKeys) {
      if (edit_distance(name, known) <= 2) {
        message += " (did you mean '" + std::string(known) + "'?)";
        break;
      }
    }
    report.fail(key.source(), message);
  }

  const toml::node* host = site.get("host");
  if (!host) report.fail(site.source(), "[[site]] has no host; add one, e.g. host = \"example.com\"");
  const toml::value<std::string>* host_text = host->as_string();
  if (!host_text) report.fail(host->source(), "host must be a string, e.g. host = \"example.com\"");
  std::string raw = host_text->get();
  rule.host = normalize_host(raw);
  if (std::optional<std::string> problem = host_problem(raw, rule.host)) report.fail(host->source(), *problem);

  const toml::node* keep = site.get("keep");
  const toml::node* drop = site.get("drop");
  if (keep) rule.keep = read_selectors(report, *keep, "keep");
  if (drop) rule.drop = read_selectors(report, *drop, "drop");
  if (rule.keep.empty() && rule.drop.empty()) {
    report.fail(site.source(), "[[site]] for '" + rule.host +
                                   "' has no selectors; give keep = [...] (the article's elements), "
                                   "drop = [...] (elements to remove), or both");
  }
  return rule;
}

}  // namespace

ConfigError::ConfigError(std::string_view source, int line, int column, std::string_view message)
    : std::runtime_error(format_location(source, line, column, message)),
      source_(source),
      line_(line),
      column_(column),
      message_(message) {}

const SiteRule* SiteRules::for_host(std::string_view host) const {
  std::string wanted = normalize_host(host);
  if (wanted.empty()) return nullptr;
  const SiteRule* best = nullptr;
  for (const SiteRule& rule : sites) {
    if (rule.host.empty() || rule.host.size() > wanted.size()) continue;
    bool same = wanted == rule.host;
    bool parent = !same && wanted.size() > rule.host.size() &&
                  wanted.compare(wanted.size() - rule.host.size(), rule.host.size(), rule.host) == 0 &&
                  wanted[wanted.size() - rule.host.size() - 1] == '.';
    if ((same || parent) && (!best || rule.host.size() > best->host.size())) best = &rule;
  }
  return best;
}

SiteRules site_rules_from_table(const toml::table& table, std::string_view source_name) {
  Reporter report(source_name);
  SiteRules rules;
  rules.source_name = std::string(source_name);
  const toml::node* sites = table.get("site");
  if (!sites) return rules;
  const toml::array* array = sites->as_array();
  if (!array) report.fail(sites->source(), "'site' must be an array of tables: write each rule under [[site]]");
  for (const toml::node& item : *array) {
    const toml::table* site = item.as_table();
    if (!site) report.fail(item.source(), "each 'site' entry must be a table: write each rule under [[site]]");
    SiteRule rule = read_site(report, *site);
    for (const SiteRule& earlier : rules.sites) {
      if (earlier.host == rule.host) {
        report.fail(site->get("host")->source(), "duplicate host '" + rule.host + "' (first given in the [[site]] at line " +
                                                     std::to_string(earlier.line) + "); merge the two rules");
      }
    }
    rules.sites.push_back(std::move(rule));
  }
  return rules;
}

SiteRules parse_site_rules(std::string_view toml_text, std::string_view source_name) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(source_name, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                      e.description());
  }
  Reporter report(source_name);
  for (auto&& [key, value] : table) {
    if (key.str() != "site") {
      report.fail(key.source(), "unknown key '" + std::string(key.str()) + "' at top level; a site rules file holds only [[site]] tables");
    }
  }
  return site_rules_from_table(table, source_name);
}

SiteRules load_site_rules(const std::string& path) {
  return parse_site_rules(text::read_config_file(path), path);
}

}  // namespace winnow::config
