// The library's entry points: load every input (read -> resolve), then map,
// verify and assemble a Plan. The CLI calls these and nothing deeper.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/catalog_loader.h"  // default_catalog_dir
#include "plan/input_stages.h"  // RulesNeeded
#include "plan/plan.h"
#include "verify/rules_lint.h"

namespace rolemig {

struct InputOptions {
  std::vector<std::string> users;
  std::optional<std::string> stores;
  std::optional<std::string> roles;
  std::optional<std::string> rules;             // default: <catalog>/rules.yaml, else the shipped one
  std::optional<std::string> catalog;           // default: the shipped mappings/
  std::vector<std::string> current;             // group-audit responses (--current)
  RulesNeeded rules_needed = RulesNeeded::yes;  // only_if_given: no default rules are read (check-admins)
};

struct PlanSettings {
  bool prune = false;  // remove live memberships the plan does not have
  BatchCaps limits;
};

// Reads and resolves every input: the four stages of input_stages.h in
// order. Live members the exports do not know join the account as users with
// no legacy access. Throws InputError on any problem.
Plan load_inputs(const InputOptions& opts);

// Maps, verifies and checks a loaded plan; fills groups, verification,
// admins, requests and summary. Throws InternalError if an invariant breaks.
void build_plan(Plan& plan, const std::string& catalog_dir, const PlanSettings& settings = {});

// Verification of the live account: the groups of --current against the
// legacy inputs (after the plan was applied).
void verify_current_state(Plan& plan);

// Checks that the plan agrees with itself before anything is written: every
// input user is verified, summary counts equal the lists they count.
// Throws InternalError naming the first broken invariant.
void check_plan_invariants(const Plan& plan);

// Verification of a plan.json (perhaps edited by a reviewer) against the
// legacy inputs (loaded as load_inputs does): the mapping is the file's
// groups; its members the exports do not know join the account before it is
// finished, as users with no legacy access. A membership the rules do not
// produce is credited to "(edited plan)". An input whose sha256 differs from
// the one the plan records (matched by kind and path), one the plan records
// that is not given now and one given now that it does not record are each a
// warning in Plan::warnings, at the plan's `inputs` entry (or list).
Plan verify_plan_file(const InputOptions& opts, const std::string& plan_json_path);

// `lint` (SPEC 3): the catalog and rules stages alone, or with --users the
// account too (rules and waivers are then also checked against it); --stores
// without an export gives the store ids that store globs must match.
// Throws InputError on any problem in the inputs.
struct LintRun {
  LintReport report;
  std::vector<Diagnostic> warnings;  // the export's (merged rows, ...)
};
LintRun lint_inputs(const InputOptions& opts);

}  // namespace rolemig
