#include "mapping/current_merge.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "util/text.h"

namespace rolemig {

void plan_without_current(Mapping& m) {
  for (auto& g : m.groups) g.to_add = g.members;
}

namespace {

std::vector<UserIdx> members_of(const Account& acc, const CurrentGroup& g) {
  std::vector<UserIdx> out;
  for (const auto& m : g.members) out.push_back(*acc.find_user(m.email));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The live grants, resolved; nullopt when unknown. Unresolvable names are errors.
std::optional<std::vector<Grant>> grants_of(const Account& acc, const Catalog& cat, const CurrentGroup& g, DiagnosticSink& sink) {
  if (!g.grants_known) return std::nullopt;
  std::vector<Grant> out;
  for (const auto& cg : g.grants) {
    Grant grant;
    if (cg.policy != cat.admins.name) {
      auto p = cat.find_policy(cg.policy);
      if (!p) {
        sink.add(diagnostic_at(
            cg.where,
            fmt::format("expected a policy defined in policies.yaml, found {}{}", quote(cg.policy), did_you_mean(cg.policy, cat.policy_names())),
            cg.where_line));
        continue;
      }
      grant.policy = *p;
    }
    if (auto t = acc.find_target(cg.target)) {
      grant.target = *t;
    } else {
      sink.add(diagnostic_at(cg.where, fmt::format("expected 'account' or 'store:<id>' of a store in the inputs, found {}", quote(cg.target)),
                             cg.where_line));
      continue;
    }
    out.push_back(grant);
  }
  return out;
}

std::string grants_text(const Account& acc, const Catalog& cat, const std::vector<Grant>& gs) {
  std::vector<std::string> parts;
  for (const auto& g : gs) parts.push_back(fmt::format("{} on {}", policy_name(cat, g), acc.target_name(g.target)));
  std::sort(parts.begin(), parts.end());
  return parts.empty() ? "nothing" : join(parts, ", ");
}

bool same_grants(std::vector<Grant> a, std::vector<Grant> b) {
  auto key = [](const Grant& g) { return std::make_pair(g.policy ? static_cast<int64_t>(*g.policy) : -1, g.target.code); };
  auto less = [&](const Grant& x, const Grant& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return a == b;
}

// Re-sorts groups (Account Administrators first, then by name) and rebuilds
// memberships from the groups' members; `rules_of(group, user)` gives each
// membership's rules.
template <typename RulesOf>
void reindex(Mapping& m, size_t user_count, RulesOf&& rules_of) {
  std::vector<uint32_t> order(m.groups.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return group_order_less(m.groups[a], m.groups[b]); });
  std::vector<Membership> ms;
  std::vector<Group> groups;
  for (uint32_t i = 0; i < order.size(); ++i) {
    const Group& g = m.groups[order[i]];
    for (UserIdx u : g.members) ms.push_back(Membership{u, i, rules_of(order[i], u)});
  }
  for (uint32_t i : order) groups.push_back(std::move(m.groups[i]));
  m.groups = std::move(groups);
  std::sort(ms.begin(), ms.end(), [](const Membership& a, const Membership& b) { return a.user != b.user ? a.user < b.user : a.group < b.group; });
  m.memberships = std::move(ms);
  m.index(user_count);
}

}  // namespace

void merge_current_state(Mapping& m, const Account& acc, const Catalog& cat, const std::vector<CurrentGroup>& current, Prune prune) {
  m.has_current = true;
  DiagnosticSink sink;
  // Keep each planned membership's rules; live ones get "(current state)".
  std::map<std::pair<uint32_t, UserIdx>, std::vector<uint32_t>> planned_rules;
  for (const auto& ms : m.memberships) planned_rules[{ms.group, ms.user}] = ms.rules;
  uint32_t current_rule = static_cast<uint32_t>(m.rule_names.size());
  m.rule_names.emplace_back(kCurrentStateRule);

  std::map<std::string, uint32_t> by_name;
  for (uint32_t i = 0; i < m.groups.size(); ++i) by_name.emplace(m.groups[i].name, i);
  std::vector<bool> seen(m.groups.size(), false);
  for (const auto& cg : current) {
    std::vector<UserIdx> live = members_of(acc, cg);
    auto grants = grants_of(acc, cat, cg, sink);
    auto it = by_name.find(cg.name);
    bool planned = it != by_name.end();
    if (!planned) {
      Group g;
      g.key = "current:" + (cg.id.empty() ? cg.name : cg.id);
      g.name = cg.name;
      g.description = cg.description;
      by_name.emplace(g.name, static_cast<uint32_t>(m.groups.size()));
      it = by_name.find(cg.name);
      m.groups.push_back(std::move(g));
      seen.push_back(false);
    }
    Group& g = m.groups[it->second];
    seen[it->second] = true;
    g.action = GroupAction::exists;
    g.current_id = cg.id;
    g.current_members = live;
    g.grants_known = g.is_admins || grants.has_value();
    if (!planned) {
      g.grants = grants.value_or(std::vector<Grant>{});
      if (!grants)
        m.manual_steps.push_back({g.name, "the audit does not show this group's grants: its members cannot be verified; check them by hand"});
    } else if (!g.is_admins) {
      if (!grants) {
        m.manual_steps.push_back({g.name, "the audit does not show this group's grants: its members cannot be verified; check that they are " +
                                              grants_text(acc, cat, g.grants)});
      } else if (!same_grants(*grants, g.grants)) {
        m.manual_steps.push_back({g.name, fmt::format("the group exists with grants {} but the plan grants {}: change them by hand "
                                                      "(rolemig never changes an existing group's grants; verification uses the live ones)",
                                                      grants_text(acc, cat, *grants), grants_text(acc, cat, g.grants))});
        g.grants = *grants;
      }
    }
    std::set_difference(g.members.begin(), g.members.end(), live.begin(), live.end(), std::back_inserter(g.to_add));
    std::set_difference(live.begin(), live.end(), g.members.begin(), g.members.end(), std::back_inserter(g.unplanned));
    if (prune == Prune::yes && !g.is_admins) g.to_remove = g.unplanned;
    std::vector<UserIdx> kept;
    std::set_difference(g.unplanned.begin(), g.unplanned.end(), g.to_remove.begin(), g.to_remove.end(), std::back_inserter(kept));
    std::vector<UserIdx> after;
    std::set_union(g.members.begin(), g.members.end(), kept.begin(), kept.end(), std::back_inserter(after));
    g.members = std::move(after);
  }
  sink.throw_if_any();
  for (uint32_t i = 0; i < seen.size(); ++i)
    if (!seen[i]) m.groups[i].to_add = m.groups[i].members;
  reindex(m, acc.users.size(), [&](uint32_t old, UserIdx u) {
    auto found = planned_rules.find({old, u});
    return found != planned_rules.end() ? found->second : std::vector<uint32_t>{current_rule};
  });
}

Mapping mapping_from_current(const Account& acc, const Catalog& cat, const std::vector<CurrentGroup>& current) {
  Mapping m;
  m.has_current = true;
  m.rule_names.emplace_back(kCurrentStateRule);
  DiagnosticSink sink;
  bool admins_seen = false;
  for (const auto& cg : current) {
    Group g;
    g.key = "current:" + (cg.id.empty() ? cg.name : cg.id);
    g.name = cg.name;
    g.description = cg.description;
    g.action = GroupAction::exists;
    g.current_id = cg.id;
    g.is_admins = cg.name == cat.admins.name;
    admins_seen = admins_seen || g.is_admins;
    auto grants = grants_of(acc, cat, cg, sink);
    if (g.is_admins)
      g.grants = {Grant{std::nullopt, Target::account()}};
    else if (grants)
      g.grants = *grants;
    else {
      g.grants_known = false;
      m.manual_steps.push_back({g.name, "the audit does not show this group's grants: its members cannot be verified"});
    }
    g.members = members_of(acc, cg);
    g.current_members = g.members;
    m.groups.push_back(std::move(g));
  }
  sink.throw_if_any();
  if (!admins_seen) {
    Group g;
    g.key = "account-administrators";
    g.name = cat.admins.name;
    g.action = GroupAction::exists;
    g.is_admins = true;
    g.grants = {Grant{std::nullopt, Target::account()}};
    m.groups.push_back(std::move(g));
  }
  reindex(m, acc.users.size(), [](uint32_t, UserIdx) { return std::vector<uint32_t>{0}; });
  return m;
}

}  // namespace rolemig
