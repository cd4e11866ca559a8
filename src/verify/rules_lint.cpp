#include "verify/rules_lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "mapping/rule_engine.h"
#include "util/text.h"
#include "verify/access_verifier.h"

namespace rolemig {

std::string_view lint_kind_name(LintKind k) {
  switch (k) {
    case LintKind::unused_group: return "unused-group";
    case LintKind::shadowed_rule: return "shadowed-rule";
    case LintKind::broad_waiver: return "broad-waiver";
    case LintKind::dead_store_glob: return "dead-store-glob";
    case LintKind::unplaced_role: return "unplaced-role";
    case LintKind::rule_matches_nothing: return "rule-matches-nothing";
    case LintKind::waiver_matches_nothing: return "waiver-matches-nothing";
    case LintKind::store_not_in_stores: return "store-not-in-stores";
  }
  return "?";
}

void sort_findings(std::vector<LintFinding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const LintFinding& a, const LintFinding& b) {
    return std::tie(a.where.file, a.where.line, a.where.col, a.kind) < std::tie(b.where.file, b.where.line, b.where.col, b.kind);
  });
}

namespace {

bool has_wildcard(std::string_view glob) { return glob.find_first_of("*?[") != std::string_view::npos; }

// Whether glob `general` matches every text that glob `specific` matches.
// Decided exactly for `*`, equal globs and a literal `specific`; otherwise
// "no", so that a rule is called shadowed only when it surely is.
bool glob_covers(std::string_view general, std::string_view specific, CaseSensitive cs) {
  if (general == "*" || general == specific) return true;
  return !has_wildcard(specific) && glob_match(general, specific, cs);
}

bool role_covers(const std::optional<RoleMatch>& general, const std::optional<RoleMatch>& specific, const Catalog& cat) {
  if (!general || general->any) return true;
  if (!specific || specific->any) return false;  // it also matches role-less assignments
  if (specific->custom && !general->custom) return false;
  if (specific->standard && !general->standard) return false;
  return std::all_of(specific->roles.begin(), specific->roles.end(), [&](RoleIdx r) {
    bool custom = cat.roles[r].custom;
    return (custom && general->custom) || (!custom && general->standard) ||
           std::find(general->roles.begin(), general->roles.end(), r) != general->roles.end();
  });
}

// Whether every assignment that `specific` (a later rule) matches is
// matched by `general` (an earlier one) too, whatever the export.
bool match_covers(const Match& general, const Match& specific, const Catalog& cat) {
  // An earlier `unmatched` rule holds only where nothing before it matched; a
  // later one matching an assignment means that nothing before it did.
  if (general.unmatched && !specific.unmatched) return false;
  if (!role_covers(general.role, specific.role, cat)) return false;
  if (!general.stores.empty()) {
    if (specific.stores.empty()) return false;
    for (const auto& s : specific.stores) {
      if (std::none_of(general.stores.begin(), general.stores.end(), [&](const std::string& g) { return glob_covers(g, s, CaseSensitive::yes); }))
        return false;
    }
  }
  if (general.email && *general.email != "*" && (!specific.email || !glob_covers(*general.email, *specific.email, CaseSensitive::no))) return false;
  if (!general.statuses.empty()) {
    if (specific.statuses.empty()) return false;
    for (Status s : specific.statuses)
      if (std::find(general.statuses.begin(), general.statuses.end(), s) == general.statuses.end()) return false;
  }
  if (general.has_permissions && (!specific.has_permissions || !general.has_permissions->subset_of(*specific.has_permissions))) return false;
  return true;
}

bool rule_can_match_role(const Rule& rule, RoleIdx r, const Catalog& cat) {
  const auto& rm = rule.match.role;
  if (!rm || rm->any) return true;
  bool custom = cat.roles[r].custom;
  return (custom && rm->custom) || (!custom && rm->standard) || std::find(rm->roles.begin(), rm->roles.end(), r) != rm->roles.end();
}

std::string rule_name(const Rule& r) { return quote(r.name); }

void check_groups(const RuleSet& rs, std::vector<LintFinding>& out) {
  std::vector<bool> used(rs.groups.size(), false);
  for (const auto& r : rs.rules)
    for (size_t g : r.groups) used[g] = true;
  for (size_t g = 0; g < rs.groups.size(); ++g) {
    if (used[g] || rs.groups[g].builtin_admins) continue;
    out.push_back(
        {LintKind::unused_group, rs.groups[g].where, fmt::format("group {} is given by no rule: it would never be created", quote(rs.groups[g].id))});
  }
}

void check_shadowing(const Catalog& cat, const RuleSet& rs, std::vector<LintFinding>& out) {
  for (size_t j = 0; j < rs.rules.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const Rule& earlier = rs.rules[i];
      if (!earlier.final || !match_covers(earlier.match, rs.rules[j].match, cat)) continue;
      out.push_back({LintKind::shadowed_rule, rs.rules[j].where,
                     fmt::format("rule {} is never reached: rule {} ({}) is final and matches every assignment it matches", rule_name(rs.rules[j]),
                                 rule_name(earlier), earlier.where.str())});
      break;
    }
  }
}

