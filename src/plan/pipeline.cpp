#include "plan/pipeline.h"

#include <fmt/format.h>

#include <algorithm>

#include "io/plan_json_reader.h"
#include "io/templates.h"
#include "mapping/current_merge.h"
#include "mapping/edited_plan.h"
#include "mapping/rule_engine.h"
#include "plan/input_stages.h"
#include "plan/requests.h"
#include "util/file.h"
#include "util/parallel.h"
#include "util/text.h"

namespace rolemig {

namespace {

std::optional<Source> given(const std::optional<std::string>& path) { return path ? std::optional(Source::file(*path)) : std::nullopt; }

// Stages 1-4 into `p`, but the account is left open: members another input
// names join it before it is finished (AccountStage).
struct OpenInputs {
  AccountBuilder account;  // refers to p.catalog
  std::string catalog_dir;
};
OpenInputs load_stages(Plan& p, const InputOptions& opts) {
  CatalogStage catalog = load_catalog_stage(opts.catalog);
  if (opts.roles) load_custom_roles_stage(catalog, Source::file(*opts.roles));
  RulesStage rules = load_rules_stage(catalog, given(opts.rules), opts.rules_needed);
  p.catalog = std::move(catalog.catalog);
  p.rules = std::move(rules.rules);
  AccountStage account = load_account_stage(p.catalog, p.rules, AccountSources{given(opts.stores), files(opts.users)});
  CurrentStage current = load_current_stage(catalog.dir, files(opts.current));
  add_live_members(account.builder, current.groups);
  p.audit_fields = std::move(current.audit_fields);
  p.current = std::move(current.groups);
  for (auto* inputs : {&catalog.inputs, &rules.inputs, &account.inputs, &current.inputs}) {
    p.inputs.insert(p.inputs.end(), inputs->begin(), inputs->end());
  }
  return OpenInputs{std::move(account.builder), catalog.dir};
}

void summarize(Plan& p) {
  Summary& s = p.summary;
  s.users = p.account.users.size();
  s.assignments = p.account.assignments.size();
  s.duplicate_rows = p.account.duplicate_rows;
  std::vector<bool> store_used(p.account.stores.size(), false);
  for (const auto& a : p.account.assignments) store_used[a.store] = true;
  s.stores = static_cast<size_t>(std::count(store_used.begin(), store_used.end(), true));
  s.groups = p.mapping.groups.size();
  s.groups_to_create = 0;
  s.memberships = 0;
  s.memberships_to_remove = 0;
  for (const auto& g : p.mapping.groups) {
    s.groups_to_create += g.action == GroupAction::create;
    s.memberships += g.to_add.size();
    s.memberships_to_remove += g.to_remove.size();
  }
  s.users_equal = p.verification.users_equal;
  s.users_gaining = p.verification.users_gaining;
  s.users_losing = p.verification.users_losing;
  s.users_unverified = p.verification.users_unverified;
  s.waived = p.verification.waived;
  s.requests = p.requests.size();
  s.estimated_minutes = (s.requests * 60 + kRequestsPerHour - 1) / kRequestsPerHour;
}

void finish(Plan& p, const std::string& catalog_dir, const BatchCaps& limits) {
  // Verification and the admins check with the requests read the account and
  // the groups; they write apart (verification; admins, manual steps,
  // requests), so they share the two cores.
  run_both([&] { p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules); },
           [&] {
             p.admins = check_admins(p.account, p.catalog, p.mapping);
             for (auto& step : admin_manual_steps(p.account, p.mapping, p.admins, RemovalCandidates::unplanned))
               p.mapping.manual_steps.push_back(std::move(step));
             p.requests = build_requests(p, load_templates(catalog_dir), limits);
           });
  summarize(p);
  check_plan_invariants(p);
}

}  // namespace

