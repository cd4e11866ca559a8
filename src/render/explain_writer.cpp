#include "render/explain_writer.h"

#include <fmt/format.h>

#include <iomanip>
#include <nlohmann/json.hpp>

#include "render/plan_json_writer.h"
#include "render/plan_view.h"
#include "util/text.h"

namespace rolemig {

namespace {

using json = nlohmann::ordered_json;

std::string_view outcome_key(RuleOutcome o) {
  switch (o) {
    case RuleOutcome::matched: return "matched";
    case RuleOutcome::failed: return "not_matched";
    case RuleOutcome::not_reached: return "not_reached";
  }
  return "not_reached";
}

std::string listed(const Catalog& cat, const PermSet& s) {
  std::vector<std::string> ids = cat.names(s);
  return ids.empty() ? std::string("none") : join(ids, ", ");
}

std::string role_text(const Plan& p, const Assignment& a) {
  if (!a.role) return "no role";
  return fmt::format("role '{}'{}", p.catalog.roles[*a.role].name, a.role_inferred ? " (inferred)" : "");
}

std::string rule_names(const Plan& p, const std::vector<uint32_t>& rules) {
  std::vector<std::string> names;
  for (uint32_t r : rules) names.push_back(quote(p.mapping.rule_names[r]));
  return join(names, ", ");
}

std::string grant_list(const Plan& p, const std::vector<Grant>& grants) {
  std::vector<std::string> parts;
  for (const Grant& g : grants) parts.push_back(fmt::format("'{}' at {}", policy_name(p.catalog, g), p.account.target_name(g.target)));
  return parts.empty() ? std::string("none") : join(parts, ", ");
}

// "rule 'R' (FILE:LINE): matched" and its variants.
std::string rule_line(const Plan& p, const AssignmentTrace& t, const RuleTrace& r) {
  const Rule& rule = p.rules.rules[r.rule];
  std::string head = fmt::format("rule '{}' ({})", rule.name, rule.where.file_line());
  switch (r.outcome) {
    case RuleOutcome::failed: return fmt::format("{}: not matched ({} does not hold)", head, match_key_name(*r.failed_key));
    case RuleOutcome::not_reached: return fmt::format("{}: not reached", head);
    case RuleOutcome::matched: break;
  }
  std::string line = head + ": matched";
  if (rule.derive) line += " (derive)";
  if (t.stopped_by == r.rule) line += "; final: the rules after it are not reached";
  return line;
}

void write_assignment_text(const Plan& p, const ExplainedAssignment& ea, std::ostream& out) {
  const Assignment& a = p.account.assignments[ea.assignment];
  const Store& store = p.account.stores[a.store];
  std::string head = fmt::format("store {} ({}): {}", store.id, store.name, role_text(p, a));
  if (!a.extras.empty()) head += ", checkboxes " + listed(p.catalog, a.extras);
  head += fmt::format("; {}; {}", status_name(a.status), a.where.file_line());
  out << "  " << printable(head) << "\n";
  for (const RuleTrace& r : ea.trace.rules) out << "    " << printable(rule_line(p, ea.trace, r)) << "\n";
  if (!ea.trace.derive_rule) return;
  const Rule& derive = p.rules.rules[*ea.trace.derive_rule];
  std::string d = fmt::format("derive (rule '{}'): residual {}", derive.name, listed(p.catalog, ea.trace.residual));
  if (!ea.trace.residual.empty()) {
    d += fmt::format("; cover {}", grant_list(p, ea.trace.cover));
    if (ea.derived_group) d += fmt::format(" in group '{}'", p.mapping.groups[*ea.derived_group].name);
    if (!ea.uncovered.empty()) d += fmt::format("; not covered (lost unless waived): {}", listed(p.catalog, ea.uncovered));
  }
  out << "    " << printable(d) << "\n";
}

void write_group_text(const Plan& p, const ExplainedGroup& eg, std::ostream& out) {
  const Group& g = p.mapping.groups[eg.group];
  out << "  "
      << printable(fmt::format("'{}' ({}; {} {})", g.name, g.action == GroupAction::create ? "create" : "exists",
                               eg.rules.size() == 1 ? "rule" : "rules", rule_names(p, eg.rules)))
      << "\n";
  if (!g.grants_known) out << "    grants unknown: the audit does not show them\n";
  for (const GrantedAccess& ga : eg.grants) {
    for (const auto& [target, perms] : ga.gives) {
      out << "    "
          << printable(fmt::format("'{}' at {}: {}", policy_name(p.catalog, ga.grant), p.account.target_name(target), listed(p.catalog, perms)))
          << "\n";
    }
  }
}

// Waived differences, one line each: the plan's report leaves them out.
void write_waived_text(const Plan& p, const UserVerdict& v, std::ostream& out) {
  auto write = [&](const std::vector<Difference>& ds, Direction change) {
    for (const Difference& d : ds) {
      if (!d.waiver) continue;
      const Waiver& w = p.rules.waivers[*d.waiver];
      out << "  "
          << printable(fmt::format("waived: {} {} on {} ({}{}); waiver at {}: {}", change == Direction::gained ? "gains" : "loses",
                                   p.catalog.permissions[d.perm].id, p.account.target_name(d.target), change == Direction::lost ? "from " : "",
                                   provenance(p, d, change), w.where.file_line(), w.reason))
          << "\n";
    }
  };
  write(v.gained, Direction::gained);
  write(v.lost, Direction::lost);
}

void write_admins_text(const Plan& p, const AdminFacts& f, std::ostream& out) {
  out << printable(p.admins.group) << ":\n";
  out << "  " << printable(f.required ? "required: yes (" + *f.required + ")" : std::string("required: no")) << "\n";
  out << "  member after the plan: " << (f.planned ? "yes" : "no") << "\n";
  if (f.live_member) out << "  live member today: " << (*f.live_member ? "yes" : "no") << "\n";
  std::vector<std::string> failures;
  if (f.missing) failures.emplace_back("MISSING: required but not a member after the plan");
  if (f.unexpected) failures.emplace_back("UNEXPECTED: a member who holds no account_admin role and not every account permission it grants");
  if (f.removed) failures.emplace_back("REMOVED: a live member the plan takes out");
  if (f.over_granted) failures.push_back("OVER-GRANTED: " + *f.over_granted);
  if (failures.empty()) out << "  checks concerning this user: pass\n";
  for (const auto& l : failures) out << "  " << printable(l) << "\n";
}

json permission_ids(const Catalog& cat, const PermSet& s) { return cat.names(s); }

json grant_json(const Plan& p, const Grant& g) { return json{{"policy", policy_name(p.catalog, g)}, {"target", p.account.target_name(g.target)}}; }

json rules_json(const Plan& p, const AssignmentTrace& t) {
  json rules = json::array();
  for (const RuleTrace& r : t.rules) {
    const Rule& rule = p.rules.rules[r.rule];
    json rj{{"rule", rule.name}, {"where", rule.where.file_line()}, {"outcome", outcome_key(r.outcome)}};
    if (r.failed_key) rj["failed_key"] = match_key_name(*r.failed_key);
    if (r.outcome == RuleOutcome::matched && t.stopped_by == r.rule) rj["final"] = true;
    rules.push_back(rj);
  }
  return rules;
}

json derive_json(const Plan& p, const ExplainedAssignment& ea) {
  const AssignmentTrace& t = ea.trace;
  if (!t.derive_rule) return nullptr;
  json cover = json::array();
  for (const Grant& g : t.cover) cover.push_back(grant_json(p, g));
  return json{{"rule", p.rules.rules[*t.derive_rule].name},
              {"residual", permission_ids(p.catalog, t.residual)},
              {"cover", cover},
              {"group", ea.derived_group ? json(p.mapping.groups[*ea.derived_group].name) : json(nullptr)},
              {"uncovered", permission_ids(p.catalog, ea.uncovered)}};
}

json groups_json(const Plan& p, const Explanation& x) {
  json groups = json::array();
  for (const ExplainedGroup& eg : x.groups) {
    const Group& g = p.mapping.groups[eg.group];
    json names = json::array();
    for (uint32_t r : eg.rules) names.push_back(p.mapping.rule_names[r]);
    json grants = json::array();
    for (const GrantedAccess& ga : eg.grants) {
      json gives = json::array();
      for (const auto& [target, perms] : ga.gives) {
        gives.push_back(json{{"target", p.account.target_name(target)}, {"permissions", permission_ids(p.catalog, perms)}});
      }
      json gj = grant_json(p, ga.grant);
      gj["gives"] = gives;
      grants.push_back(gj);
    }
    json gj{
        {"key", g.key}, {"name", g.name}, {"action", g.action == GroupAction::create ? "create" : "exists"}, {"rules", names}, {"grants", grants}};
    if (!g.grants_known) gj["grants_known"] = false;
    groups.push_back(gj);
  }
  return groups;
}

json admins_json(const Plan& p, const AdminFacts& f) {
  json j{{"group", p.admins.group}, {"required", f.required.has_value()}};
  if (f.required) j["reason"] = *f.required;
  j["planned"] = f.planned;
  j["live_member"] = f.live_member ? json(*f.live_member) : json(nullptr);
  j["missing"] = f.missing;
  j["unexpected"] = f.unexpected;
  j["removed"] = f.removed;
  j["over_granted"] = f.over_granted ? json(*f.over_granted) : json(nullptr);
  j["status"] = f.fails() ? "fail" : "pass";
  return j;
}

}  // namespace

void write_explanation_text(const Plan& p, const Explanation& x, std::ostream& out) {
  const User& user = p.account.users[x.user];
  const UserVerdict& v = p.verification.users[x.user];
  std::string name = join({user.first_name, user.last_name}, " ");
  std::string head = user.email;
  if (!trim(name).empty()) head += fmt::format(" ({})", trim(name));
  out << printable(fmt::format("{}: {}", head, user_status_name(v.status))) << "\n";
  out << "Assignments and the rules that decided them:\n";
  for (const ExplainedAssignment& ea : x.assignments) write_assignment_text(p, ea, out);
  out << "Groups after the plan:\n";
  if (x.groups.empty()) out << "  none\n";
  for (const ExplainedGroup& eg : x.groups) write_group_text(p, eg, out);
  out << "Verdict: " << user_status_name(v.status) << "\n";
  if (auto why = unverified_reason(p, v)) out << "  " << printable(*why) << "\n";
  for (const std::string& l : user_difference_lines(p, v)) out << "  " << printable(l) << "\n";
  write_waived_text(p, v, out);
  write_admins_text(p, x.admins, out);
}

void write_explanation_json(const Plan& p, const Explanation& x, std::ostream& out) {
  json doc = user_verification_json(p, p.verification.users[x.user]);
  json& assignments = doc["assignments"];
  for (size_t i = 0; i < x.assignments.size(); ++i) {
    const ExplainedAssignment& ea = x.assignments[i];
    json& aj = assignments[i];
    aj["rules"] = rules_json(p, ea.trace);
    aj["stopped_by"] = ea.trace.stopped_by ? json(p.rules.rules[*ea.trace.stopped_by].name) : json(nullptr);
    aj["derive"] = derive_json(p, ea);
  }
  doc["groups"] = groups_json(p, x);
  doc["admins"] = admins_json(p, x.admins);
  out << terminal_json(doc.dump(2)) << "\n";
}

}  // namespace rolemig
