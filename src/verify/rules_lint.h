// `rolemig lint` (SPEC 3): what in a rules file is dead, shadowed, too broad
// or missing, found from the rules and the catalog alone, and, given an
// export, what the rules actually match in it. Findings only: nothing here
// changes what a plan does; the rules loader has already refused what is
// an error (unknown keys, group ids, policies).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/rules.h"
#include "util/error.h"

namespace rolemig {

// The kinds, in the order lint checks them. Their names are a stable
// contract (scripts filter on them).
enum class LintKind {
  unused_group,            // a group defined that no rule gives
  shadowed_rule,           // never reached: an earlier final rule matches all it matches
  broad_waiver,            // change: any, no permissions, empty match: accepts every difference
  dead_store_glob,         // a store glob that matches no known store id
  unplaced_role,           // a role no rule can match: its assignments get nothing
  rule_matches_nothing,    // (export) the rule matched no assignment
  waiver_matches_nothing,  // (export) no user and target of the export satisfies the waiver
  store_not_in_stores,     // (export) a store of the export that --stores does not list
};
std::string_view lint_kind_name(LintKind k);  // "unused-group", ...

struct LintFinding {
  LintKind kind;
  SourceLoc where;
  std::string message;
};

// With an export: how the rules place its assignments. An assignment may
// count in both `explicit_groups` and `derived`.
struct LintCoverage {
  size_t assignments = 0;
  size_t explicit_groups = 0;  // joined at least one group of a rule's `groups`
  size_t derived = 0;          // left a non-empty residual to a derive rule
  size_t derive_only = 0;      // derived, and no explicit group
  size_t unplaced = 0;         // no group and no residual to derive, though it holds permissions: it loses them all
};

struct LintReport {
  std::vector<LintFinding> findings;     // sorted by place (file, line, column), then kind
  std::optional<LintCoverage> coverage;  // with an export only
};

// What the rules and catalog show alone. `store_ids`: the store ids known
// (--stores, with an export also the export's); nullopt: unknown, so a store
// glob is dead only when it can match no id at all (an empty glob).
std::vector<LintFinding> lint_rules(const Catalog& catalog, const RuleSet& rules, const std::optional<std::vector<std::string>>& store_ids);

// What the rules match in `account`: rules and waivers that match nothing,
// the coverage, and (when `listed_stores` is given: --stores) each store
// with an assignment that the stores file does not list.
LintReport lint_against_account(const Catalog& catalog, const RuleSet& rules, const Account& account,
                                const std::optional<std::vector<std::string>>& listed_stores, const std::string& stores_file);

// Sorts findings by place, then kind.
void sort_findings(std::vector<LintFinding>& findings);

}  // namespace rolemig
