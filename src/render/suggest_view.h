// What suggest's outputs share (SPEC 6): the cost rows compared side by side,
// the design's headline, and the members each designed group gets.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "plan/suggest.h"

namespace rolemig {

struct CostRow {
  std::string key;    // suggest.json's key
  std::string label;  // suggest.md's and the terminal's
  size_t baseline = 0, drafted = 0;
};

// groups, groups_to_create, memberships, users_gaining, users_losing,
// users_unverified, waived, requests, minutes, and with the mutations per
// request batched.
std::vector<CostRow> cost_rows(const Suggestion& s);

// "12 group templates (lower bound 12, proven minimal) for 45 kinds of
// assignment; 3 decisions"
std::string design_headline(const Suggestion& s);

// What the proof found: "Planned with the drafted rules on a fresh account,
// no user gains anything; 3 users lose only what the decisions list."
std::string proof_line(const Suggestion& s);

// "Account Administrators check: pass with the current rules, fail with the drafted rules"
std::string admins_line(const Suggestion& s);

// The terminal's report: the headline, the costs side by side, and the
// first decisions (the rest are in suggest.md).
void write_suggest_text(const Suggestion& s, std::ostream& out);

// The group ids a kind's rule gives: account-administrators first for an
// account-admin role.
std::vector<std::string> rule_group_ids(const Suggestion& s, const Bundle& b);

// The mining engine's runs summed over the scopes.
struct MiningTotals {
  size_t roles = 0, lower_bound = 0;
  bool optimal = true;
};
MiningTotals mining_totals(const Design& d);

// Members of each designed group in the drafted plan (over its instances).
std::vector<size_t> designed_group_members(const Suggestion& s);

}  // namespace rolemig