namespace {

struct VerdictCounts {
  size_t equal = 0, gaining = 0, losing = 0, unverified = 0, waived = 0;
};

// Counts the verdicts, checking each status against its differences.
VerdictCounts count_verdicts(const Plan& p) {
  const auto& v = p.verification;
  VerdictCounts n;
  for (UserIdx u = 0; u < v.users.size(); ++u) {
    const auto& verdict = v.users[u];
    if (verdict.user != u) throw InternalError(fmt::format("verification entry {} is for user {}", u, verdict.user));
    bool gains = false, losses = false;
    for (const auto& d : verdict.gained) {
      if (d.waiver)
        ++n.waived;
      else
        gains = true;
    }
    for (const auto& d : verdict.lost) {
      if (d.waiver)
        ++n.waived;
      else
        losses = true;
    }
    for (uint32_t g : verdict.unknown_grants) {
      if (p.mapping.groups[g].grants_known)
        throw InternalError(fmt::format("user {} is unverified by a group with known grants", p.account.users[u].email));
    }
    UserStatus expected = verdict_of(!verdict.unknown_grants.empty(), gains, losses);
    if (verdict.status != expected)
      throw InternalError(fmt::format("user {} has status {} but its differences say {}", p.account.users[u].email, user_status_name(verdict.status),
                                      user_status_name(expected)));
    if (expected == UserStatus::unverified) {
      ++n.unverified;
      continue;
    }
    n.equal += !gains && !losses;
    n.gaining += gains;
    n.losing += losses;
  }
  return n;
}

void check_group_counts(const Plan& p) {
  const Summary& s = p.summary;
  size_t members = 0, to_add = 0, to_create = 0;
  for (const auto& g : p.mapping.groups) {
    members += g.members.size();
    to_add += g.to_add.size();
    to_create += g.action == GroupAction::create;
  }
  if (to_add != s.memberships || members != p.mapping.memberships.size()) {
    throw InternalError("summary.memberships disagrees with the groups");
  }
  if (s.groups != p.mapping.groups.size() || s.groups_to_create != to_create) throw InternalError("summary.groups disagrees with the groups");
}

}  // namespace

void check_plan_invariants(const Plan& p) {
  const auto& v = p.verification;
  if (v.users.size() != p.account.users.size() || v.before.size() != v.users.size() || v.after.size() != v.users.size()) {
    throw InternalError(fmt::format("verification covers {} users, the input has {}", v.users.size(), p.account.users.size()));
  }
  const VerdictCounts n = count_verdicts(p);
  const Summary& s = p.summary;
  if (s.users != p.account.users.size() || n.equal != s.users_equal || n.gaining != s.users_gaining || n.losing != s.users_losing ||
      n.unverified != s.users_unverified || n.waived != s.waived) {
    throw InternalError("summary counts disagree with the verification lists");
  }
  check_group_counts(p);
  if (s.requests != p.requests.size()) throw InternalError("summary.requests disagrees with the requests");
  if (p.admins.pass != p.admins.lists_pass()) {
    throw InternalError("the admin check's status disagrees with its lists");
  }
}

Plan load_inputs(const InputOptions& opts) {
  Plan p;
  OpenInputs open = load_stages(p, opts);
  p.account = open.account.finish();
  return p;
}

void build_plan(Plan& p, const std::string& catalog_dir, const PlanSettings& settings) {
  p.mapping = apply_rules(p.catalog, p.account, p.rules);
  if (p.current.empty())
    plan_without_current(p.mapping);
  else
    merge_current_state(p.mapping, p.account, p.catalog, p.current, settings.prune ? Prune::yes : Prune::no);
  finish(p, catalog_dir, settings.limits);
}

void verify_current_state(Plan& p) {
  p.mapping = mapping_from_current(p.account, p.catalog, p.current);
  p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules);
  p.admins = check_admins(p.account, p.catalog, p.mapping);
  for (auto& step : admin_manual_steps(p.account, p.mapping, p.admins, RemovalCandidates::all_live))
    p.mapping.manual_steps.push_back(std::move(step));
  p.requests.clear();  // nothing to send: the live state is what it is
  summarize(p);
  check_plan_invariants(p);
}

