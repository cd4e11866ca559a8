#include "render/plan_view.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

#include "mapping/current_merge.h"
#include "util/text.h"
#include "util/unicode.h"

namespace rolemig {

namespace {

std::string duration(size_t minutes) {
  if (minutes < 60) return fmt::format("{} min", minutes);
  return fmt::format("{} h {} min", minutes / 60, minutes % 60);
}

std::string gain_provenance(const Plan& p, const Difference& d) {
  std::vector<std::string> parts;
  for (const auto& g : d.granted_by) {
    const std::string& policy = policy_name(p.catalog, g.policy);
    for (uint32_t r : g.rules) {
      parts.push_back(fmt::format("rule '{}' → group '{}' → policy '{}'", p.mapping.rule_names[r], p.mapping.groups[g.group].name, policy));
    }
  }
  return join(parts, "; ");
}

std::string loss_provenance(const Plan& p, const Difference& d) {
  std::vector<std::string> parts;
  for (const auto& s : d.from) {
    const Assignment& a = p.account.assignments[s.assignment];
    parts.push_back(s.via_role
                        ? fmt::format("role '{}'{} at {}", p.catalog.roles[*a.role].name, a.role_inferred ? " (inferred)" : "", s.where.file_line())
                        : fmt::format("checkbox at {}", s.where.file_line()));
  }
  return join(parts, "; ");
}

void group_by_cause(const Plan& p, const std::vector<Difference>& ds, Direction change, std::vector<DifferenceGroup>& out) {
  const size_t first = out.size();
  for (const auto& d : ds) {
    if (d.waiver) continue;
    std::string why = provenance(p, d, change);
    auto same = [&](const DifferenceGroup& g) { return g.target == d.target && g.provenance == why; };
    auto it = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), same);
    if (it == out.end()) it = out.insert(out.end(), DifferenceGroup{change, d.target, std::move(why), {}});
    it->permissions.push_back(d.perm);
  }
}

// A group as a cause names it: an instance of a per-store group by its name
// template ("{store.name} Support"), so that one rule's gains on every store
// are one cause; any other group (and any live membership) by its name.
std::string group_in_cause(const Plan& p, const Group& g) {
  if (g.derived) return g.name;
  const size_t at = g.key.find('@');
  if (at == std::string::npos) return g.name;
  const std::string_view id = std::string_view(g.key).substr(0, at);
  for (const GroupDef& def : p.rules.groups)
    if (def.id == id && def.scope == GroupScope::per_store) return def.name;
  return g.name;
}

// A gain's cause: "rule 'R' → group 'G' → policy 'P'" for each rule and
// group granting it, per-store groups by their name template.
std::string gain_cause(const Plan& p, const Difference& d) {
  std::vector<std::string> parts;
  for (const auto& g : d.granted_by) {
    const std::string& policy = policy_name(p.catalog, g.policy);
    const Group& group = p.mapping.groups[g.group];
    for (uint32_t r : g.rules) {
      // A live membership is that group's, not its template's.
      const std::string& rule = p.mapping.rule_names[r];
      std::string part =
          fmt::format("rule '{}' → group '{}' → policy '{}'", rule, rule == kCurrentStateRule ? group.name : group_in_cause(p, group), policy);
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
    }
  }
  return join(parts, "; ");
}

// A difference's cause without its source lines or stores: a gain's
// gain_cause, or a loss's distinct roles and "checkbox", "; "-separated.
std::string cause_of(const Plan& p, const Difference& d, Direction change) {
  if (change == Direction::gained) return gain_cause(p, d);
  std::vector<std::string> parts;
  for (const auto& s : d.from) {
    const Assignment& a = p.account.assignments[s.assignment];
    std::string part = s.via_role ? fmt::format("role '{}'{}", p.catalog.roles[*a.role].name, a.role_inferred ? " (inferred)" : "") : "checkbox";
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
  }
  return join(parts, "; ");
}

// "N things" or "1 thing".
std::string count_of(size_t n, std::string_view noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

}  // namespace

std::string_view group_action_name(GroupAction action) { return action == GroupAction::create ? "create" : "exists"; }

std::string grant_text(const Plan& p, const Grant& g) { return fmt::format("{} on {}", policy_name(p.catalog, g), p.account.target_name(g.target)); }

