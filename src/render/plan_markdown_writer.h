#pragma once
#include <string>

#include "plan/plan.h"

namespace rolemig {
// plan.md (SPEC 4): summary line first, then groups, differences, admin checks.
std::string render_plan_markdown(const Plan& plan);
// The summary line, shared with the CLI's text output.
std::string summary_line(const Plan& plan);
// Escapes text for Markdown tables and prose: no value can open a tag, a
// link, emphasis or a table cell, or break a line.
std::string md_escape(std::string_view s);
// A Markdown code span of `s` whose fence no backtick inside can close.
std::string md_code(std::string_view s);
// Unwaived differences for the terminal, one line per user, change, target
// and provenance: "email: gains on T (rule → group → policy): P1, P2".
std::vector<std::string> difference_lines(const Plan& plan);
// Users who cannot be verified, one line each, for the terminal and plan.md:
// "email: unverified: member of 'G', whose grants the audit does not show".
std::vector<std::string> unverified_lines(const Plan& plan);
}  // namespace rolemig
