// Per-user access: the legacy side from assignments, the target side from
// group memberships. An AccessMap is sorted by target and holds no empty set.
#pragma once

#include <utility>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

using AccessMap = std::vector<std::pair<Target, PermSet>>;

AccessMap legacy_access(const Account& acc, const Catalog& cat, UserIdx u);
AccessMap target_access(const Account& acc, const Catalog& cat, const Mapping& m, UserIdx u);

// What one grant gives, per target (Account Administrators may span stores).
void grant_access(const Account& acc, const Catalog& cat, const Grant& g, AccessMap& out);

// Merges unsorted (target, set) pairs into a sorted map without empties.
void normalize(AccessMap& m);

}  // namespace rolemig
