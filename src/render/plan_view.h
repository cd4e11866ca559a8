// What the human-readable outputs say about a plan (plan.md and the terminal
// report and JUnit now; report.html next): the summary line, why each
// difference exists, differences grouped by cause, member lists. Plain text:
// each writer escapes it for its medium.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"

namespace rolemig {

enum class Direction { gained, lost };

// "Plan: N groups to create, M memberships to add; ...": the first line of
// plan.md and of the terminal report.
std::string summary_line(const Plan& plan);

// Every count of the summary, in the order plan.json and plan.md list them:
// its plan.json key and its plan.md label. A new count is one row here.
struct SummaryField {
  std::string_view key;
  std::string_view label;
  size_t Summary::*count;
};
std::span<const SummaryField> summary_fields();

// Why `d` exists. A gain: "rule 'R' → group 'G' → policy 'P'" for each rule
// and group granting it; a loss: "role 'R' (inferred) at FILE:LINE" or
// "checkbox at FILE:LINE" for each source; "; "-separated, empty for none.
std::string provenance(const Plan& plan, const Difference& d, Direction change);

// Unwaived differences of one user sharing a change, a target and a provenance.
struct DifferenceGroup {
  Direction change;
  Target target;
  std::string provenance;
  std::vector<PermId> permissions;  // in the verifier's order
};

// One user's unwaived differences: gains, then losses, each in the order
// their first difference comes. Empty when access is equal.
std::vector<DifferenceGroup> differences_by_cause(const Plan& plan, const UserVerdict& verdict);

// The emails of `users`, in that order (group members, admin check lists).
std::vector<std::string> emails(const Plan& plan, const std::vector<UserIdx>& users);

// One user's unwaived differences, one line per group of
// differences_by_cause: "gains on T (rule → group → policy): P1, P2" or
// "loses on T (from checkbox at FILE:LINE): P1"; empty when access is equal.
std::vector<std::string> user_difference_lines(const Plan& plan, const UserVerdict& verdict);

// Unwaived differences for the terminal, one line per group of
// differences_by_cause: "email: gains on T (rule → group → policy): P1, P2".
std::vector<std::string> difference_lines(const Plan& plan);

// Unwaived differences of every user sharing a cause: a change, the same
// permissions and the same reason apart from source lines (a gain's rules,
// groups and policies; a loss's roles or "checkbox").
struct Cause {
  Direction change;
  std::string why;                  // "rule 'R' → group 'G' → policy 'P'", "role 'R' (inferred)", "checkbox"
  std::vector<PermId> permissions;  // in the verifier's order
  std::vector<Target> targets;      // in target order
  std::vector<UserIdx> users;       // in verification order
};

// Every cause of the plan's unwaived differences, most users first (ties in
// the order their first user comes).
std::vector<Cause> causes(const Plan& plan);

// One line per cause, in causes() order: "N users on T lose P1, P2 (from
// role 'R'): a@x, b@x, c@x and N-3 more" or "... gain P1 (rule 'R' → group
// 'G' → policy 'P'): ...". T lists up to three targets ("store:1001,
// account"), or "S targets: t1, t2, t3 and S-3 more".
std::vector<std::string> cause_lines(const Plan& plan);

// "unverified: member of 'G', whose grants the audit does not show" for a
// user who cannot be verified; nullopt for any other.
std::optional<std::string> unverified_reason(const Plan& plan, const UserVerdict& verdict);

// Users who cannot be verified, one line each, for the terminal and plan.md:
// "email: unverified: member of 'G', whose grants the audit does not show".
std::vector<std::string> unverified_lines(const Plan& plan);

}  // namespace rolemig
