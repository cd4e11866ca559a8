// What the human-readable outputs say about a plan (plan.md, report.html, the
// terminal report and JUnit): the summary line, why each difference exists,
// differences grouped by cause, member lists, waivers, the Account
// Administrators check. Plain text: each writer escapes it for its medium.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"

namespace rolemig {

enum class Direction { gained, lost };

// Where each user's differences are, for outputs that list them by cause.
inline constexpr std::string_view kEveryUsersDifferences = "every user's differences are in plan.json, access_before.csv and access_after.csv";

// What plan.md and report.html say when no cause is left: "None: every
// user's access is equal before and after." or, with unverified users, "None
// known (unverified users aside)."
std::string_view no_differences_text(const Plan& plan);

// "Plan: N groups to create, M memberships to add; ...": the first line of
// plan.md and of the terminal report.
std::string summary_line(const Plan& plan);

// "create" or "exists", as every output names a group's action.
std::string_view group_action_name(GroupAction action);

// "P on T": a grant's policy and target.
std::string grant_text(const Plan& plan, const Grant& grant);

// A group's member lists as plan.md and report.html show them: "members";
// with --current also "to add", "live members the rules do not put here" and
// "to remove".
struct MemberList {
  std::string_view label;
  const std::vector<UserIdx>* users;
};
std::vector<MemberList> member_lists(const Plan& plan, const Group& group);

// "a, b, c" for up to three names, else "a, b, c and N-3 more".
std::string first_three(const std::vector<std::string>& names);

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
  std::string why;  // "rule 'R' → group 'G' → policy 'P'" (a per-store group by its name template), "role 'R' (inferred)", "checkbox"
  std::vector<PermId> permissions;  // in the verifier's order
  std::vector<Target> targets;      // in target order
  std::vector<UserIdx> users;       // in verification order
};

// Every cause of the plan's unwaived differences, most users first (ties in
// the order their first user comes).
std::vector<Cause> causes(const Plan& plan);

// Where a cause is: up to three targets, comma-separated ("store:1001,
// account"), else "S targets: t1, t2, t3 and S-3 more".
std::string targets_text(const Plan& plan, const std::vector<Target>& targets);

// One line per cause, in causes() order: "N users on T lose P1, P2 (from
// role 'R'): a@x, b@x, c@x and N-3 more" or "... gain P1 (rule 'R' → group
// 'G' → policy 'P'): ...". T lists up to three targets ("store:1001,
// account"), or "S targets: t1, t2, t3 and S-3 more".
std::vector<std::string> cause_lines(const Plan& plan);

// Every target where the user holds an assignment, has a group granting, or
// a difference: stores in store order, then the account (the account alone
// for a user with none of these).
std::vector<Target> user_targets(const Plan& plan, const UserVerdict& verdict);

// The user's verdict at one target: their unwaived differences there (an
// unverified user is unverified everywhere).
UserStatus verdict_at(const UserVerdict& verdict, Target target);

// The names of the user's groups that grant at `target` (Account
// Administrators at the account), in plan order.
std::vector<std::string> groups_at(const Plan& plan, UserIdx user, Target target);

// How many users have each verdict at one target (user_targets, verdict_at).
struct TargetVerdicts {
  Target target;
  size_t users = 0, equal = 0, gains = 0, losses = 0, gains_and_losses = 0, unverified = 0;
};

// One row per target any user has, in target order (stores, then the
// account), and the number of (user, target) rows in all.
struct VerdictsByTarget {
  std::vector<TargetVerdicts> targets;
  size_t rows = 0;
};
VerdictsByTarget verdicts_by_target(const Plan& plan);

// Groups alike, for outputs that cannot list thousands of groups: the
// instances of one per-store definition, or derived groups granting the same
// policies by the same rules; any other group alone.
struct GroupShape {
  std::string name;  // the definition's name template, or the group's name
  bool derived = false;
  std::vector<uint32_t> groups;  // in plan order
  size_t to_create = 0;
  std::vector<std::string> grants;  // "P1, P2 on store:1001", "P3 on each group's store" (where the groups' targets differ)
  std::vector<std::string> rules;   // every group's, in order of appearance
  size_t members = 0, to_add = 0, unplanned = 0, to_remove = 0;  // summed over the groups
};

// One shape per kind of group, in the order their first group comes.
std::vector<GroupShape> group_shapes(const Plan& plan);

// What fails the Account Administrators check (SPEC 5), one line per finding
// as check-admins prints it and JUnit reports it: "MISSING a@x: reason",
// "UNEXPECTED a@x: ...", "REMOVED a@x: ...", "OVER-GRANTED a@x: reason",
// "IMPOSTOR 'G': reason", "UNVERIFIED 'G': reason", "the group has no active
// member". Plain text: each writer escapes it for its medium.
struct AdminFindings {
  std::vector<std::string> missing, unexpected, removed, over_granted, impostors, unverified_groups, inactive;
};
AdminFindings admin_findings(const Plan& plan);

// "ok      a@x: reason" or "MISSING a@x: reason" for each required member,
// in the check's order.
std::vector<std::string> admin_required_lines(const Plan& plan);

// "unverified: member of 'G', whose grants the audit does not show" for a
// user who cannot be verified; nullopt for any other.
std::optional<std::string> unverified_reason(const Plan& plan, const UserVerdict& verdict);

// Users who cannot be verified, one line each, for the terminal and plan.md:
// "email: unverified: member of 'G', whose grants the audit does not show".
std::vector<std::string> unverified_lines(const Plan& plan);

// The differences one waiver waived.
struct WaiverUse {
  size_t waiver = 0;           // index into RuleSet::waivers
  size_t differences = 0;      // waived (user, target, permission) differences
  std::vector<UserIdx> users;  // in verification order
};

// Every waiver that waived a difference, in waiver order; empty when none did.
std::vector<WaiverUse> waiver_uses(const Plan& plan);

// One line per waiver_uses entry: "rules.yaml:40 waived 3 differences of 2
// users (reason): a@x, b@x".
std::vector<std::string> waiver_lines(const Plan& plan);

// Waivers that matched no difference, one line each: "rules.yaml:40: reason".
std::vector<std::string> unmatched_waiver_lines(const Plan& plan);

// One list of the Account Administrators check (SPEC 5): its label, its
// entries (emails; group names for impostors and unverified groups) and,
// for the lists that give one, each entry's reason.
struct AdminList {
  std::string_view label;            // "missing (would lose account-level access)"
  std::vector<std::string> entries;  // in the check's order
  std::vector<std::string> reasons;  // one per entry when has_reasons, else empty
  bool has_reasons = false;
};

// The check's lists in the order plan.md and report.html show them:
// required, planned, missing, unexpected, removed, over-granted, impostors,
// unverified groups.
std::vector<AdminList> admin_lists(const Plan& plan);

// The label of AdminCheck::active_members.
inline constexpr std::string_view kActiveMembersLabel = "active members after the plan";

}  // namespace rolemig
