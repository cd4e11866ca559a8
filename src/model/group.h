// The target side: groups with grants and members, and who is in which group
// by which rules. Produced by the rule engine (plan) or read back from a
// plan.json (verify); consumed by verification and the writers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/target.h"

namespace rolemig {

struct Grant {
  std::optional<PolicyIdx> policy;  // nullopt: the Account Administrators grant
  Target target;
  friend bool operator==(const Grant& a, const Grant& b) { return a.policy == b.policy && a.target == b.target; }
};

// The name a grant's policy goes by in every output: the policy's, or the
// Account Administrators grant's (catalog `account_administrators.name`).
inline const std::string& policy_name(const Catalog& cat, std::optional<PolicyIdx> policy) {
  return policy ? cat.policies[*policy].name : cat.admins.name;
}
inline const std::string& policy_name(const Catalog& cat, const Grant& g) { return policy_name(cat, g.policy); }

// What one grant gives, target by target: a policy's permissions on its
// target; the Account Administrators grant's account permissions on the
// account and, when the catalog says its store permissions reach every store,
// those on each of the `store_count` stores. Calls emit(Target, PermSet).
template <class Emit>
void for_each_granted(const Catalog& cat, size_t store_count, const Grant& g, Emit&& emit) {
  if (g.policy) {
    emit(g.target, cat.policies[*g.policy].perms);
    return;
  }
  emit(Target::account(), cat.admins_grant(Scope::account));
  if (!cat.admins.all_store) return;
  for (StoreIdx s = 0; s < store_count; ++s) emit(Target::store(s), cat.admins_grant(Scope::store));
}

enum class GroupAction { create, exists };

struct Group {
  std::string key;
  std::string name;
  std::string description;
  GroupAction action = GroupAction::create;
  std::vector<Grant> grants;
  std::vector<UserIdx> members;    // after the plan: sorted, unique
  std::vector<std::string> rules;  // names of the rules that put members here, in rule order
  bool is_admins = false;
  bool derived = false;
  // False for a live group whose grants the audit does not show (--current):
  // its members' access cannot be proven, so they verify `unverified`.
  bool grants_known = true;
  // Against the current state (--current); without it, to_add == members.
  std::string current_id;                // the live group's id, when it exists
  std::vector<UserIdx> current_members;  // live members, sorted
  std::vector<UserIdx> to_add;           // planned members not yet in the live group
  std::vector<UserIdx> unplanned;        // live members the rules do not put here
  std::vector<UserIdx> to_remove;        // unplanned members removed (--prune; never Account Administrators)
};

// Something rolemig will not change by itself: a person must.
struct ManualStep {
  std::string group;
  std::string reason;
};

struct Membership {
  UserIdx user = 0;
  uint32_t group = 0;
  std::vector<uint32_t> rules;  // indices into Mapping::rule_names
};

// The order of groups in a plan and every output: Account Administrators
// first, then by name (bytewise).
inline bool group_order_less(const Group& a, const Group& b) {
  if (a.is_admins != b.is_admins) return a.is_admins;
  return a.name < b.name;
}

struct Mapping {
  std::vector<Group> groups;            // Account Administrators first, then by name
  std::vector<Membership> memberships;  // sorted by (user, group)
  std::vector<std::string> rule_names;
  std::vector<ManualStep> manual_steps;
  bool has_current = false;              // planned against a --current state
  std::vector<size_t> first_membership;  // per user offsets into memberships; size users+1

  std::pair<size_t, size_t> memberships_of(UserIdx u) const { return {first_membership[u], first_membership[u + 1]}; }
  // Fills first_membership from the sorted memberships.
  void index(size_t user_count);
};

}  // namespace rolemig
