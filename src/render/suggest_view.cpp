#include "render/suggest_view.h"

#include <fmt/format.h>

#include <map>

#include "render/rules_yaml_writer.h"
#include "util/text.h"

namespace rolemig {

std::vector<CostRow> cost_rows(const Suggestion& s) {
  const Costs &b = s.baseline_costs, &d = s.drafted_costs;
  const size_t k = s.settings.mutations_per_request;
  std::vector<CostRow> rows = {
      {"groups", "groups", b.groups, d.groups},
      {"groups_to_create", "groups to create", b.groups_to_create, d.groups_to_create},
      {"memberships", "memberships to add", b.memberships, d.memberships},
      {"users_gaining", "users gaining", b.users_gaining, d.users_gaining},
      {"users_losing", "users losing", b.users_losing, d.users_losing},
      {"users_unverified", "users unverified", b.users_unverified, d.users_unverified},
      {"waived", "waived differences", b.waived, d.waived},
      {"requests", "requests", b.requests, d.requests},
      {"minutes", "minutes at 70 requests an hour", b.minutes, d.minutes},
  };
  if (k > 1) {
    rows.push_back({"batched_requests", fmt::format("requests, {} mutations each", k), b.batched_requests, d.batched_requests});
    rows.push_back({"batched_minutes", fmt::format("minutes, {} mutations a request", k), b.batched_minutes, d.batched_minutes});
  }
  return rows;
}

std::string proof_line(const Suggestion& s) {
  const size_t losing = s.users_losing, admins = s.admins_gaining;
  std::string gains = admins == 0 ? "no user gains anything"
                                  : fmt::format("no user gains anything but {} account {} what Account Administrators grants beyond {} role", admins,
                                                admins == 1 ? "admin" : "admins", admins == 1 ? "its" : "their");
  if (losing == 0) return fmt::format("Planned with the drafted rules on a fresh account, {}, and nobody loses anything.", gains);
  return fmt::format("Planned with the drafted rules on a fresh account, {}; {} {} only what the decisions list.", gains, losing,
                     losing == 1 ? "user loses" : "users lose");
}

std::string admins_line(const Suggestion& s) {
  auto word = [](bool pass) { return pass ? "pass" : "fail"; };
  return fmt::format("Account Administrators check: {} with the current rules, {} with the drafted rules", word(s.baseline_costs.admins_pass),
                     word(s.drafted_costs.admins_pass));
}

std::vector<std::string> rule_group_ids(const Suggestion& s, const Bundle& b) {
  std::vector<std::string> ids;
  if (b.admins) ids.emplace_back(kAdminsGroupId);
  for (uint32_t g : b.groups) ids.push_back(s.design.groups[g].id);
  return ids;
}

MiningTotals mining_totals(const Design& d) {
  MiningTotals t;
  for (const MiningRun& r : d.mining) {
    t.roles += r.roles;
    t.lower_bound += r.lower_bound;
    t.optimal = t.optimal && r.optimal;
  }
  return t;
}

std::string design_headline(const Suggestion& s) {
  const MiningTotals t = mining_totals(s.design);
  const size_t roles = t.roles, bound = t.lower_bound;
  const bool optimal = t.optimal;
  const size_t groups = s.design.groups.size(), decisions = s.design.decisions.size(), kinds = s.design.bundles.size();
  std::string proof = optimal && groups == roles ? "proven minimal" : fmt::format("at most {} above the minimum", groups - std::min(groups, bound));
  return fmt::format("{} group {} (lower bound {}, {}) for {} {} of assignment; {} {}", groups, groups == 1 ? "template" : "templates", bound, proof,
                     kinds, kinds == 1 ? "kind" : "kinds", decisions, decisions == 1 ? "decision" : "decisions");
}

namespace {
// Decisions the terminal shows before pointing to suggest.md.
constexpr size_t kDecisionsShown = 10;
}  // namespace

void write_suggest_text(const Suggestion& s, std::ostream& out) {
  out << "Designed " << design_headline(s) << ".\n" << proof_line(s) << "\n";
  std::vector<CostRow> rows = cost_rows(s);
  size_t width = std::string_view("current rules").size();
  for (const CostRow& r : rows) width = std::max(width, r.label.size());
  out << fmt::format("{:<{}}  {:>13}  {:>13}\n", "", width, "current rules", "drafted rules");
  for (const CostRow& r : rows) out << fmt::format("{:<{}}  {:>13}  {:>13}\n", r.label, width, r.baseline, r.drafted);
  out << admins_line(s) << "\n";
  const auto& decisions = s.design.decisions;
  if (decisions.empty()) return;
  out << "Decisions (rules.yaml keeps the subset; uncomment a waiver there to accept the loss):\n";
  for (size_t i = 0; i < decisions.size() && i < kDecisionsShown; ++i)
    out << fmt::format("  {}. {}\n", i + 1, printable(decision_summary(s.baseline.catalog, decisions[i])));
  if (decisions.size() > kDecisionsShown) out << fmt::format("  ... and {} more in suggest.md\n", decisions.size() - kDecisionsShown);
}

std::vector<size_t> designed_group_members(const Suggestion& s) {
  std::map<std::string, size_t> by_id;
  for (size_t i = 0; i < s.design.groups.size(); ++i) by_id[s.design.groups[i].id] = i;
  std::vector<size_t> members(s.design.groups.size(), 0);
  for (const Group& g : s.drafted.mapping.groups) {
    auto it = by_id.find(g.key.substr(0, g.key.find('@')));
    if (it != by_id.end()) members[it->second] += g.members.size();
  }
  return members;
}

}  // namespace rolemig
