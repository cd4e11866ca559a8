// A drafted group design (SPEC 6): the bundles rules will match, the groups
// mined for them, and the decisions no set of policies can take for a person.
// Built by design_groups (group_design.h); rendered as rules.yaml, suggest.md
// and suggest.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "design/policy_fit.h"
#include "model/account.h"
#include "model/catalog.h"
#include "model/rules.h"

namespace rolemig {

// What a drafted rule matches. Every rule whose match holds contributes, so a
// bundle's groups never grant more than `perms`, which every assignment it
// matches holds: no rule can make anyone gain.
enum class BundleKind {
  role,                 // match: { role: R }
  role_and_checkboxes,  // match: { role: R, has_permissions: [...] }: a role whose checkboxes a policy straddles
  permissions,          // match: { has_permissions: [...] }: recurring checkboxes, or a role-less permission set
};

struct Bundle {
  BundleKind kind = BundleKind::role;
  std::optional<RoleIdx> role;
  PermSet has;    // has_permissions; empty for `role`
  PermSet perms;  // what every matched assignment holds: the role's permissions | has
  std::string name;
  bool admins = false;           // an account-admin role: its account access is Account Administrators'
  PolicyFit store;               // of perms' store part (less what Account Administrators grants there, for `admins`)
  PolicyFit account;             // of perms' account part (empty for `admins`)
  std::vector<uint32_t> groups;  // into Design::groups, sorted
  size_t assignments = 0;        // assignments it matches
};

struct DesignedGroup {
  std::string id;
  std::string name;  // a template: per-store names use {store.name}
  std::string description;
  GroupScope scope = GroupScope::per_store;
  std::vector<PolicyIdx> grants;  // a minimal cover of what it grants, by name
  PermSet perms;                  // what it grants
  std::vector<uint32_t> bundles;  // that give it, in bundle order
};

// Assignments whose permissions of one scope no set of policies reproduces.
struct Decision {
  Scope scope = Scope::store;
  std::optional<RoleIdx> role;  // the role they hold; none for role-less (JSON) assignments
  PermSet wanted;               // what they hold of the scope
  PolicyFit fit;                // of `wanted`: the subset cover the rules take, the loss, the superset cover
  PermSet checkboxes;           // wanted minus the role's permissions
  size_t assignments = 0;
  std::vector<UserIdx> users;    // sorted
  std::vector<StoreIdx> stores;  // sorted
};

// One run of the mining engine (mining/role_miner.h) over bundles x policies.
struct MiningRun {
  Scope scope = Scope::store;
  size_t rows = 0, items = 0, roles = 0, lower_bound = 0;
  bool optimal = false, verified = false;
  double seconds = 0;
};

struct Design {
  std::vector<Bundle> bundles;  // rule order
  std::vector<DesignedGroup> groups;
  std::vector<Decision> decisions;
  std::vector<MiningRun> mining;  // store, then account
};

}  // namespace rolemig
