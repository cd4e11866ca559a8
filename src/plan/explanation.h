// `rolemig explain` (SPEC 3): how one user's access maps, assembled from a
// built Plan so that it says what the plan decided, never a second opinion.
// The rule trace comes from mapping/rule_engine's trace_assignment (the code
// the plan runs); groups, verdict and admin facts are the plan's own.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapping/rule_engine.h"  // AssignmentTrace
#include "plan/plan.h"

namespace rolemig {

// --user names nobody in the inputs. The CLI's catch site prints it as
// "rolemig: error: <what>" (exit 2); the message suggests the nearest email.
class UnknownUserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user `email` names (case-insensitively, surrounding spaces trimmed).
// Throws UnknownUserError: "expected --user to name a user of the inputs,
// found 'x'; did you mean 'y'?" (the suggestion only when one is close).
UserIdx find_explained_user(const Account& account, std::string_view email);

// One assignment of the user and how the rules decided it.
struct ExplainedAssignment {
  size_t assignment = 0;  // index into Plan::account.assignments
  AssignmentTrace trace;
  // The derived group the user is in for this assignment's residual (index
  // into Plan::mapping.groups); nullopt when the residual has no cover.
  std::optional<uint32_t> derived_group;
  PermSet uncovered;  // the residual's permissions the cover does not grant (a loss unless waived)
};

// What one grant of a group gives, target by target (for_each_granted).
struct GrantedAccess {
  Grant grant;
  std::vector<std::pair<Target, PermSet>> gives;
};

// One group the user is in after the plan.
struct ExplainedGroup {
  uint32_t group = 0;           // index into Plan::mapping.groups
  std::vector<uint32_t> rules;  // the membership's rules: indices into Mapping::rule_names
  std::vector<GrantedAccess> grants;
};

// The Account Administrators checks (SPEC 5) as they concern this user.
struct AdminFacts {
  std::optional<std::string> required;      // the reason when required
  bool planned = false;                     // a member after the plan
  std::optional<bool> live_member;          // with --current: in the live group today; nullopt without
  bool missing = false;                     // required, not planned
  bool unexpected = false;                  // planned, not required
  bool removed = false;                     // a live member the plan takes out
  std::optional<std::string> over_granted;  // the reason when over-granted

  // Whether a check fails because of this user.
  bool fails() const { return missing || unexpected || removed || over_granted.has_value(); }
};

struct Explanation {
  UserIdx user = 0;
  std::vector<ExplainedAssignment> assignments;  // in assignment (store) order
  std::vector<ExplainedGroup> groups;            // in the plan's group order
  AdminFacts admins;

  // 0 when the user's access is equal (waivers applied) and no admin check
  // fails because of them; 1 otherwise (differences, unverified, an admin
  // failure naming them).
  int exit_status(const Plan& plan) const;
};

// Assembles the explanation of `user` from a plan built by build_plan.
// Throws InternalError when the user is not in the plan.
Explanation explain_user(const Plan& plan, UserIdx user);

}  // namespace rolemig
