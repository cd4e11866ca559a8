// Loads a rules file (SPEC 2.5) against a catalog. Every unknown key, group
// id, policy, role, permission or placeholder is reported with its position.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/name_template.h"
#include "model/rules.h"

namespace rolemig {

RuleSet load_rules(const Catalog& catalog, const std::string& text, const std::string& file);

// The placeholders a template may use; anything else in braces is an error.
// Returns the first unknown placeholder, if any.
std::optional<std::string> unknown_placeholder(std::string_view tmpl, const std::vector<std::string>& allowed);
// The same with its place in `tmpl`; an unclosed '{' is never allowed.
std::optional<Placeholder> unknown_placeholder_at(std::string_view tmpl, const std::vector<std::string>& allowed);

}  // namespace rolemig
