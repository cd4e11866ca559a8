#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "plan/plan.h"

namespace rolemig {
// plan.md (SPEC 4): summary line first, then groups, differences, admin checks.
void write_plan_markdown(const Plan& plan, std::ostream& out);
// Escapes text for Markdown tables and prose: no value can open a tag, a
// link, emphasis or a table cell, or break a line.
std::string md_escape(std::string_view s);
// A Markdown code span of `s` whose fence no backtick inside can close.
std::string md_code(std::string_view s);
}  // namespace rolemig
