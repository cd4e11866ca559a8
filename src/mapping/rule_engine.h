// Applies the rules to every assignment (SPEC 2.5): union of every matching
// rule's groups until a `final` rule, per-store and account group instances
// with rendered names, and derived groups for residual permissions.
#pragma once

#include "mapping/rule_match.h"  // rule_matches
#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"
#include "model/rules.h"

namespace rolemig {

// Throws InputError when two group definitions render the same name, or a
// grant names a store the account does not have.
Mapping apply_rules(const Catalog& catalog, const Account& account, const RuleSet& rules);

// Renders {store.id} {store.name} {store.region} (and {role} when given).
std::string render_template(std::string_view tmpl, const Store* store, std::string_view role = {});

}  // namespace rolemig
