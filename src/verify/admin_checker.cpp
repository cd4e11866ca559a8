#include "verify/admin_checker.h"

#include <algorithm>
#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

AdminCheck check_admins(const Account& acc, const Catalog& cat, const Mapping& m) {
  AdminCheck c;
  c.group = cat.admins.name;
  const Group* admins = nullptr;
  for (const Group& g : m.groups)
    if (g.is_admins) admins = &g;
  std::vector<UserIdx> live = admins ? admins->current_members : std::vector<UserIdx>{};
  const PermSet account_mask = cat.scope_mask(Scope::account);
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    std::vector<std::string> reasons;
    auto [b, e] = acc.assignments_of(u);
    for (size_t i = b; i < e; ++i) {
      const Assignment& a = acc.assignments[i];
      if (a.role && cat.roles[*a.role].account_admin) {
        reasons.push_back(fmt::format("holds {}{} on store {}", cat.roles[*a.role].name, a.role_inferred ? " (inferred)" : "",
                                      acc.stores[a.store].id));
      }
    }
    if (m.has_current && std::binary_search(live.begin(), live.end(), u) && reasons.empty()) {
      PermSet account_perms = cat.empty_set();
      for (size_t i = b; i < e; ++i) account_perms |= acc.assignments[i].perms & account_mask;
      if (!account_perms.empty()) {
        reasons.push_back(fmt::format("a current member holding account permissions ({})", join(cat.names(account_perms), ", ")));
      }
    }
    if (!reasons.empty()) c.required.push_back(AdminRequirement{u, join(reasons, "; ")});
  }
  if (admins) c.removed = admins->unplanned;
  for (const Group& g : m.groups) {
    if (g.is_admins) c.planned.insert(c.planned.end(), g.members.begin(), g.members.end());
  }
  std::sort(c.planned.begin(), c.planned.end());
  c.planned.erase(std::unique(c.planned.begin(), c.planned.end()), c.planned.end());
  std::vector<UserIdx> required;
  for (const auto& r : c.required) required.push_back(r.user);
  std::set_difference(required.begin(), required.end(), c.planned.begin(), c.planned.end(), std::back_inserter(c.missing));
  std::set_difference(c.planned.begin(), c.planned.end(), required.begin(), required.end(), std::back_inserter(c.unexpected));
  for (UserIdx u : c.planned) {
    auto [b, e] = acc.assignments_of(u);
    bool active = false;
    for (size_t i = b; i < e; ++i) active = active || acc.assignments[i].status == Status::active;
    c.active_members += active;
  }
  c.pass = c.missing.empty() && c.unexpected.empty() && c.removed.empty() && c.active_members > 0;
  return c;
}

}  // namespace rolemig
