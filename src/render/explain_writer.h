// What `rolemig explain` prints (SPEC 3): one user's assignments, the rules
// that decided each, the groups and what their grants give, the verdict with
// its provenance (in the words of plan's report) and the Account
// Administrators facts. Text for a person, JSON for a script.
#pragma once

#include <ostream>

#include "plan/explanation.h"
#include "plan/plan.h"

namespace rolemig {

// The text report; every value passes through printable(). Ends with a newline.
void write_explanation_text(const Plan& plan, const Explanation& x, std::ostream& out);

// One JSON object, two-space indented, ending with a newline: the user's
// plan.json verification entry (email, status, gained, lost, assignments)
// with each assignment's rule trace and derive step, then `groups` and
// `admins`.
void write_explanation_json(const Plan& plan, const Explanation& x, std::ostream& out);

}  // namespace rolemig
