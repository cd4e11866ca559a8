#include "mapping/rule_match.h"

#include <algorithm>

#include "util/text.h"

namespace rolemig {

std::string_view match_key_name(MatchKey k) {
  switch (k) {
    case MatchKey::unmatched: return "unmatched";
    case MatchKey::role: return "role";
    case MatchKey::store: return "store";
    case MatchKey::email: return "email";
    case MatchKey::status: return "status";
    case MatchKey::has_permissions: return "has_permissions";
  }
  return "?";
}

namespace {

bool role_holds(const RoleMatch& rm, const Assignment& a, const Catalog& cat) {
  if (rm.any) return true;
  if (!a.role) return false;
  bool custom = cat.roles[*a.role].custom;
  return (rm.custom && custom) || (rm.standard && !custom) || std::find(rm.roles.begin(), rm.roles.end(), *a.role) != rm.roles.end();
}

}  // namespace

std::optional<MatchKey> failed_match_key(const Match& m, const Assignment& a, const Account& acc, const Catalog& cat, bool matched_before) {
  if (m.unmatched && matched_before) return MatchKey::unmatched;
  if (m.role && !role_holds(*m.role, a, cat)) return MatchKey::role;
  if (!m.stores.empty()) {
    const std::string& id = acc.stores[a.store].id;
    if (std::none_of(m.stores.begin(), m.stores.end(), [&](const std::string& g) { return glob_match(g, id, CaseSensitive::yes); }))
      return MatchKey::store;
  }
  if (m.email && !glob_match(*m.email, acc.users[a.user].email)) return MatchKey::email;
  if (!m.statuses.empty() && std::find(m.statuses.begin(), m.statuses.end(), a.status) == m.statuses.end()) return MatchKey::status;
  if (m.has_permissions && !m.has_permissions->subset_of(a.perms)) return MatchKey::has_permissions;
  return std::nullopt;
}

bool rule_matches(const Match& m, const Assignment& a, const Account& acc, const Catalog& cat, bool matched_before) {
  return !failed_match_key(m, a, acc, cat, matched_before);
}

}  // namespace rolemig
