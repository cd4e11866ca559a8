// Finds the bundles the drafted rules will match (design.h) and the
// decisions no set of policies can take: one pass over the account's
// distinct (role, permissions) kinds of assignment. Each role in use is a
// bundle; each role with checkboxes beyond it, and each role-less permission
// set (a JSON export), is another, asking only for the policies its role's
// bundle does not give. What no policy covers is a decision.
#pragma once

#include <vector>

#include "design/design.h"

namespace rolemig {

struct FoundBundles {
  std::vector<Bundle> bundles;  // rule order: roles by name; then roles with checkboxes, and role-less sets, the largest first
  std::vector<Decision> decisions;
};

FoundBundles find_bundles(const Catalog& cat, const Account& account);

}  // namespace rolemig
