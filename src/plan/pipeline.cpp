#include "plan/pipeline.h"

#include <filesystem>
#include <fmt/format.h>

#include "io/catalog_loader.h"
#include "io/rules_loader.h"
#include "io/stores_csv_reader.h"
#include "io/users_reader.h"
#include "mapping/current_merge.h"
#include "mapping/edited_plan.h"
#include "mapping/rule_engine.h"
#include "model/account_builder.h"
#include "io/plan_json_reader.h"
#include "plan/requests.h"
#include "util/file.h"

namespace rolemig {

namespace fs = std::filesystem;


namespace {

// Shipped defaults are recorded by their place in the project, so plan.json
// does not depend on where the project was cloned.
std::string shown_path(const std::string& path, bool is_default) {
  return is_default ? "mappings/" + fs::path(path).filename().string() : path;
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
  p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules);
  p.admins = check_admins(p.account, p.catalog, p.mapping);
  for (auto& step : admin_manual_steps(p.account, p.mapping, p.admins, RemovalCandidates::unplanned)) p.mapping.manual_steps.push_back(std::move(step));
  p.requests = build_requests(p, load_templates(catalog_dir), limits);
  summarize(p);
  check_plan_invariants(p);
}

}  // namespace

void check_plan_invariants(const Plan& p) {
  const auto& v = p.verification;
  if (v.users.size() != p.account.users.size() || v.before.size() != v.users.size() || v.after.size() != v.users.size()) {
    throw InternalError(fmt::format("verification covers {} users, the input has {}", v.users.size(), p.account.users.size()));
  }
  size_t equal = 0, gaining = 0, losing = 0, unverified = 0, waived = 0;
  for (UserIdx u = 0; u < v.users.size(); ++u) {
    const auto& verdict = v.users[u];
    if (verdict.user != u) throw InternalError(fmt::format("verification entry {} is for user {}", u, verdict.user));
    bool gains = false, losses = false;
    for (const auto& d : verdict.gained) {
      if (d.waiver) ++waived;
      else gains = true;
    }
    for (const auto& d : verdict.lost) {
      if (d.waiver) ++waived;
      else losses = true;
    }
    for (uint32_t g : verdict.unknown_grants) {
      if (p.mapping.groups[g].grants_known) throw InternalError(fmt::format("user {} is unverified by a group with known grants", p.account.users[u].email));
    }
    UserStatus expected = verdict_of(!verdict.unknown_grants.empty(), gains, losses);
    if (verdict.status != expected) throw InternalError(fmt::format("user {} has status {} but its differences say {}", p.account.users[u].email,
                                                                    user_status_name(verdict.status), user_status_name(expected)));
    if (expected == UserStatus::unverified) {
      ++unverified;
      continue;
    }
    equal += !gains && !losses;
    gaining += gains;
    losing += losses;
  }
  const Summary& s = p.summary;
  if (s.users != p.account.users.size() || equal != s.users_equal || gaining != s.users_gaining || losing != s.users_losing ||
      unverified != s.users_unverified || waived != s.waived) {
    throw InternalError("summary counts disagree with the verification lists");
  }
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
  if (s.requests != p.requests.size()) throw InternalError("summary.requests disagrees with the requests");
  if (p.admins.pass != p.admins.lists_pass()) {
    throw InternalError("the admin check's status disagrees with its lists");
  }
}

