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

std::string admins_line(const Suggestion& s) {
  auto word = [](bool pass) { return pass ? "pass" : "fail"; };
  return fmt::format("Account Administrators check: {} with the current rules, {} with the drafted rules", word(s.baseline_costs.admins_pass),
                     word(s.drafted_costs.admins_pass));
}

std::string design_headline(const Suggestion& s) {
  size_t roles = 0, bound = 0;
  bool optimal = true;
  for (const MiningRun& r : s.design.mining) {
    roles += r.roles;
    bound += r.lower_bound;
    optimal = optimal && r.optimal;
  }
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
  out << "Designed " << design_headline(s) << ".\n";
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
