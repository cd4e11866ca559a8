// Access snapshots (access_before.csv / access_after.csv): header
// `email,target,permission`, one row per pair, rows in byte order.
//
// Neutralisation: a field that starts with '=', '+', '-', '@', a tab or a
// carriage return (after any apostrophes it already starts with) is written
// with one more leading apostrophe so no spreadsheet evaluates it as a
// formula; fields holding ',', '"' or a line break are quoted (RFC 4180). The
// reader strips that one apostrophe again, so `rolemig diff` reads back
// exactly what was written ("'-x" is written "''-x" and read back "'-x").
#pragma once

#include <istream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "verify/access.h"

namespace rolemig {

std::string csv_field(std::string_view value);
std::string csv_unneutralise(std::string_view value);

// Renders per-user access maps (parallel to plan.account.users).
std::string render_access_csv(const Plan& plan, const std::vector<AccessMap>& access);

// email -> set of "target\tpermission" pairs
using AccessSnapshot = std::map<std::string, std::set<std::pair<std::string, std::string>>>;

// Reads an access CSV; throws InputError with positions.
AccessSnapshot read_access_csv(std::istream& in, const std::string& file);

}  // namespace rolemig
