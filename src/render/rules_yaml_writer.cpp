#include "render/rules_yaml_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "util/text.h"

namespace rolemig {

namespace {

// Past this many users a role-less decision's waiver names no emails.
constexpr size_t kWaiverEmails = 5;

std::string q(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::vector<std::string> sorted_ids(const Catalog& cat, const PermSet& s) {
  std::vector<std::string> ids = cat.names(s);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string flow_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(q(i));
  return "[" + join(quoted, ", ") + "]";
}

std::string policy_names(const Catalog& cat, const std::vector<PolicyIdx>& ps) {
  std::vector<std::string> names;
  for (PolicyIdx p : ps) names.push_back(cat.policies[p].name);
  return join(names, ", ");
}

void write_groups(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  out << (s.design.groups.empty() ? "groups: []\n" : "groups:\n");
  for (const DesignedGroup& g : s.design.groups) {
    out << "\n  - id: " << g.id << "\n";
    out << "    name: " << q(g.name) << "\n";
    out << "    description: " << q(g.description) << "\n";
    out << "    scope: " << (g.scope == GroupScope::per_store ? "per-store" : "account") << "\n";
    out << "    grants:\n";
    for (PolicyIdx p : g.grants) {
      out << "      - policy: " << q(cat.policies[p].name) << "\n";
      out << "        target: " << (g.scope == GroupScope::per_store ? "store" : "account") << "\n";
    }
  }
}

std::string match_of(const Catalog& cat, const Bundle& b) {
  std::vector<std::string> keys;
  if (b.role) keys.push_back("role: " + q(cat.roles[*b.role].name));
  if (b.kind != BundleKind::role) keys.push_back("has_permissions: " + flow_list(sorted_ids(cat, b.has)));
  return "{ " + join(keys, ", ") + " }";
}

void write_rules(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  auto groups_of = [&](const Bundle& b) {
    std::vector<std::string> groups;
    if (b.admins) groups.emplace_back(kAdminsGroupId);
    for (uint32_t g : b.groups) groups.push_back(s.design.groups[g].id);
    return groups;
  };
  bool any = std::any_of(s.design.bundles.begin(), s.design.bundles.end(), [&](const Bundle& b) { return !groups_of(b).empty(); });
  out << (any ? "\nrules:\n" : "\nrules: []\n");
  std::set<std::string> names;
  for (const Bundle& b : s.design.bundles) {
    std::vector<std::string> groups = groups_of(b);
    if (groups.empty()) continue;  // no policy fits inside it: its decision says so
    std::string name = slug(b.name), unique = name;
    for (int n = 2; !names.insert(unique).second; ++n) unique = fmt::format("{}-{}", name, n);
    out << "\n  # " << b.assignments << (b.assignments == 1 ? " assignment" : " assignments") << "\n";
    out << "  - name: " << unique << "\n";
    out << "    match: " << match_of(cat, b) << "\n";
    out << "    groups: [" << join(groups, ", ") << "]\n";
  }
}

std::string waiver_match(const Catalog& cat, const Account& account, const Decision& d, size_t email) {
  std::vector<std::string> keys;
  if (d.role) keys.push_back("role: " + q(cat.roles[*d.role].name));
  if (!d.role && d.users.size() <= kWaiverEmails) keys.push_back("email: " + q(account.users[d.users[email]].email));
  if (d.scope == Scope::account) keys.emplace_back("store: [account]");
  return "{ " + join(keys, ", ") + " }";
}

void write_waivers(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  const Account& account = s.baseline.account;
  if (s.design.decisions.empty()) return;
  out << "\n# Decisions (suggest.md): no set of policies reproduces these permissions\n"
         "# exactly. The rules above grant the largest part that policies cover, never\n"
         "# more; uncomment a waiver (and `waivers:`) to accept the loss it states.\n"
         "# waivers:\n";
  for (const Decision& d : s.design.decisions) {
    size_t copies = !d.role && d.users.size() <= kWaiverEmails ? d.users.size() : 1;
    for (size_t i = 0; i < copies; ++i) {
      out << "#   - match: " << waiver_match(cat, account, d, i) << "\n";
      out << "#     permissions: " << flow_list(sorted_ids(cat, d.fit.lost)) << "\n";
      out << "#     change: loss\n";
      out << "#     reason: " << q(decision_summary(cat, d)) << "\n";
    }
  }
}

}  // namespace

std::string decision_summary(const Catalog& cat, const Decision& d) {
  std::string who = d.role ? cat.roles[*d.role].name : "role-less permissions";
  if (d.role && !d.checkboxes.empty()) who += " with " + join(sorted_ids(cat, d.checkboxes), ", ");
  std::string text = fmt::format("{}{}: no set of policies grants {} without more; {} {} on {} {} would lose it", who,
                                 d.scope == Scope::account ? " (account)" : "", join(sorted_ids(cat, d.fit.lost), ", "), d.users.size(),
                                 d.users.size() == 1 ? "user" : "users", d.stores.size(), d.stores.size() == 1 ? "store" : "stores");
  if (!d.fit.superset_exists) return text + "; no policy grants it at all";
  return text + fmt::format("; adding {} would also grant {}", policy_names(cat, d.fit.extra), join(sorted_ids(cat, d.fit.gained), ", "));
}

void write_drafted_rules(const Suggestion& s, std::ostream& out) {
  out << "# Drafted by `rolemig suggest` (SPEC 6): " << s.design.groups.size() << " groups for " << s.design.bundles.size()
      << " bundles of access.\n"
         "# Every rule whose match holds contributes its groups, and each rule's groups\n"
         "# grant only permissions its match guarantees the assignment holds, so no\n"
         "# rule can make anyone gain. Review the names, then plan with --rules.\n\n"
         "version: 1\n\n";
  write_groups(s, out);
  write_rules(s, out);
  write_waivers(s, out);
}

}  // namespace rolemig
