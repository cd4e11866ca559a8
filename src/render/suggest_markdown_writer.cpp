#include "render/suggest_markdown_writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "render/plan_markdown_writer.h"
#include "render/rules_yaml_writer.h"
#include "render/suggest_view.h"
#include "util/text.h"

namespace rolemig {

namespace {

// Users a decision names in suggest.md; suggest.json lists them all.
constexpr size_t kExampleUsers = 3;

std::string id_list(const Catalog& cat, const PermSet& s) {
  std::vector<std::string> v = cat.sorted_names(s);
  for (auto& id : v) id = md_code(id);
  return v.empty() ? "none" : join(v, ", ");
}

std::string policy_list(const Catalog& cat, const std::vector<PolicyIdx>& ps) {
  std::vector<std::string> names = cat.policy_names(ps);
  for (auto& n : names) n = md_escape(n);
  return names.empty() ? "none" : join(names, ", ");
}

void write_costs(const Suggestion& s, std::ostream& out) {
  out << "\n## Cost of the migration\n\n| | current rules | drafted rules |\n|---|---:|---:|\n";
  for (const CostRow& r : cost_rows(s)) out << fmt::format("| {} | {} | {} |\n", r.label, r.baseline, r.drafted);
}

void write_groups(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  std::vector<size_t> members = designed_group_members(s);
  out << "\n## Groups\n\n| group | scope | grants | for kinds | members |\n|---|---|---|---|---:|\n";
  for (size_t i = 0; i < s.design.groups.size(); ++i) {
    const DesignedGroup& g = s.design.groups[i];
    std::vector<std::string> bundles;
    for (uint32_t b : g.bundles) bundles.push_back(md_escape(s.design.bundles[b].name));
    out << fmt::format("| {} | {} | {} | {} | {} |\n", md_escape(g.name), g.scope == GroupScope::per_store ? "per store" : "account",
                       policy_list(cat, g.grants), join(bundles, "; "), members[i]);
  }
}

void write_rules(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  out << "\n## Rules\n\n| rule matches | groups | assignments |\n|---|---|---:|\n";
  for (const Bundle& b : s.design.bundles) {
    std::vector<std::string> match, groups;
    if (b.kind == BundleKind::permissions) match.emplace_back("no role rule matched");
    if (b.role) match.push_back("role " + md_escape(cat.roles[*b.role].name));
    if (b.kind != BundleKind::role) match.push_back("holds " + id_list(cat, b.has));
    if (b.kind == BundleKind::role_and_checkboxes) match.emplace_back("final");
    if (b.admins) groups.push_back(md_escape(cat.admins.name));
    for (uint32_t g : b.groups) groups.push_back(md_escape(s.design.groups[g].name));
    out << fmt::format("| {} | {} | {} |\n", join(match, ", "), join(groups, "; "), b.assignments);
  }
}

void write_decision(const Suggestion& s, size_t n, const Decision& d, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  const Account& acc = s.baseline.account;
  std::vector<std::string> stores, examples;
  for (StoreIdx st : d.stores) stores.push_back(md_code(acc.stores[st].id));
  for (size_t i = 0; i < d.users.size() && i < kExampleUsers; ++i) examples.push_back(md_escape(acc.users[d.users[i]].email));
  if (d.users.size() > kExampleUsers) examples.push_back(fmt::format("and {} more (suggest.json lists them)", d.users.size() - kExampleUsers));
  out << fmt::format("\n### {}. {}\n\n", n, md_escape(decision_summary(cat, d)));
  out << fmt::format("* who: {} {}, {} {} on {}: {}\n", d.users.size(), d.users.size() == 1 ? "user" : "users", d.assignments,
                     d.assignments == 1 ? "assignment" : "assignments", join(stores, ", "), join(examples, ", "));
  out << fmt::format("* role: {}; checkboxes: {}\n", d.role ? md_escape(cat.roles[*d.role].name) : "none (role-less)", id_list(cat, d.checkboxes));
  out << fmt::format("* {} permissions held: {}\n", scope_name(d.scope), id_list(cat, d.wanted));
  out << fmt::format("* the rules grant the largest subset cover: {}; they lose {}\n", policy_list(cat, d.subset_cover), id_list(cat, d.fit.lost));
  if (d.fit.superset_exists)
    out << fmt::format("* the smallest superset cover adds {}: they would gain {}\n", policy_list(cat, d.fit.extra), id_list(cat, d.fit.gained));
  else
    out << "* no superset cover: no policy grants " << id_list(cat, d.fit.lost) << "\n";
}

}  // namespace

void write_suggest_markdown(const Suggestion& s, std::ostream& out) {
  out << "# Suggested groups\n\n" << md_escape(design_headline(s)) << ".\n";
  out << "\n" << proof_line(s) << "\n";
  out << "\n" << admins_line(s) << ".\n";
  write_costs(s, out);
  write_groups(s, out);
  write_rules(s, out);
  out << "\n## Decisions\n\n";
  if (s.design.decisions.empty())
    out << "None: the policies reproduce every assignment exactly.\n";
  else
    out << "No set of policies reproduces these exactly. rules.yaml grants the largest subset; each has a commented-out waiver there.\n";
  for (size_t i = 0; i < s.design.decisions.size(); ++i) write_decision(s, i + 1, s.design.decisions[i], out);
}

}  // namespace rolemig
