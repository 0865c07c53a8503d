// The --rules FILE option of the commands that clean pages.
#pragma once

#include <optional>
#include <string>

#include "clean/site_rules.h"

namespace winnow::app {

/// Loads and compiles the site rules file at `path` into `rules` (leaves it empty when `path` is).
/// Returns false, having logged "--rules: FILE:LINE: message", when the file does not load.
bool load_rules_option(const std::string& path, std::optional<clean::CompiledSiteRules>& rules);

}  // namespace winnow::app