Plan load_inputs(const InputOptions& opts) {
  // Every input is read once (read_input): what is parsed and what is hashed
  // are the same bytes, and a pipe or a FIFO works like a file.
  Plan p;
  const bool default_catalog = !opts.catalog;
  const std::string catalog_dir = opts.catalog.value_or(default_catalog_dir());
  {
    CatalogSources src = read_catalog_dir(catalog_dir);
    for (const auto& [name, sha256] : {std::pair{"permissions.yaml", &src.permissions_sha256}, std::pair{"roles.yaml", &src.roles_sha256},
                                       std::pair{"policies.yaml", &src.policies_sha256}}) {
      p.inputs.push_back({"catalog", shown_path((fs::path(catalog_dir) / name).string(), default_catalog), *sha256});
    }
    p.catalog = load_catalog(src);
  }
  if (opts.roles) {
    InputBytes in = read_input(*opts.roles, kDefinitionLimit);
    load_custom_roles(p.catalog, in.bytes, *opts.roles);
    p.inputs.push_back({"roles", *opts.roles, std::move(in.sha256)});
  }
  // Default rules: the catalog's own rules.yaml, else the shipped one.
  std::string rules_path = (fs::path(catalog_dir) / "rules.yaml").string();
  bool shipped_rules = default_catalog;
  if (!fs::exists(rules_path)) {
    rules_path = (fs::path(default_catalog_dir()) / "rules.yaml").string();
    shipped_rules = true;
  }
  if (opts.rules) rules_path = *opts.rules;
  if (opts.rules || opts.rules_needed == RulesNeeded::yes) {
    InputBytes in = read_input(rules_path, kDefinitionLimit);
    p.rules = load_rules(p.catalog, in.bytes, rules_path);
    p.inputs.push_back({"rules", shown_path(rules_path, !opts.rules && shipped_rules), std::move(in.sha256)});
  }

  AccountBuilder builder(p.catalog);
  if (opts.stores) p.inputs.push_back({"stores", *opts.stores, read_stores_file(*opts.stores, builder)});
  if (opts.users.empty()) {
    throw InputError(Diagnostic{SourceLoc{"rolemig", 0, 0}, "expected at least one --users FILE, found none", "", ""});
  }
  for (const auto& u : opts.users) p.inputs.push_back({"users", u, read_users_file(u, p.catalog, builder)});
  for (const auto& g : p.rules.groups) {
    for (const auto& grant : g.grants)
      if (grant.kind == GrantDef::Kind::fixed_store) builder.touch_store(grant.store_id);
  }
  p.account = builder.finish();
  // Read once: it names the fields of --current and of expected_state.json.
  p.audit_fields = load_audit_fields(catalog_dir);
  if (!opts.current.empty()) {
    for (const auto& c : opts.current) p.inputs.push_back({"current", c, read_current_state_file(c, p.audit_fields, p.current)});
    // Live members the exports do not know have no legacy access: whatever
    // they hold is a gain.
    add_users_without_access(p.account, unknown_current_members(p.account, p.current));
  }
  return p;
}

void build_plan(Plan& p, const std::string& catalog_dir, const PlanSettings& settings) {
  p.mapping = apply_rules(p.catalog, p.account, p.rules);
  if (p.current.empty()) plan_without_current(p.mapping);
  else merge_current_state(p.mapping, p.account, p.catalog, p.current, settings.prune ? Prune::yes : Prune::no);
  finish(p, catalog_dir, settings.limits);
}

void verify_current_state(Plan& p) {
  p.mapping = mapping_from_current(p.account, p.catalog, p.current);
  p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules);
  p.admins = check_admins(p.account, p.catalog, p.mapping);
  for (auto& step : admin_manual_steps(p.account, p.mapping, p.admins, RemovalCandidates::all_live)) p.mapping.manual_steps.push_back(std::move(step));
  p.requests.clear();  // nothing to send: the live state is what it is
  summarize(p);
  check_plan_invariants(p);
}

void verify_plan_file(Plan& p, const std::string& plan_json_path, const std::string& catalog_dir) {
  InputBytes in = read_input(plan_json_path, kExportLimit);
  p.mapping = read_plan_groups(in.bytes, plan_json_path, p.catalog, p.account);
  credit_rules(p.mapping, apply_rules(p.catalog, p.account, p.rules));
  p.inputs.push_back({"plan", plan_json_path, std::move(in.sha256)});
  p.verification = verify_access(p.account, p.catalog, p.mapping, p.rules);
  p.admins = check_admins(p.account, p.catalog, p.mapping);
  plan_without_current(p.mapping);
  p.requests = build_requests(p, load_templates(catalog_dir), BatchCaps{});
  summarize(p);
  check_plan_invariants(p);
}

}  // namespace rolemig
