#include "model/catalog.h"

#include <algorithm>

#include "util/text.h"
#include "util/unicode.h"

namespace rolemig {

std::string_view scope_name(Scope s) { return s == Scope::store ? "store" : "account"; }

PermId Catalog::add_permission(Permission p) {
  PermId id = static_cast<PermId>(permissions.size());
  perm_index_.emplace(p.id, id);
  if (p.id == kNoPermissionRequired) ignored_ = id;
  permissions.push_back(std::move(p));
  // The masks grow with the catalog (every set of a run has its size).
  store_mask_ = empty_set();
  account_mask_ = empty_set();
  for (PermId i = 0; i < permissions.size(); ++i) {
    if (!is_ignored(i)) (permissions[i].scope == Scope::store ? store_mask_ : account_mask_).set(i);
  }
  return id;
}

RoleIdx Catalog::add_role(Role r) {
  RoleIdx idx = static_cast<RoleIdx>(roles.size());
  role_index_.emplace(fold_case(r.name), idx);
  roles.push_back(std::move(r));
  return idx;
}

PolicyIdx Catalog::add_policy(Policy p) {
  PolicyIdx idx = static_cast<PolicyIdx>(policies.size());
  policy_index_.emplace(p.name, idx);
  policies.push_back(std::move(p));
  return idx;
}

std::optional<PermId> Catalog::find_permission(std::string_view id) const {
  auto it = perm_index_.find(std::string(id));
  if (it == perm_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<RoleIdx> Catalog::find_role(std::string_view name) const {
  auto it = role_index_.find(fold_case(name));
  if (it == role_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<PolicyIdx> Catalog::find_policy(std::string_view name) const {
  auto it = policy_index_.find(std::string(name));
  if (it == policy_index_.end()) return std::nullopt;
  return it->second;
}

PermSet Catalog::admins_grant(Scope s) const {
  bool all = s == Scope::store ? admins.all_store : admins.all_account;
  return all ? scope_mask(s) : empty_set();
}

std::vector<std::string> Catalog::permission_ids() const {
  std::vector<std::string> out;
  for (const auto& p : permissions) out.push_back(p.id);
  return out;
}

std::vector<std::string> Catalog::role_names() const {
  std::vector<std::string> out;
  for (const auto& r : roles) out.push_back(r.name);
  return out;
}

std::vector<std::string> Catalog::policy_names() const {
  std::vector<std::string> out;
  for (const auto& p : policies) out.push_back(p.name);
  return out;
}

std::vector<std::string> Catalog::names(const PermSet& s) const {
  std::vector<std::string> out;
  s.for_each([&](PermId p) { out.push_back(permissions[p].id); });
  return out;
}

std::vector<std::string> Catalog::sorted_names(const PermSet& s) const {
  std::vector<std::string> out = names(s);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Catalog::policy_names(const std::vector<PolicyIdx>& ps) const {
  std::vector<std::string> out;
  for (PolicyIdx p : ps) out.push_back(policies[p].name);
  return out;
}

bool is_admins_lookalike(const Catalog& cat, std::string_view name) { return name_key(name) == name_key(cat.admins.name); }

std::string admins_lookalike_message(const Catalog& cat, std::string_view name) {
  return "expected a group name other than '" + cat.admins.name +
         "' (names are compared after case folding, NFKC normalisation and collapsing white space; only the built-in group '" +
         "account-administrators' is that group), found '" + visible(name) + "'";
}

}  // namespace rolemig