void check_waivers(const RuleSet& rs, std::vector<LintFinding>& out) {
  for (const auto& w : rs.waivers) {
    if (w.permissions || w.change != Change::any || w.email || !w.statuses.empty() || !w.stores.empty() || !w.roles.empty()) continue;
    out.push_back({LintKind::broad_waiver, w.where,
                   "waiver accepts every gain and every loss of every user (no match keys, no permissions, change: any): "
                   "no difference the rules cause can show"});
  }
}

void check_store_globs(const RuleSet& rs, const std::optional<std::vector<std::string>>& store_ids, std::vector<LintFinding>& out) {
  auto dead = [&](const std::string& glob) {
    if (glob.empty()) return true;
    if (!store_ids) return false;
    return std::none_of(store_ids->begin(), store_ids->end(), [&](const std::string& id) { return glob_match(glob, id, CaseSensitive::yes); });
  };
  auto because = [&](const std::string& glob) {
    if (glob.empty()) return std::string("an empty glob matches no store id");
    return fmt::format("it matches none of the {} known store ids{}", store_ids->size(),
                       has_wildcard(glob) ? std::string() : did_you_mean(glob, *store_ids));
  };
  for (const auto& r : rs.rules) {
    for (const auto& g : r.match.stores) {
      if (!dead(g)) continue;
      out.push_back({LintKind::dead_store_glob, r.where, fmt::format("store {} of rule {}: {}", quote(g), rule_name(r), because(g))});
    }
  }
  for (const auto& w : rs.waivers) {
    for (const auto& g : w.stores) {
      if (g == "account" || !dead(g)) continue;
      out.push_back({LintKind::dead_store_glob, w.where, fmt::format("store {} of the waiver: {}", quote(g), because(g))});
    }
  }
}

void check_roles(const Catalog& cat, const RuleSet& rs, std::vector<LintFinding>& out) {
  for (RoleIdx r = 0; r < cat.roles.size(); ++r) {
    if (std::any_of(rs.rules.begin(), rs.rules.end(), [&](const Rule& rule) { return rule_can_match_role(rule, r, cat); })) continue;
    out.push_back(
        {LintKind::unplaced_role, cat.roles[r].where,
         fmt::format("{} role {} is placed by no rule (no role key, '*', '{}' or name that holds for it): "
                     "its assignments would get no group and lose every permission",
                     cat.roles[r].custom ? "custom" : "standard", quote(cat.roles[r].name), cat.roles[r].custom ? "custom:*" : "standard:*")});
  }
}

// Whether waiver `w` holds for some user and target of the account, whatever
// the difference: waiver_matches with a permission it lists and the
// direction it accepts.
bool waiver_matches_something(const Waiver& w, const Account& acc) {
  PermId p = 0;
  if (w.permissions) {
    if (w.permissions->empty()) return false;
    bool first = true;
    w.permissions->for_each([&](PermId q) {
      if (first) p = q;
      first = false;
    });
  }
  const bool gain = w.change == Change::gain;
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    if (waiver_matches(w, acc, u, Target::account(), p, gain)) return true;
    for (StoreIdx s = 0; s < acc.stores.size(); ++s)
      if (waiver_matches(w, acc, u, Target::store(s), p, gain)) return true;
  }
  return false;
}

