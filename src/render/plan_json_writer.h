#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

#include "plan/plan.h"

namespace rolemig {
// plan.json (SPEC 4): two-space indented, keys in contract order, ends with a newline.
void write_plan_json(const Plan& plan, std::ostream& out);
// The same as a string (verify --format json on stdout).
std::string render_plan_json(const Plan& plan);
// The summary object alone (for `--format json` on stdout).
std::string render_summary_json(const Plan& plan);
// One verification.users[] entry: email, status, gained and lost with their
// provenance, assignments (explain --format json shows the same).
nlohmann::ordered_json user_verification_json(const Plan& plan, const UserVerdict& verdict);
// The `admins` object alone (check-admins --format json).
std::string render_admins_json(const Plan& plan);
}  // namespace rolemig
