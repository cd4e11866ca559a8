#include "render/suggest_json_writer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "render/rules_yaml_writer.h"
#include "render/suggest_view.h"

namespace rolemig {

namespace {

using nlohmann::ordered_json;

ordered_json ids(const Catalog& cat, const PermSet& s) { return cat.sorted_names(s); }

ordered_json policies(const Catalog& cat, const std::vector<PolicyIdx>& ps) { return cat.policy_names(ps); }

ordered_json groups_json(const Suggestion& s) {
  const Catalog& cat = s.baseline.catalog;
  std::vector<size_t> members = designed_group_members(s);
  ordered_json out = ordered_json::array();
  for (size_t i = 0; i < s.design.groups.size(); ++i) {
    const DesignedGroup& g = s.design.groups[i];
    ordered_json grants = ordered_json::array();
    for (PolicyIdx p : g.grants)
      grants.push_back({{"policy", cat.policies[p].name}, {"target", g.scope == GroupScope::per_store ? "store" : "account"}});
    ordered_json bundles = ordered_json::array();
    for (uint32_t b : g.bundles) bundles.push_back(s.design.bundles[b].name);
    out.push_back({{"id", g.id},
                   {"name", g.name},
                   {"scope", g.scope == GroupScope::per_store ? "per-store" : "account"},
                   {"grants", grants},
                   {"permissions", ids(cat, g.perms)},
                   {"bundles", bundles},
                   {"members", members[i]}});
  }
  return out;
}

std::string_view kind_name(BundleKind k) {
  switch (k) {
    case BundleKind::role: return "role";
    case BundleKind::role_and_checkboxes: return "role_and_checkboxes";
    case BundleKind::permissions: return "permissions";
  }
  return "";
}

ordered_json bundles_json(const Suggestion& s) {
  const Catalog& cat = s.baseline.catalog;
  ordered_json out = ordered_json::array();
  for (const Bundle& b : s.design.bundles) {
    ordered_json groups = rule_group_ids(s, b);
    out.push_back({{"name", b.name},
                   {"kind", kind_name(b.kind)},
                   {"role", b.role ? ordered_json(cat.roles[*b.role].name) : ordered_json()},
                   {"has_permissions", ids(cat, b.has)},
                   {"groups", groups},
                   {"assignments", b.assignments}});
  }
  return out;
}

ordered_json decisions_json(const Suggestion& s) {
  const Catalog& cat = s.baseline.catalog;
  const Account& acc = s.baseline.account;
  ordered_json out = ordered_json::array();
  for (const Decision& d : s.design.decisions) {
    ordered_json stores = ordered_json::array(), emails = ordered_json::array();
    for (StoreIdx st : d.stores) stores.push_back(acc.stores[st].id);
    for (UserIdx u : d.users) emails.push_back(acc.users[u].email);
    ordered_json superset =
        d.fit.superset_exists ? ordered_json{{"add", policies(cat, d.fit.extra)}, {"gains", ids(cat, d.fit.gained)}} : ordered_json();
    out.push_back({{"kind", d.name},
                   {"scope", scope_name(d.scope)},
                   {"role", d.role ? ordered_json(cat.roles[*d.role].name) : ordered_json()},
                   {"checkboxes", ids(cat, d.checkboxes)},
                   {"permissions", ids(cat, d.wanted)},
                   {"subset_cover", policies(cat, d.subset_cover)},
                   {"loses", ids(cat, d.fit.lost)},
                   {"superset_cover", superset},
                   {"users", d.users.size()},
                   {"assignments", d.assignments},
                   {"stores", stores},
                   {"emails", emails},
                   {"summary", decision_summary(cat, d)}});
  }
  return out;
}

ordered_json mining_json(const Suggestion& s) {
  ordered_json out = ordered_json::array();
  for (const MiningRun& r : s.design.mining)
    out.push_back({{"scope", scope_name(r.scope)},
                   {"bundles", r.rows},
                   {"policies", r.items},
                   {"roles", r.roles},
                   {"lower_bound", r.lower_bound},
                   {"optimal", r.optimal},
                   {"verified", r.verified}});
  return out;
}

ordered_json costs_json(const Suggestion& s) {
  ordered_json base, drafted;
  for (const CostRow& r : cost_rows(s)) {
    base[r.key] = r.baseline;
    drafted[r.key] = r.drafted;
  }
  return {{"mutations_per_request", s.settings.mutations_per_request}, {"current_rules", base}, {"drafted_rules", drafted}};
}

}  // namespace

std::string suggest_summary_json(const Suggestion& s) {
  const MiningTotals t = mining_totals(s.design);
  ordered_json doc = {{"summary", design_headline(s)}, {"groups", s.design.groups.size()},   {"lower_bound", t.lower_bound},
                      {"optimal", t.optimal},          {"bundles", s.design.bundles.size()}, {"decisions", s.design.decisions.size()},
                      {"costs", costs_json(s)}};
  return doc.dump() + "\n";
}

void write_suggest_json(const Suggestion& s, std::ostream& out) {
  ordered_json doc = {{"version", 1},
                      {"summary", design_headline(s)},
                      {"groups", groups_json(s)},
                      {"kinds", bundles_json(s)},
                      {"decisions", decisions_json(s)},
                      {"mining", mining_json(s)},
                      {"proof", {{"users_gaining", 0}, {"users_losing_only_what_decisions_list", s.users_losing}}},
                      {"costs", costs_json(s)}};
  out << doc.dump(2) << "\n";
}

}  // namespace rolemig
