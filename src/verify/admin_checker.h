// The Account Administrators checks (SPEC 5).
// * required: every holder of an account_admin role, and every live member
//   (--current) holding an account_admin role or every account permission the
//   group grants;
// * missing: required but not a member after the plan;
// * unexpected: a member after the plan who is not required;
// * removed: a live member the plan takes out (rolemig never takes anyone out
//   of the group, so this stays empty unless a plan does);
// * over_granted: a member (after the plan or live) whose legacy account
//   permissions are fewer than the group grants;
// * impostors: any other group that carries the Account Administrators grant
//   or whose name equals the group's after name_key() (case folding, NFKC,
//   white space collapsed);
// * unverified_groups: any other live group whose grants the audit does not
//   show: it may carry the grant, so the check cannot pass while it is there;
// * and the group must keep an active member.
// Any of them fails the check; no waiver hides it.
#pragma once

#include <string>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

struct AdminRequirement {
  UserIdx user;
  std::string reason;
};

struct AdminImpostor {
  std::string group;  // the group's name
  std::string reason;
};

struct AdminCheck {
  std::string group;
  std::vector<AdminRequirement> required;  // by user
  std::vector<UserIdx> planned, missing, unexpected, removed;
  std::vector<AdminRequirement> over_granted;    // by user; reason: what they lack
  std::vector<AdminImpostor> impostors;          // in group order
  std::vector<AdminImpostor> unverified_groups;  // in group order: grants unknown
  size_t active_members = 0;
  bool pass = true;

  // The pass rule, in one place (the plan's invariants check it too).
  bool lists_pass() const {
    return missing.empty() && unexpected.empty() && removed.empty() && over_granted.empty() && impostors.empty() && unverified_groups.empty() &&
           active_members > 0;
  }
};

AdminCheck check_admins(const Account& acc, const Catalog& cat, const Mapping& m);

// Which live members a manual removal can help: in a plan, those the rules do
// not place there (one the rules place would be added again: the rules are
// the fix); for the live account alone (verify --current, check-admins), all.
enum class RemovalCandidates { unplanned, all_live };

// What a person must do about the live account that rolemig will not: take
// live members who are unexpected or over-granted out of Account
// Administrators, and deal with live impostor groups. Empty without --current.
std::vector<ManualStep> admin_manual_steps(const Account& acc, const Mapping& m, const AdminCheck& c, RemovalCandidates which);

}  // namespace rolemig