// Why a rule matched nothing: "role fails for 10, store for 2; an earlier
// final rule stops 3" (keys in MatchKey order).
std::string why_unmatched(const std::array<size_t, 6>& failed, size_t not_reached) {
  std::vector<std::string> keys;
  for (size_t k = 0; k < failed.size(); ++k) {
    if (!failed[k]) continue;
    keys.push_back(fmt::format("{}{} {}", match_key_name(static_cast<MatchKey>(k)), keys.empty() ? " fails for" : " for", with_commas(failed[k])));
  }
  std::vector<std::string> parts;
  if (!keys.empty()) parts.push_back(join(keys, ", "));
  if (not_reached) parts.push_back(fmt::format("an earlier final rule stops {}", with_commas(not_reached)));
  return parts.empty() ? std::string() : " (" + join(parts, "; ") + ")";
}

}  // namespace

std::vector<LintFinding> lint_rules(const Catalog& catalog, const RuleSet& rules, const std::optional<std::vector<std::string>>& store_ids) {
  std::vector<LintFinding> out;
  check_groups(rules, out);
  check_shadowing(catalog, rules, out);
  check_waivers(rules, out);
  check_store_globs(rules, store_ids, out);
  check_roles(catalog, rules, out);
  sort_findings(out);
  return out;
}

LintReport lint_against_account(const Catalog& catalog, const RuleSet& rules, const Account& account,
                                const std::optional<std::vector<std::string>>& listed_stores, const std::string& stores_file) {
  LintReport report;
  LintCoverage cov;
  cov.assignments = account.assignments.size();
  std::vector<size_t> matched(rules.rules.size(), 0), not_reached(rules.rules.size(), 0);
  std::vector<std::array<size_t, 6>> failed(rules.rules.size(), std::array<size_t, 6>{});
  trace_assignments(catalog, account, rules, [&](size_t ai, const AssignmentTrace& t) {
    bool explicit_group = false;
    for (const RuleTrace& rt : t.rules) {
      switch (rt.outcome) {
        case RuleOutcome::matched:
          ++matched[rt.rule];
          explicit_group = explicit_group || !rules.rules[rt.rule].groups.empty();
          break;
        case RuleOutcome::failed: ++failed[rt.rule][static_cast<size_t>(*rt.failed_key)]; break;
        case RuleOutcome::not_reached: ++not_reached[rt.rule]; break;
      }
    }
    const bool derived = t.derive_rule && !t.residual.empty();
    cov.explicit_groups += explicit_group;
    cov.derived += derived;
    cov.derive_only += derived && !explicit_group;
    cov.unplaced += !explicit_group && !derived && !account.assignments[ai].perms.empty();
  });
  for (size_t r = 0; r < rules.rules.size(); ++r) {
    if (matched[r]) continue;
    report.findings.push_back({LintKind::rule_matches_nothing, rules.rules[r].where,
                               fmt::format("rule {} matches none of the export's {} assignments{}", rule_name(rules.rules[r]),
                                           with_commas(cov.assignments), why_unmatched(failed[r], not_reached[r]))});
  }
  for (const auto& w : rules.waivers) {
    if (waiver_matches_something(w, account)) continue;
    report.findings.push_back({LintKind::waiver_matches_nothing, w.where,
                               w.permissions && w.permissions->empty()
                                   ? std::string("waiver lists no permission it could accept: it matches nothing")
                                   : fmt::format("waiver holds for none of the export's {} users on any target", with_commas(account.users.size()))});
  }
  if (listed_stores) {
    const std::set<std::string> listed(listed_stores->begin(), listed_stores->end());
    std::vector<std::optional<SourceLoc>> first_row(account.stores.size());
    for (const auto& a : account.assignments) {
      auto& f = first_row[a.store];
      if (!f || std::tie(a.where.file, a.where.line, a.where.col) < std::tie(f->file, f->line, f->col)) f = a.where;
    }
    for (StoreIdx s = 0; s < account.stores.size(); ++s) {
      if (!first_row[s] || listed.count(account.stores[s].id)) continue;
      report.findings.push_back({LintKind::store_not_in_stores, *first_row[s],
                                 fmt::format("store {} has assignments in the export but is not in {}: its groups would be named after its id",
                                             quote(account.stores[s].id), stores_file)});
    }
  }
  sort_findings(report.findings);
  report.coverage = cov;
  return report;
}

}  // namespace rolemig
