#include "plan/explanation.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

namespace {

bool holds(const std::vector<UserIdx>& sorted_or_not, UserIdx u) {
  return std::find(sorted_or_not.begin(), sorted_or_not.end(), u) != sorted_or_not.end();
}

std::optional<std::string> reason_for(const std::vector<AdminRequirement>& list, UserIdx u) {
  for (const auto& r : list)
    if (r.user == u) return r.reason;
  return std::nullopt;
}

AdminFacts admin_facts(const Plan& p, UserIdx u) {
  const AdminCheck& a = p.admins;
  AdminFacts f;
  f.required = reason_for(a.required, u);
  f.planned = holds(a.planned, u);
  f.missing = holds(a.missing, u);
  f.unexpected = holds(a.unexpected, u);
  f.removed = holds(a.removed, u);
  f.over_granted = reason_for(a.over_granted, u);
  if (p.mapping.has_current) {
    f.live_member = false;
    for (const Group& g : p.mapping.groups)
      if (g.is_admins) f.live_member = std::binary_search(g.current_members.begin(), g.current_members.end(), u);
  }
  return f;
}

// The user's derived group whose grants are this assignment's cover: the
// rule engine builds both from the same (store, residual).
std::optional<uint32_t> derived_group_of(const Plan& p, UserIdx u, const AssignmentTrace& t) {
  if (t.cover.empty()) return std::nullopt;
  auto [b, e] = p.mapping.memberships_of(u);
  for (size_t i = b; i < e; ++i) {
    const Group& g = p.mapping.groups[p.mapping.memberships[i].group];
    if (g.derived && g.grants == t.cover) return p.mapping.memberships[i].group;
  }
  return std::nullopt;
}

PermSet uncovered_by(const Plan& p, const Assignment& a, const AssignmentTrace& t) {
  PermSet left = t.residual;
  for (const Grant& g : t.cover) {
    for_each_granted(p.catalog, p.account.stores.size(), g, [&](Target target, const PermSet& perms) {
      if (target.is_account() || target == Target::store(a.store)) left.subtract(perms);
    });
  }
  return left;
}

}  // namespace

UserIdx find_explained_user(const Account& account, std::string_view email) {
  const std::string folded = fold_case(trim(email));
  if (auto u = account.find_user(folded)) return *u;
  std::vector<std::string> known;
  known.reserve(account.users.size());
  for (const User& user : account.users) known.push_back(user.email);
  throw UnknownUserError(fmt::format("expected --user to name a user of the inputs, found {}{}", quote(email), did_you_mean(folded, known)));
}

int Explanation::exit_status(const Plan& plan) const { return plan.verification.users[user].status == UserStatus::equal && !admins.fails() ? 0 : 1; }

Explanation explain_user(const Plan& p, UserIdx u) {
  if (u >= p.account.users.size() || u >= p.verification.users.size()) {
    throw InternalError(fmt::format("explain of user {} of {}", u, p.account.users.size()));
  }
  Explanation x;
  x.user = u;
  auto [ab, ae] = p.account.assignments_of(u);
  for (size_t i = ab; i < ae; ++i) {
    ExplainedAssignment ea;
    ea.assignment = i;
    ea.trace = trace_assignment(p.catalog, p.account, p.rules, i);
    ea.derived_group = derived_group_of(p, u, ea.trace);
    ea.uncovered = uncovered_by(p, p.account.assignments[i], ea.trace);
    x.assignments.push_back(std::move(ea));
  }
  auto [mb, me] = p.mapping.memberships_of(u);
  for (size_t i = mb; i < me; ++i) {
    const Membership& m = p.mapping.memberships[i];
    ExplainedGroup eg{m.group, m.rules, {}};
    for (const Grant& g : p.mapping.groups[m.group].grants) {
      GrantedAccess ga{g, {}};
      for_each_granted(p.catalog, p.account.stores.size(), g, [&](Target t, const PermSet& perms) { ga.gives.emplace_back(t, perms); });
      eg.grants.push_back(std::move(ga));
    }
    x.groups.push_back(std::move(eg));
  }
  x.admins = admin_facts(p, u);
  return x;
}

}  // namespace rolemig