std::vector<MemberList> member_lists(const Plan& p, const Group& g) {
  std::vector<MemberList> out{{"members", &g.members}};
  if (p.mapping.has_current) {
    out.push_back({"to add", &g.to_add});
    out.push_back({"live members the rules do not put here", &g.unplanned});
    out.push_back({"to remove", &g.to_remove});
  }
  return out;
}

std::string_view no_differences_text(const Plan& p) {
  return p.summary.users_unverified ? "None known (unverified users aside)." : "None: every user's access is equal before and after.";
}

std::string first_three(const std::vector<std::string>& names) {
  if (names.size() <= 3) return join(names, ", ");
  return fmt::format("{}, {}, {} and {} more", names[0], names[1], names[2], names.size() - 3);
}

std::string targets_text(const Plan& p, const std::vector<Target>& targets) {
  std::vector<std::string> where;
  where.reserve(targets.size());
  for (Target t : targets) where.push_back(p.account.target_name(t));
  return where.size() <= 3 ? join(where, ", ") : fmt::format("{} targets: {}", where.size(), first_three(where));
}

std::span<const SummaryField> summary_fields() {
  static const SummaryField kFields[] = {
      {"users", "users", &Summary::users},
      {"assignments", "assignments", &Summary::assignments},
      {"duplicate_rows", "duplicate rows merged", &Summary::duplicate_rows},
      {"stores", "stores", &Summary::stores},
      {"groups", "groups", &Summary::groups},
      {"groups_to_create", "groups to create", &Summary::groups_to_create},
      {"memberships", "memberships to add", &Summary::memberships},
      {"users_equal", "users equal", &Summary::users_equal},
      {"users_gaining", "users gaining", &Summary::users_gaining},
      {"users_losing", "users losing", &Summary::users_losing},
      {"users_unverified", "users unverified", &Summary::users_unverified},
      {"waived", "waived differences", &Summary::waived},
      {"requests", "requests", &Summary::requests},
      {"memberships_to_remove", "memberships to remove", &Summary::memberships_to_remove},
      {"estimated_minutes", "estimated minutes at 70 requests an hour", &Summary::estimated_minutes},
  };
  return kFields;
}

std::string summary_line(const Plan& p) {
  const Summary& s = p.summary;
  return fmt::format(
      "Plan: {} groups to create, {} memberships to add; {} users verified equal, {} gaining, {} losing, {} unverified, {} waived differences; "
      "Account Administrators check: {}; {} requests (about {} at {} an hour).",
      s.groups_to_create, s.memberships, s.users_equal, s.users_gaining, s.users_losing, s.users_unverified, s.waived,
      p.admins.pass ? "pass" : "fail", s.requests, duration(s.estimated_minutes), kRequestsPerHour);
}

std::string provenance(const Plan& p, const Difference& d, Direction change) {
  return change == Direction::gained ? gain_provenance(p, d) : loss_provenance(p, d);
}

std::vector<DifferenceGroup> differences_by_cause(const Plan& p, const UserVerdict& v) {
  std::vector<DifferenceGroup> out;
  group_by_cause(p, v.gained, Direction::gained, out);
  group_by_cause(p, v.lost, Direction::lost, out);
  return out;
}

std::vector<std::string> emails(const Plan& p, const std::vector<UserIdx>& users) {
  std::vector<std::string> out;
  out.reserve(users.size());
  for (UserIdx u : users) out.push_back(p.account.users[u].email);
  return out;
}

std::vector<std::string> user_difference_lines(const Plan& p, const UserVerdict& v) {
  std::vector<std::string> out;
  for (const DifferenceGroup& g : differences_by_cause(p, v)) {
    std::vector<std::string> perms;
    for (PermId id : g.permissions) perms.push_back(p.catalog.permissions[id].id);
    const std::string target = p.account.target_name(g.target);
    out.push_back(g.change == Direction::gained ? fmt::format("gains on {} ({}): {}", target, g.provenance, join(perms, ", "))
                                                : fmt::format("loses on {} (from {}): {}", target, g.provenance, join(perms, ", ")));
  }
  return out;
}

std::vector<std::string> difference_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& v : p.verification.users) {
    const std::string& email = p.account.users[v.user].email;
    for (const std::string& line : user_difference_lines(p, v)) out.push_back(email + ": " + line);
  }
  return out;
}

