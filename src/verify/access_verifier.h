// Proves, user by user and target by target, that target access equals
// legacy access (SPEC 1, 4): every gain and loss with its provenance, with
// waivers applied and unused waivers reported.
#pragma once

#include <optional>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"
#include "model/rules.h"
#include "verify/access.h"

namespace rolemig {

// A lost permission came from an assignment's role or its checkboxes, given
// on the row at `where` (of merged rows, the first that holds it).
struct LossSource {
  size_t assignment;
  bool via_role;
  SourceLoc where;
};

// A gained permission is granted by a group's policy, the user being there by rules.
struct GainSource {
  uint32_t group;
  std::optional<PolicyIdx> policy;  // nullopt: Account Administrators
  std::vector<uint32_t> rules;      // indices into Mapping::rule_names
};

struct Difference {
  Target target;
  PermId perm;
  std::optional<size_t> waiver;  // index into RuleSet::waivers
  std::vector<LossSource> from;
  std::vector<GainSource> granted_by;
};

// `unverified`: the user is a member of a group whose grants are unknown (a
// live group the audit shows without grants), so their access after the plan
// cannot be proven, whatever the known groups give. Their gained and lost
// lists still show what the known grants give.
enum class UserStatus { equal, gains, losses, gains_and_losses, unverified };
std::string_view user_status_name(UserStatus s);

struct UserVerdict {
  UserIdx user;
  std::vector<Difference> gained;
  std::vector<Difference> lost;
  std::vector<uint32_t> unknown_grants;  // groups of the user's whose grants are unknown
  UserStatus status = UserStatus::equal;
};

struct Verification {
  std::vector<UserVerdict> users;  // one per account user, in user order
  std::vector<size_t> unmatched_waivers;
  std::vector<AccessMap> before;  // legacy access per user
  std::vector<AccessMap> after;   // target access per user
  // Every user counts in exactly one of equal, unverified, or gaining and/or
  // losing (an unverified user counts in neither gaining nor losing).
  size_t users_equal = 0, users_gaining = 0, users_losing = 0, users_unverified = 0, waived = 0;
};

// The status that a user's differences and unknown groups give.
UserStatus status_of(const UserVerdict& v);
// The one rule: unverified when a grant cannot be seen, else by the
// differences no waiver covers.
UserStatus verdict_of(bool unverified, bool gains, bool losses);

Verification verify_access(const Account& acc, const Catalog& cat, const Mapping& m, const RuleSet& rules);

bool waiver_matches(const Waiver& w, const Account& acc, UserIdx u, Target t, PermId p, bool gain);

}  // namespace rolemig
