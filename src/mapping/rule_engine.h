// Applies the rules to every assignment (SPEC 2.5): union of every matching
// rule's groups until a `final` rule, per-store and account group instances
// with rendered names, and derived groups for residual permissions.
#pragma once

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"
#include "model/rules.h"

namespace rolemig {

// Throws InputError when two group definitions render the same name, or a
// grant names a store the account does not have.
Mapping apply_rules(const Catalog& catalog, const Account& account, const RuleSet& rules);

// Whether `m` holds for assignment `a`; `matched_before`: an earlier rule matched it.
bool rule_matches(const Match& m, const Assignment& a, const Account& account, const Catalog& catalog, bool matched_before);

// Renders {store.id} {store.name} {store.region} (and {role} when given).
std::string render_template(std::string_view tmpl, const Store* store, std::string_view role = {});

}  // namespace rolemig