std::vector<Cause> causes(const Plan& p) {
  std::vector<Cause> out;
  std::map<std::tuple<Direction, std::string, std::vector<PermId>>, size_t> index;
  std::vector<std::set<Target>> targets;
  for (const auto& v : p.verification.users) {
    // This user's permissions per change, cause and target, in order.
    std::map<std::tuple<Direction, std::string, Target>, std::vector<PermId>> mine;
    std::vector<std::tuple<Direction, std::string, Target>> order;
    for (Direction change : {Direction::gained, Direction::lost}) {
      for (const Difference& d : change == Direction::gained ? v.gained : v.lost) {
        if (d.waiver) continue;
        auto key = std::make_tuple(change, cause_of(p, d, change), d.target);
        auto [it, added] = mine.try_emplace(key);
        if (added) order.push_back(key);
        it->second.push_back(d.perm);
      }
    }
    for (const auto& key : order) {
      const auto& [change, why, target] = key;
      std::vector<PermId>& perms = mine[key];
      auto [it, added] = index.try_emplace(std::make_tuple(change, why, perms), out.size());
      if (added) {
        out.push_back(Cause{change, why, perms, {}, {}});
        targets.emplace_back();
      }
      Cause& c = out[it->second];
      targets[it->second].insert(target);
      if (c.users.empty() || c.users.back() != v.user) c.users.push_back(v.user);
    }
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].targets.assign(targets[i].begin(), targets[i].end());
  std::stable_sort(out.begin(), out.end(), [](const Cause& a, const Cause& b) { return a.users.size() > b.users.size(); });
  return out;
}

std::vector<std::string> cause_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const Cause& c : causes(p)) {
    std::vector<std::string> perms;
    for (PermId id : c.permissions) perms.push_back(p.catalog.permissions[id].id);
    const bool one = c.users.size() == 1;
    const std::string who = count_of(c.users.size(), "user");
    const std::string on = targets_text(p, c.targets);
    const std::string verb = c.change == Direction::gained ? (one ? "gains" : "gain") : (one ? "loses" : "lose");
    const std::string why = c.change == Direction::gained ? c.why : "from " + c.why;
    out.push_back(fmt::format("{} on {} {} {} ({}): {}", who, on, verb, join(perms, ", "), why, first_three(emails(p, c.users))));
  }
  return out;
}

std::vector<Target> user_targets(const Plan& p, const UserVerdict& v) {
  std::set<Target> out;
  auto [b, e] = p.account.assignments_of(v.user);
  for (size_t i = b; i < e; ++i) out.insert(Target::store(p.account.assignments[i].store));
  auto [mb, me] = p.mapping.memberships_of(v.user);
  for (size_t i = mb; i < me; ++i) {
    const Group& g = p.mapping.groups[p.mapping.memberships[i].group];
    if (g.is_admins) out.insert(Target::account());
    for (const Grant& gr : g.grants)
      if (!g.is_admins) out.insert(gr.target);
  }
  for (const auto* ds : {&v.gained, &v.lost})
    for (const Difference& d : *ds) out.insert(d.target);
  std::vector<Target> sorted;
  for (Target t : out)
    if (!t.is_account()) sorted.push_back(t);
  if (out.count(Target::account()) || sorted.empty()) sorted.push_back(Target::account());
  return sorted;
}

UserStatus verdict_at(const UserVerdict& v, Target t) {
  auto any_at = [&](const std::vector<Difference>& ds) {
    return std::any_of(ds.begin(), ds.end(), [&](const Difference& d) { return d.target == t && !d.waiver; });
  };
  return verdict_of(!v.unknown_grants.empty(), any_at(v.gained), any_at(v.lost));
}

std::vector<std::string> groups_at(const Plan& p, UserIdx u, Target t) {
  std::vector<std::string> names;
  auto [b, e] = p.mapping.memberships_of(u);
  for (size_t i = b; i < e; ++i) {
    const Group& g = p.mapping.groups[p.mapping.memberships[i].group];
    bool here = (g.is_admins && t.is_account()) ||
                std::any_of(g.grants.begin(), g.grants.end(), [&](const Grant& gr) { return gr.target == t && !(g.is_admins && !t.is_account()); });
    if (here) names.push_back(g.name);
  }
  return names;
}

