// Access snapshots (access_before.csv / access_after.csv): header
// `email,target,permission`, one row per pair, rows in byte order, fields
// neutralised and quoted as io/csv_field.h says.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.h"
#include "verify/access.h"

namespace rolemig {

// Renders per-user access maps (parallel to plan.account.users).
std::string render_access_csv(const Plan& plan, const std::vector<AccessMap>& access);

}  // namespace rolemig
