// The catalog: legacy permissions (interned to PermIds), standard and custom
// roles, policies and the Account Administrators definition. Loaded once,
// read-only afterwards; every later stage refers to its entries by index.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.h"
#include "util/perm_set.h"

namespace rolemig {

// The legacy identifier present on every user and carrying no access (SPEC 1).
inline constexpr std::string_view kNoPermissionRequired = "No_Permission_Required";

enum class Scope { store, account };
std::string_view scope_name(Scope s);

using RoleIdx = uint32_t;
using PolicyIdx = uint32_t;

struct Permission {
  std::string id;
  std::string area;
  Scope scope = Scope::store;
  std::string description;
};

struct Role {
  std::string name;
  std::string description;
  bool account_admin = false;
  bool custom = false;
  PermSet perms;
  SourceLoc where;
};

struct Policy {
  std::string name;
  Scope target = Scope::store;
  std::string description;
  PermSet perms;
  SourceLoc where;
};

struct AdminGroupDef {
  std::string name = "Account Administrators";
  bool all_store = false;
  bool all_account = true;
};

class Catalog {
 public:
  std::vector<Permission> permissions;  // index = PermId
  std::vector<Role> roles;              // standard roles first, then custom
  std::vector<Policy> policies;
  AdminGroupDef admins;

  // Registers a permission; returns its id. Ids must be unique (the loader
  // checks and reports duplicates).
  PermId add_permission(Permission p);
  RoleIdx add_role(Role r);
  PolicyIdx add_policy(Policy p);

  std::optional<PermId> find_permission(std::string_view id) const;
  std::optional<RoleIdx> find_role(std::string_view name) const;  // case-insensitive
  std::optional<PolicyIdx> find_policy(std::string_view name) const;

  PermSet empty_set() const { return PermSet(permissions.size()); }
  // Every permission of a scope (No_Permission_Required excluded); kept as
  // permissions are added, so per-user loops may ask for it.
  const PermSet& scope_mask(Scope s) const { return s == Scope::store ? store_mask_ : account_mask_; }
  // What the Account Administrators group grants, per scope.
  PermSet admins_grant(Scope s) const;
  bool is_ignored(PermId p) const { return ignored_ && *ignored_ == p; }

  std::vector<std::string> permission_ids() const;
  std::vector<std::string> role_names() const;
  std::vector<std::string> policy_names() const;

  // Permission ids of a set, in catalog order.
  std::vector<std::string> names(const PermSet& s) const;
  // Permission ids of a set, in byte order (as users read lists of them).
  std::vector<std::string> sorted_names(const PermSet& s) const;
  // The names of `ps`, in their order.
  std::vector<std::string> policy_names(const std::vector<PolicyIdx>& ps) const;

 private:
  std::unordered_map<std::string, PermId> perm_index_;
  std::unordered_map<std::string, RoleIdx> role_index_;  // folded name
  std::unordered_map<std::string, PolicyIdx> policy_index_;
  std::optional<PermId> ignored_;
  PermSet store_mask_, account_mask_;
};

// True when `name` reads as Account Administrators: equal to its name after
// name_key() (case folding, NFKC, white space collapsed). Any group so named
// but the built-in one would pass for the default group (SPEC 2.5, 5); the
// caller knows which group is the built-in one.
bool is_admins_lookalike(const Catalog& cat, std::string_view name);
// "expected ..., found '<name>'" for a rule group so named.
std::string admins_lookalike_message(const Catalog& cat, std::string_view name);

}  // namespace rolemig