VerdictsByTarget verdicts_by_target(const Plan& p) {
  std::map<Target, TargetVerdicts> by;
  VerdictsByTarget out;
  for (const auto& v : p.verification.users) {
    for (Target t : user_targets(p, v)) {
      TargetVerdicts& row = by.try_emplace(t, TargetVerdicts{t}).first->second;
      ++row.users;
      ++out.rows;
      switch (verdict_at(v, t)) {
        case UserStatus::equal: ++row.equal; break;
        case UserStatus::gains: ++row.gains; break;
        case UserStatus::losses: ++row.losses; break;
        case UserStatus::gains_and_losses: ++row.gains_and_losses; break;
        case UserStatus::unverified: ++row.unverified; break;
      }
    }
  }
  for (auto& [t, row] : by)
    if (!t.is_account()) out.targets.push_back(row);
  if (auto it = by.find(Target::account()); it != by.end()) out.targets.push_back(it->second);
  return out;
}

std::vector<GroupShape> group_shapes(const Plan& p) {
  std::vector<GroupShape> out;
  std::map<std::string, size_t> index;
  // Per shape, each policy (in the first group's grant order) and its targets.
  std::vector<std::vector<std::pair<std::string, std::set<Target>>>> targets;
  for (uint32_t i = 0; i < p.mapping.groups.size(); ++i) {
    const Group& g = p.mapping.groups[i];
    std::string key = "group\n" + g.key;
    std::string name = g.name;
    if (g.derived) {
      std::vector<std::string> sorted;
      for (const Grant& gr : g.grants) sorted.push_back(policy_name(p.catalog, gr));
      std::sort(sorted.begin(), sorted.end());
      key = "derived\n" + join(sorted, "\n") + "\n\n" + join(g.rules, "\n");
      name = "derived";
    } else if (std::string template_name = group_in_cause(p, g); template_name != g.name) {
      key = "template\n" + g.key.substr(0, g.key.find('@'));
      name = std::move(template_name);
    }
    auto [it, added] = index.try_emplace(key, out.size());
    if (added) {
      out.emplace_back();
      out.back().name = std::move(name);
      out.back().derived = g.derived;
      targets.emplace_back();
    }
    GroupShape& shape = out[it->second];
    shape.groups.push_back(i);
    shape.to_create += g.action == GroupAction::create;
    for (const std::string& r : g.rules)
      if (std::find(shape.rules.begin(), shape.rules.end(), r) == shape.rules.end()) shape.rules.push_back(r);
    shape.members += g.members.size();
    shape.to_add += g.to_add.size();
    shape.unplanned += g.unplanned.size();
    shape.to_remove += g.to_remove.size();
    auto& mine = targets[it->second];
    for (const Grant& gr : g.grants) {
      const std::string& policy = policy_name(p.catalog, gr);
      auto at = std::find_if(mine.begin(), mine.end(), [&](const auto& e) { return e.first == policy; });
      if (at == mine.end()) at = mine.insert(mine.end(), {policy, {}});
      at->second.insert(gr.target);
    }
  }
  for (size_t i = 0; i < out.size(); ++i) {
    std::vector<std::pair<std::string, std::vector<std::string>>> on;  // target text -> its policies, in order
    for (const auto& [policy, where] : targets[i]) {
      std::string target = where.size() == 1 ? p.account.target_name(*where.begin()) : "each group's store";
      auto at = std::find_if(on.begin(), on.end(), [&](const auto& e) { return e.first == target; });
      if (at == on.end()) at = on.insert(on.end(), {target, {}});
      at->second.push_back(policy);
    }
    for (const auto& [target, policies] : on) out[i].grants.push_back(fmt::format("{} on {}", join(policies, ", "), target));
  }
  return out;
}

namespace {
std::string missing_line(const Plan& p, const AdminRequirement& r) { return fmt::format("MISSING {}: {}", p.account.users[r.user].email, r.reason); }
bool is_missing(const AdminCheck& a, UserIdx u) { return std::binary_search(a.missing.begin(), a.missing.end(), u); }
}  // namespace

