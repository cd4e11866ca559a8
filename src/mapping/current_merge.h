// Plans against the live account (--current): groups that exist by name are
// `exists`; memberships already there are not added; live memberships the
// rules do not produce are reported, count in target access, and are removed
// only with --prune (never from Account Administrators). A live group whose
// grants differ from the plan's keeps its grants (they are what users have)
// and the difference becomes a manual step.
#pragma once

#include <vector>

#include "io/current_state_reader.h"
#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

enum class Prune { yes, no };

// The label under which live memberships appear in provenance.
inline constexpr std::string_view kCurrentStateRule = "(current state)";

// Fills to_add for a plan made without a current state.
void plan_without_current(Mapping& m);

// Merges the live groups into `m` (groups re-sorted, memberships re-indexed).
// Throws InputError for a grant naming an unknown policy or store.
void merge_current_state(Mapping& m, const Account& acc, const Catalog& cat, const std::vector<CurrentGroup>& current, Prune prune);

// A Mapping of the live groups alone (for `verify --current`, `check-admins`).
Mapping mapping_from_current(const Account& acc, const Catalog& cat, const std::vector<CurrentGroup>& current);

}  // namespace rolemig
