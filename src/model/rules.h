// The migration rules (SPEC 2.5) after loading: group definitions, rules and
// waivers, with names resolved to catalog indices.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "util/error.h"
#include "util/perm_set.h"

namespace rolemig {

// The built-in group id of Account Administrators.
inline constexpr std::string_view kAdminsGroupId = "account-administrators";

enum class GroupScope { per_store, account };

struct GrantDef {
  enum class Kind { store, account, fixed_store };
  PolicyIdx policy = 0;
  Kind kind = Kind::store;
  std::string store_id;  // for fixed_store
  SourceLoc where;
};

struct GroupDef {
  std::string id;
  std::string name;         // template with {store.id} {store.name} {store.region}
  std::string description;  // template
  GroupScope scope = GroupScope::per_store;
  std::vector<GrantDef> grants;
  bool builtin_admins = false;
  SourceLoc where;
  Excerpt where_line{};  // of where's line: the rule engine reports name clashes there
};

// Which assignments a rule or waiver applies to. An absent key holds for all.
struct RoleMatch {
  bool any = false;       // '*': also role-less assignments
  bool custom = false;    // 'custom:*'
  bool standard = false;  // 'standard:*'
  std::vector<RoleIdx> roles;
};

struct Match {
  std::optional<RoleMatch> role;
  std::vector<std::string> stores;   // globs over store ids
  std::optional<std::string> email;  // glob
  std::vector<Status> statuses;
  std::optional<PermSet> has_permissions;
  bool unmatched = false;
};

struct Rule {
  std::string name;
  Match match;
  std::vector<size_t> groups;  // indices into RuleSet::groups
  bool derive = false;
  std::optional<std::string> group_name;  // derive: template with {store.*} {role}
  bool final = false;
  SourceLoc where;
  Excerpt where_line{};  // of where's line: the rule engine reports derived names there
};

enum class Change { loss, gain, any };

struct Waiver {
  std::optional<std::string> email;
  std::vector<Status> statuses;
  std::vector<std::string> stores;  // globs over store ids, or "account"
  std::vector<RoleIdx> roles;
  std::optional<PermSet> permissions;  // absent: all
  Change change = Change::any;
  std::string reason;
  SourceLoc where;
};

struct RuleSet {
  std::string file;
  std::vector<GroupDef> groups;  // groups[0] is the built-in Account Administrators
  std::vector<Rule> rules;
  std::vector<Waiver> waivers;
};

}  // namespace rolemig
