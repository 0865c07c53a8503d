#include "app/rules_option.h"

#include <spdlog/spdlog.h>

#include "config/site_rules.h"

namespace winnow::app {

bool load_rules_option(const std::string& path, std::optional<clean::CompiledSiteRules>& rules) {
  if (path.empty()) return true;
  try {
    rules.emplace(config::load_site_rules(path));
    return true;
  } catch (const std::exception& e) {  // config::ConfigError, clean::SelectorError
    spdlog::error("--rules: {}", e.what());
    return false;
  }
}

}  // namespace winnow::app