AdminFindings admin_findings(const Plan& p) {
  const AdminCheck& a = p.admins;
  auto email = [&](UserIdx u) -> const std::string& { return p.account.users[u].email; };
  AdminFindings f;
  for (const auto& r : a.required)
    if (is_missing(a, r.user)) f.missing.push_back(missing_line(p, r));
  for (UserIdx u : a.unexpected)
    f.unexpected.push_back(
        fmt::format("UNEXPECTED {}: a member who holds no account_admin role and not every account permission it grants", email(u)));
  for (UserIdx u : a.removed) f.removed.push_back(fmt::format("REMOVED {}: a current member the plan takes out", email(u)));
  for (const auto& r : a.over_granted) f.over_granted.push_back(fmt::format("OVER-GRANTED {}: {}", email(r.user), r.reason));
  for (const auto& i : a.impostors) f.impostors.push_back(fmt::format("IMPOSTOR {}: {}", quote(visible(i.group)), i.reason));
  for (const auto& i : a.unverified_groups) f.unverified_groups.push_back(fmt::format("UNVERIFIED {}: {}", quote(visible(i.group)), i.reason));
  if (a.active_members == 0) f.inactive.push_back("the group has no active member");
  return f;
}

std::vector<std::string> admin_required_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& r : p.admins.required) {
    out.push_back(is_missing(p.admins, r.user) ? missing_line(p, r) : fmt::format("ok      {}: {}", p.account.users[r.user].email, r.reason));
  }
  return out;
}

std::optional<std::string> unverified_reason(const Plan& p, const UserVerdict& v) {
  if (v.unknown_grants.empty()) return std::nullopt;
  std::vector<std::string> groups;
  for (uint32_t g : v.unknown_grants) groups.push_back("'" + p.mapping.groups[g].name + "'");
  return fmt::format("unverified: member of {}, whose grants the audit does not show", join(groups, ", "));
}

std::vector<std::string> unverified_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& v : p.verification.users) {
    if (auto why = unverified_reason(p, v)) out.push_back(p.account.users[v.user].email + ": " + *why);
  }
  return out;
}

std::vector<WaiverUse> waiver_uses(const Plan& p) {
  std::vector<WaiverUse> out(p.rules.waivers.size());
  for (size_t w = 0; w < out.size(); ++w) out[w].waiver = w;
  for (const auto& v : p.verification.users) {
    for (const auto* ds : {&v.gained, &v.lost}) {
      for (const Difference& d : *ds) {
        if (!d.waiver) continue;
        WaiverUse& use = out[*d.waiver];
        ++use.differences;
        if (use.users.empty() || use.users.back() != v.user) use.users.push_back(v.user);
      }
    }
  }
  std::erase_if(out, [](const WaiverUse& u) { return u.differences == 0; });
  return out;
}

std::vector<std::string> waiver_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const WaiverUse& u : waiver_uses(p)) {
    const Waiver& w = p.rules.waivers[u.waiver];
    out.push_back(fmt::format("{} waived {} of {} ({}): {}", w.where.file_line(), count_of(u.differences, "difference"),
                              count_of(u.users.size(), "user"), w.reason, first_three(emails(p, u.users))));
  }
  return out;
}

std::vector<std::string> unmatched_waiver_lines(const Plan& p) {
  std::vector<std::string> out;
  for (size_t w : p.verification.unmatched_waivers)
    out.push_back(fmt::format("{}: {}", p.rules.waivers[w].where.file_line(), p.rules.waivers[w].reason));
  return out;
}

std::vector<AdminList> admin_lists(const Plan& p) {
  const AdminCheck& a = p.admins;
  auto users_with_reasons = [&](std::string_view label, const std::vector<AdminRequirement>& rs) {
    AdminList l{label, {}, {}, true};
    for (const auto& r : rs) {
      l.entries.push_back(p.account.users[r.user].email);
      l.reasons.push_back(r.reason);
    }
    return l;
  };
  auto groups_with_reasons = [](std::string_view label, const std::vector<AdminImpostor>& is) {
    AdminList l{label, {}, {}, true};
    for (const auto& i : is) {
      l.entries.push_back(i.group);
      l.reasons.push_back(i.reason);
    }
    return l;
  };
  auto users = [&](std::string_view label, const std::vector<UserIdx>& us) { return AdminList{label, emails(p, us), {}, false}; };
  return {
      users_with_reasons("required", a.required),
      users("planned", a.planned),
      users("missing (would lose account-level access)", a.missing),
      users("unexpected (would gain account-level access)", a.unexpected),
      users("removed", a.removed),
      users_with_reasons("over-granted (fewer legacy account permissions than the group grants)", a.over_granted),
      groups_with_reasons("impostors (other groups that pass for it)", a.impostors),
      groups_with_reasons("unverified groups (live groups whose grants the audit does not show)", a.unverified_groups),
  };
}

}  // namespace rolemig
