// Finds the bundles the drafted rules will match (design.h) and the
// decisions no set of policies can take: one pass over the account's
// distinct (role, permissions) kinds of assignment.
//
// Each role in use is a bundle; so is each distinct set of checkboxes beyond
// a role, and, for role-less assignments (a JSON export), the largest role
// their permissions contain and what is left beyond it. Where a policy
// straddles a role and its checkboxes, so that the bundles together cover
// less than the policies could, the kind gets a bundle of its own. What no
// policy covers is a decision.
#pragma once

#include <vector>

#include "design/design.h"

namespace rolemig {

struct FoundBundles {
  std::vector<Bundle> bundles;  // roles by name, then the rest as found in kind order
  std::vector<Decision> decisions;
};

FoundBundles find_bundles(const Catalog& cat, const Account& account);

// Whether the rule drafted for `b` matches an assignment of `role` (none:
// role-less) holding `perms` (SPEC 2.5).
bool bundle_matches(const Bundle& b, std::optional<RoleIdx> role, const PermSet& perms);

}  // namespace rolemig
