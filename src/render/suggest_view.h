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

// "Account Administrators check: pass with the current rules, fail with the drafted rules"
std::string admins_line(const Suggestion& s);

// The terminal's report: the headline, the costs side by side, and the
// first decisions (the rest are in suggest.md).
void write_suggest_text(const Suggestion& s, std::ostream& out);

// Members of each designed group in the drafted plan (over its instances).
std::vector<size_t> designed_group_members(const Suggestion& s);

}  // namespace rolemig
