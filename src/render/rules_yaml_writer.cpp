#include "render/rules_yaml_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "render/suggest_view.h"
#include "util/text.h"

namespace rolemig {

namespace {

// Past this many users a role-less decision gets no waiver, only a note: no
// waiver key names a role-less kind but its users' emails.
constexpr size_t kWaiverEmails = 25;

std::string q(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::string flow_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(q(i));
  return "[" + join(quoted, ", ") + "]";
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
  if (b.kind == BundleKind::permissions) keys.emplace_back("unmatched: true");
  if (b.role) keys.push_back("role: " + q(cat.roles[*b.role].name));
  if (b.kind != BundleKind::role) keys.push_back("has_permissions: " + flow_list(cat.sorted_names(b.has)));
  return "{ " + join(keys, ", ") + " }";
}

void write_rules(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  auto groups_of = [&](const Bundle& b) { return rule_group_ids(s, b); };
  bool any = std::any_of(s.design.bundles.begin(), s.design.bundles.end(), [&](const Bundle& b) { return !groups_of(b).empty(); });
  out << (any ? "\nrules:\n" : "\nrules: []\n");
  std::set<std::string> names;
  for (const Bundle& b : s.design.bundles) {
    std::vector<std::string> groups = groups_of(b);
    if (groups.empty()) continue;  // not seen: find_bundles keeps only bundles with policies to give
    std::string name = short_slug(b.name), unique = name;
    for (int n = 2; !names.insert(unique).second; ++n) unique = fmt::format("{}-{}", name, n);
    out << "\n  # " << b.assignments << (b.assignments == 1 ? " assignment" : " assignments") << "\n";
    out << "  - name: " << unique << "\n";
    out << "    match: " << match_of(cat, b) << "\n";
    out << "    groups: [" << join(groups, ", ") << "]\n";
    if (b.kind == BundleKind::role_and_checkboxes) out << "    final: true\n";
  }
}

std::string store_list(const Account& account, const Decision& d) {
  if (d.scope == Scope::account) return "[account]";
  std::vector<std::string> ids;
  for (StoreIdx s : d.stores) ids.push_back(account.stores[s].id);
  return flow_list(ids);
}

// The matches of a decision's waivers: its role; for role-less assignments,
// which no waiver key names, each user's email on the decision's stores;
// none past kWaiverEmails users.
std::vector<std::string> waiver_matches(const Catalog& cat, const Account& account, const Decision& d) {
  if (d.role) return {"{ role: " + q(cat.roles[*d.role].name) + (d.scope == Scope::account ? ", store: [account] }" : " }")};
  std::vector<std::string> out;
  if (d.users.size() > kWaiverEmails) return out;
  for (UserIdx u : d.users) out.push_back("{ email: " + q(account.users[u].email) + ", store: " + store_list(account, d) + " }");
  return out;
}

struct DraftedWaiver {
  std::string match, permissions;
  const Decision* first;
  size_t more_users = 0, more_decisions = 0;
};

// One waiver per distinct (match, permissions): decisions of one role that
// lose the same permissions with other checkboxes share it.
std::vector<DraftedWaiver> drafted_waivers(const Catalog& cat, const Account& account, const std::vector<Decision>& decisions) {
  std::vector<DraftedWaiver> waivers;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const Decision& d : decisions) {
    for (std::string& match : waiver_matches(cat, account, d)) {
      std::string perms = flow_list(cat.sorted_names(d.fit.lost));
      auto [it, fresh] = index.try_emplace({match, perms}, waivers.size());
      if (fresh) {
        waivers.push_back(DraftedWaiver{std::move(match), std::move(perms), &d});
      } else {
        waivers[it->second].more_users += d.users.size();
        ++waivers[it->second].more_decisions;
      }
    }
  }
  return waivers;
}

void write_waivers(const Suggestion& s, std::ostream& out) {
  const Catalog& cat = s.baseline.catalog;
  if (s.design.decisions.empty()) return;
  out << "\n# Decisions (suggest.md): no set of policies reproduces these permissions\n"
         "# exactly. The rules above grant the largest part that policies cover, never\n"
         "# more; uncomment a waiver (and `waivers:`) to accept the loss it states.\n"
         "# waivers:\n";
  for (const DraftedWaiver& w : drafted_waivers(cat, s.baseline.account, s.design.decisions)) {
    std::string reason = decision_summary(cat, *w.first);
    if (w.more_decisions)
      reason += fmt::format(" (also {} more {} in {} more {} with other checkboxes)", w.more_users, w.more_users == 1 ? "user" : "users",
                            w.more_decisions, w.more_decisions == 1 ? "decision" : "decisions");
    out << "#   - match: " << w.match << "\n";
    out << "#     permissions: " << w.permissions << "\n";
    out << "#     change: loss\n";
    out << "#     reason: " << q(reason) << "\n";
  }
  for (size_t i = 0; i < s.design.decisions.size(); ++i) {
    const Decision& d = s.design.decisions[i];
    if (d.role || d.users.size() <= kWaiverEmails) continue;
    out << fmt::format("#   (decision {}, {} role-less users: too many for a waiver each; suggest.json lists them: {})\n", i + 1, d.users.size(),
                       printable(decision_summary(cat, d)));
  }
}

}  // namespace

std::string decision_summary(const Catalog& cat, const Decision& d) {
  const bool one = d.fit.lost.count() == 1;
  std::string text =
      fmt::format("{}{}: no set of policies grants {} without more; {} {} on {} {} would lose {}", d.name,
                  d.scope == Scope::account ? " (account)" : "", join(cat.sorted_names(d.fit.lost), ", "), d.users.size(),
                  d.users.size() == 1 ? "user" : "users", d.stores.size(), d.stores.size() == 1 ? "store" : "stores", one ? "it" : "them");
  if (!d.fit.superset_exists) return text + (one ? "; no policy grants it at all" : "; no set of policies can grant them all");
  return text + fmt::format("; adding {} would also grant {}", join(cat.policy_names(d.fit.extra), ", "), join(cat.sorted_names(d.fit.gained), ", "));
}

void write_drafted_rules(const Suggestion& s, std::ostream& out) {
  const size_t groups = s.design.groups.size(), kinds = s.design.bundles.size();
  out << fmt::format("# Drafted by `rolemig suggest` (SPEC 6): {} group {} for {} {} of assignment.\n", groups,
                     groups == 1 ? "template" : "templates", kinds, kinds == 1 ? "kind" : "kinds")
      << "# A role's rule gives what the role needs; a role with checkboxes gets what\n"
         "# they add from its own rule (final: the larger checkbox sets come first);\n"
         "# role-less permission sets match only what no role rule matched. Each\n"
         "# rule's groups grant only policies inside what its match guarantees the\n"
         "# assignment holds, so no rule can make anyone gain. Review the names, then\n"
         "# plan with --rules.\n\n"
         "version: 1\n\n";
  write_groups(s, out);
  write_rules(s, out);
  write_waivers(s, out);
}

}  // namespace rolemig
