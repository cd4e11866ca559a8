#pragma once
#include <string>

#include "plan/plan.h"

namespace rolemig {
// plan.json (SPEC 4): two-space indented, keys in contract order, ends with a newline.
std::string render_plan_json(const Plan& plan);
// The summary object alone (for `--format json` on stdout).
std::string render_summary_json(const Plan& plan);
// The `admins` object alone (check-admins --format json).
std::string render_admins_json(const Plan& plan);
// requests.jsonl: one compact JSON object per line.
std::string render_requests_jsonl(const Plan& plan);
}  // namespace rolemig
