// Access snapshots (access_before.csv / access_after.csv): header
// `email,target,permission`, one row per pair, rows in byte order, fields
// neutralised and quoted as io/csv_field.h says.
#pragma once

#include <ostream>
#include <vector>

#include "plan/plan.h"
#include "verify/access.h"

namespace rolemig {

// Writes per-user access maps (parallel to plan.account.users). Rows are
// sorted a user at a time and streamed, never all held at once; the file is
// byte for byte what sorting every row globally would give.
void write_access_csv(const Plan& plan, const std::vector<AccessMap>& access, std::ostream& out);

// plan.verification.before and .after.
void write_access_before_csv(const Plan& plan, std::ostream& out);
void write_access_after_csv(const Plan& plan, std::ostream& out);

}  // namespace rolemig