namespace {

std::vector<Diagnostic> changed_inputs(const RecordedInputs& recorded, const std::vector<InputRecord>& now) {
  // --current is not an input of verify --plan, and the plan is not its own.
  auto compared = [](const std::string& kind) { return kind != "plan" && kind != "current"; };
  std::vector<Diagnostic> out;
  auto warn = [&](Diagnostic at, std::string message) {
    at.message = std::move(message);
    out.push_back(std::move(at));
  };
  if (!recorded.listed) {
    warn(recorded.at,
         "expected the plan to list its inputs, found no 'inputs' list: rolemig cannot tell whether the inputs given now are those the plan was made "
         "from");
    return out;
  }
  std::vector<bool> matched(now.size(), false);
  for (const RecordedInput& r : recorded.inputs) {
    if (!compared(r.kind)) continue;
    auto it = std::find_if(now.begin(), now.end(), [&](const InputRecord& n) {
      return !matched[static_cast<size_t>(&n - now.data())] && n.kind == r.kind && n.path == r.path;
    });
    if (it == now.end()) {
      warn(r.at, fmt::format("the plan was made from {} {} (sha256 {}), which is not given now", r.kind, quote(r.path), r.sha256));
      continue;
    }
    matched[static_cast<size_t>(it - now.begin())] = true;
    if (it->sha256 != r.sha256) {
      warn(r.at, fmt::format("{} {} differs from the input the plan was made from (sha256 {} recorded, {} now)", r.kind, quote(r.path), r.sha256,
                             it->sha256));
    }
  }
  for (size_t i = 0; i < now.size(); ++i) {
    if (matched[i] || !compared(now[i].kind)) continue;
    warn(recorded.at,
         fmt::format("{} {} is given now, but the plan was not made from it (sha256 {} now)", now[i].kind, quote(now[i].path), now[i].sha256));
  }
  return out;
}

}  // namespace

Plan verify_plan_file(const InputOptions& opts, const std::string& plan_json_path) {
  Plan p;
  OpenInputs open = load_stages(p, opts);
  InputBytes in = read_input(plan_json_path, kExportLimit);
  PlanJsonReader plan(in.bytes, plan_json_path);
  for (const auto& email : plan.members()) open.account.touch_user(email);
  p.account = open.account.finish();
  p.mapping = plan.groups(p.catalog, p.account);
  credit_rules(p.mapping, apply_rules(p.catalog, p.account, p.rules));
  p.warnings = changed_inputs(plan.recorded_inputs(), p.inputs);
  p.inputs.push_back({"plan", plan_json_path, std::move(in.sha256)});
  p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules);
  p.admins = check_admins(p.account, p.catalog, p.mapping);
  plan_without_current(p.mapping);
  p.requests = build_requests(p, load_templates(open.catalog_dir), BatchCaps{});
  summarize(p);
  check_plan_invariants(p);
  return p;
}

LintRun lint_inputs(const InputOptions& opts) {
  CatalogStage catalog = load_catalog_stage(opts.catalog);
  if (opts.roles) load_custom_roles_stage(catalog, Source::file(*opts.roles));
  RulesStage rules = load_rules_stage(catalog, given(opts.rules));
  const Catalog& cat = catalog.catalog;
  if (opts.users.empty()) {
    std::optional<std::vector<std::string>> ids;
    if (opts.stores) ids = load_store_ids(cat, Source::file(*opts.stores));
    return LintRun{LintReport{lint_rules(cat, rules.rules, ids), std::nullopt}, {}};
  }
  AccountStage stage = load_account_stage(cat, rules.rules, AccountSources{given(opts.stores), files(opts.users)});
  Account account = stage.builder.finish();
  std::vector<std::string> ids;
  for (const Store& s : account.stores) ids.push_back(s.id);
  LintRun run{lint_against_account(cat, rules.rules, account, stage.listed_stores, opts.stores.value_or("")), std::move(account.warnings)};
  std::vector<LintFinding> statics = lint_rules(cat, rules.rules, ids);
  run.report.findings.insert(run.report.findings.end(), statics.begin(), statics.end());
  sort_findings(run.report.findings);
  return run;
}

}  // namespace rolemig
