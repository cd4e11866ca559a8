#include "verify/admin_checker.h"

#include <algorithm>
#include <fmt/format.h>

#include "util/text.h"
#include "util/unicode.h"

namespace rolemig {

namespace {

PermSet account_perms_of(const Account& acc, const Catalog& cat, UserIdx u) {
  PermSet out = cat.empty_set();
  auto [b, e] = acc.assignments_of(u);
  for (size_t i = b; i < e; ++i) out |= acc.assignments[i].perms & cat.scope_mask(Scope::account);
  return out;
}

bool contains(const std::vector<UserIdx>& sorted, UserIdx u) { return std::binary_search(sorted.begin(), sorted.end(), u); }

}  // namespace

AdminCheck check_admins(const Account& acc, const Catalog& cat, const Mapping& m) {
  AdminCheck c;
  c.group = cat.admins.name;
  const Group* admins = nullptr;
  for (const Group& g : m.groups)
    if (g.is_admins) admins = &g;
  std::vector<UserIdx> live = admins ? admins->current_members : std::vector<UserIdx>{};
  const PermSet granted = cat.admins_grant(Scope::account);
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    std::vector<std::string> reasons;
    auto [b, e] = acc.assignments_of(u);
    for (size_t i = b; i < e; ++i) {
      const Assignment& a = acc.assignments[i];
      if (a.role && cat.roles[*a.role].account_admin) {
        reasons.push_back(
            fmt::format("holds {}{} on store {}", cat.roles[*a.role].name, a.role_inferred ? " (inferred)" : "", acc.stores[a.store].id));
      }
    }
    // A live member who already holds everything the group grants keeps it;
    // one holding only some of it would gain the rest (over_granted).
    if (m.has_current && contains(live, u) && reasons.empty() && !granted.empty() && granted.minus(account_perms_of(acc, cat, u)).empty()) {
      reasons.push_back("a current member holding every account permission the group grants");
    }
    if (!reasons.empty()) c.required.push_back(AdminRequirement{u, join(reasons, "; ")});
  }
  if (admins) c.removed = admins->to_remove;
  for (const Group& g : m.groups) {
    if (g.is_admins) c.planned.insert(c.planned.end(), g.members.begin(), g.members.end());
  }
  std::sort(c.planned.begin(), c.planned.end());
  c.planned.erase(std::unique(c.planned.begin(), c.planned.end()), c.planned.end());
  std::vector<UserIdx> required;
  for (const auto& r : c.required) required.push_back(r.user);
  std::set_difference(required.begin(), required.end(), c.planned.begin(), c.planned.end(), std::back_inserter(c.missing));
  std::set_difference(c.planned.begin(), c.planned.end(), required.begin(), required.end(), std::back_inserter(c.unexpected));

  std::vector<UserIdx> members;
  std::set_union(c.planned.begin(), c.planned.end(), live.begin(), live.end(), std::back_inserter(members));
  for (UserIdx u : members) {
    PermSet lacks = granted.minus(account_perms_of(acc, cat, u));
    if (lacks.empty()) continue;
    std::string held = join(cat.names(account_perms_of(acc, cat, u)), ", ");
    c.over_granted.push_back(AdminRequirement{
        u, fmt::format("legacy account permissions: {}; the group would add {}", held.empty() ? "none" : held, join(cat.names(lacks), ", "))});
  }

  for (const Group& g : m.groups) {
    if (g.is_admins) continue;
    std::vector<std::string> reasons;
    if (is_admins_lookalike(cat, g.name)) {
      reasons.push_back(fmt::format("its name '{}' equals '{}' after case folding, NFKC normalisation and collapsing white space", visible(g.name),
                                    cat.admins.name));
    }
    if (std::any_of(g.grants.begin(), g.grants.end(), [](const Grant& gr) { return !gr.policy; })) {
      reasons.push_back(fmt::format("it grants {} (every account permission)", cat.admins.name));
    }
    std::vector<std::string> who;
    for (UserIdx u : g.members) who.push_back(acc.users[u].email);
    const std::string member_list = fmt::format("members: {}", who.empty() ? "none" : join(who, ", "));
    if (!g.grants_known && reasons.empty()) {
      c.unverified_groups.push_back(
          AdminImpostor{g.name, fmt::format("the audit does not show its grants, so it may carry the {} grant; {}", cat.admins.name, member_list)});
    }
    if (reasons.empty()) continue;
    reasons.push_back(member_list);
    c.impostors.push_back(AdminImpostor{g.name, join(reasons, "; ")});
  }

  for (UserIdx u : c.planned) {
    auto [b, e] = acc.assignments_of(u);
    bool active = false;
    for (size_t i = b; i < e; ++i) active = active || acc.assignments[i].status == Status::active;
    c.active_members += active;
  }
  c.pass = c.lists_pass();
  return c;
}

std::vector<ManualStep> admin_manual_steps(const Account& acc, const Mapping& m, const AdminCheck& c, RemovalCandidates which) {
  std::vector<ManualStep> out;
  if (!m.has_current) return out;
  for (const Group& g : m.groups) {
    if (!g.is_admins) continue;
    for (UserIdx u : which == RemovalCandidates::all_live ? g.current_members : g.unplanned) {
      std::vector<std::string> why;
      if (contains(c.unexpected, u)) {
        why.push_back(contains(g.unplanned, u) ? "the rules do not place them here and they are not required" : "they are not required");
      }
      auto over = std::find_if(c.over_granted.begin(), c.over_granted.end(), [&](const AdminRequirement& r) { return r.user == u; });
      if (over != c.over_granted.end()) why.push_back(over->reason);
      if (why.empty()) continue;
      out.push_back(ManualStep{
          g.name, fmt::format("remove {} from the group by hand (rolemig never takes anyone out of it): {}", acc.users[u].email, join(why, "; "))});
    }
  }
  for (const auto& imp : c.impostors) {
    auto g = std::find_if(m.groups.begin(), m.groups.end(), [&](const Group& x) { return x.name == imp.group; });
    if (g == m.groups.end() || g->action != GroupAction::exists) continue;
    out.push_back(ManualStep{imp.group, fmt::format("the live group imitates {}: delete it or take its Account Administrators grant "
                                                    "and members away by hand ({})",
                                                    c.group, imp.reason)});
  }
  return out;
}

}  // namespace rolemig
