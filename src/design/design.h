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

// What a drafted rule matches. Each rule's groups grant only policies that
// fit inside what every assignment it matches holds, so no rule can make
// anyone gain; rules are ordered so that each assignment meets its own kind's
// rule first.
enum class BundleKind {
  role,                 // match: { role: R }: every holder of the role
  role_and_checkboxes,  // match: { role: R, has_permissions: E }, final: what R with checkboxes E needs beyond R
  permissions,          // match: { unmatched: true, has_permissions: P }: a role-less permission set (JSON exports)
};

struct Bundle {
  BundleKind kind = BundleKind::role;
  std::optional<RoleIdx> role;
  PermSet has;    // has_permissions; empty for `role`
  PermSet perms;  // what every assignment of the kind holds: the role's permissions | has
  std::string name;
  bool admins = false;  // an account-admin role: its account access is Account Administrators'
  // The policies its groups must give together, per scope (mining rows):
  // those that fit inside `perms` and, for role_and_checkboxes, not inside
  // the role's permissions (the role's rule gives those).
  std::vector<PolicyIdx> store_items, account_items;
  std::vector<uint32_t> groups;  // into Design::groups, sorted
  size_t assignments = 0;        // assignments its rule matches (and reaches: final and unmatched stop the others)
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
  std::string name;  // the kind's: "Warehouse Lead with Export_Orders", "Order Fulfillment permissions with ...", "a role-less set of N permissions"
  Scope scope = Scope::store;
  std::optional<RoleIdx> role;          // the role they hold; none for role-less (JSON) assignments
  PermSet wanted;                       // what they hold of the scope
  PolicyFit fit;                        // of `wanted`: the policies inside it, the loss, the superset cover
  std::vector<PolicyIdx> subset_cover;  // a minimal cover of fit.covered: what the rules grant, by name
  PermSet checkboxes;                   // wanted minus the role's permissions
  size_t assignments = 0;
  std::vector<UserIdx> users;                         // sorted
  std::vector<StoreIdx> stores;                       // sorted
  std::vector<std::pair<UserIdx, StoreIdx>> holders;  // who holds it where, sorted
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
