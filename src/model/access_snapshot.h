// Access by name, as an access CSV (access_before.csv, access_after.csv)
// holds it: what `rolemig diff` compares.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

namespace rolemig {

// email -> set of (target, permission) pairs
using AccessSnapshot = std::map<std::string, std::set<std::pair<std::string, std::string>>>;

}  // namespace rolemig
