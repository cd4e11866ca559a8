#include "plan/suggest.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "io/templates.h"
#include "plan/input_stages.h"
#include "util/error.h"

namespace rolemig {

namespace {

size_t per_request(size_t mutations, size_t k) { return (mutations + k - 1) / k; }

size_t minutes_for(size_t requests) { return (requests * 60 + kRequestsPerHour - 1) / kRequestsPerHour; }

// The decisions naming each user, so that a loss is looked up among the
// user's own.
using DecisionsByUser = std::unordered_map<UserIdx, std::vector<const Decision*>>;

DecisionsByUser decisions_by_user(const Design& design) {
  DecisionsByUser out;
  for (const Decision& d : design.decisions)
    for (UserIdx u : d.users) out[u].push_back(&d);
  return out;
}

// Whether a decision lists loss `d` of user `u`: of its scope, of a
// permission it loses, where the user holds it (at a store, that store).
bool listed(const DecisionsByUser& by_user, UserIdx u, const Difference& d) {
  auto it = by_user.find(u);
  if (it == by_user.end()) return false;
  const Scope scope = d.target.is_account() ? Scope::account : Scope::store;
  for (const Decision* dec : it->second) {
    if (dec->scope != scope || !dec->fit.lost.test(d.perm)) continue;
    if (scope == Scope::account) return true;
    if (std::binary_search(dec->holders.begin(), dec->holders.end(), std::pair<UserIdx, StoreIdx>{u, d.target.store_idx()})) return true;
  }
  return false;
}

// A gain Account Administrators grants: the catalog's, not the design's
// (SPEC 5 puts every account admin there, whatever it grants).
bool through_admins(const Difference& d) {
  return !d.granted_by.empty() && std::all_of(d.granted_by.begin(), d.granted_by.end(), [](const GainSource& g) { return !g.policy; });
}

std::string difference_text(const Plan& p, UserIdx u, const Difference& d, std::string_view what) {
  return fmt::format("the drafted rules make {} {} {} at {}", p.account.users[u].email, what, p.catalog.permissions[d.perm].id,
                     p.account.target_name(d.target));
}

}  // namespace

Costs costs_of(const Plan& p, size_t mutations_per_request) {
  Costs c;
  const Summary& s = p.summary;
  c.groups = s.groups;
  c.groups_to_create = s.groups_to_create;
  c.memberships = s.memberships;
  c.users_gaining = s.users_gaining;
  c.users_losing = s.users_losing;
  c.users_unverified = s.users_unverified;
  c.waived = s.waived;
  c.admins_pass = p.admins.pass;
  c.requests = s.requests;
  c.minutes = s.estimated_minutes;
  std::map<std::string, size_t> by_operation;
  for (const Request& r : p.requests) ++by_operation[r.operation];
  for (const auto& [op, n] : by_operation) c.batched_requests += op == "auditUserGroups" ? n : per_request(n, mutations_per_request);
  c.batched_minutes = minutes_for(c.batched_requests);
  return c;
}

Suggestion suggest_groups(Plan loaded, const std::string& catalog_dir, const SuggestSettings& settings) {
  Suggestion s;
  s.settings = settings;
  s.catalog_dir = catalog_dir;
  s.baseline = std::move(loaded);
  if (settings.mutations_per_request > 1) {
    // The batched estimate holds only if plan can batch: the same check.
    const Templates templates = load_templates(catalog_dir);
    for (const char* op : {"createUserGroup", "addUsersToUserGroups", "removeUsersFromUserGroup"}) batched_query(templates, op, 2);
  }
  build_plan(s.baseline, catalog_dir);
  s.baseline_costs = costs_of(s.baseline, settings.mutations_per_request);
  s.design = design_groups(s.baseline.catalog, s.baseline.account, settings.design);
  return s;
}

namespace {

enum class WithCurrent { yes, no };

// The baseline's inputs planned with `rules`; with the live state or not.
Plan drafted_plan(const Suggestion& s, const RuleSet& rules, WithCurrent current) {
  const Plan& base = s.baseline;
  Plan p;
  p.rules = rules;
  p.catalog = base.catalog;
  p.account = base.account;
  p.audit_fields = base.audit_fields;
  if (current == WithCurrent::yes) p.current = base.current;
  for (const InputRecord& r : base.inputs)
    if (r.kind != "rules" && (current == WithCurrent::yes || r.kind != "current")) p.inputs.push_back(r);
  build_plan(p, s.catalog_dir);
  return p;
}

}  // namespace

void prove_drafted_rules(Suggestion& s, const std::string& rules_text) {
  CatalogStage stage{s.baseline.catalog, s.catalog_dir, false, {}};
  RuleSet rules;
  try {
    rules = load_rules_stage(stage, Source::memory("rules.yaml", rules_text)).rules;
  } catch (const InputError& e) {
    throw InternalError("the drafted rules are not rules plan accepts: " + e.diagnostics().front().message);
  }
  // The proof is of the design: on a fresh account, where nothing but the
  // drafted rules gives access.
  Plan proof = drafted_plan(s, rules, WithCurrent::no);
  const DecisionsByUser by_user = decisions_by_user(s.design);
  s.users_losing = s.admins_gaining = 0;
  for (const UserVerdict& v : proof.verification.users) {
    for (const Difference& d : v.gained)
      if (!through_admins(d)) throw InternalError(difference_text(proof, v.user, d, "gain"));
    s.admins_gaining += !v.gained.empty();
    for (const Difference& d : v.lost)
      if (!listed(by_user, v.user, d)) throw InternalError(difference_text(proof, v.user, d, "lose"));
    s.users_losing += !v.lost.empty();
  }
  s.drafted = s.baseline.current.empty() ? std::move(proof) : drafted_plan(s, rules, WithCurrent::yes);
  s.drafted_costs = costs_of(s.drafted, s.settings.mutations_per_request);
}

int Suggestion::exit_status() const { return design.decisions.empty() ? drafted.exit_status() : 1; }

}  // namespace rolemig
