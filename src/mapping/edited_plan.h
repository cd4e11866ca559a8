// Provenance for a plan read back from plan.json (`verify --plan`). plan.json
// lists each group's rules, not why each member is there, and a reviewer may
// have added members by hand. A membership the given rules also produce (same
// user, same group name) is credited to the rules that produce it; any other
// is credited to kEditedPlanRule, so a difference it causes never names a rule
// that did not put the user there.
#pragma once

#include <string_view>

#include "model/group.h"

namespace rolemig {

// The label under which memberships the rules do not produce appear.
inline constexpr std::string_view kEditedPlanRule = "(edited plan)";

// Replaces every membership's rules in `edited` (rule_names rebuilt, sorted).
void credit_rules(Mapping& edited, const Mapping& derived);

}  // namespace rolemig
