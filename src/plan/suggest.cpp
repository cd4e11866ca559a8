#include "plan/suggest.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "plan/input_stages.h"
#include "util/error.h"

namespace rolemig {

namespace {

size_t per_request(size_t mutations, size_t k) { return (mutations + k - 1) / k; }

size_t minutes_for(size_t requests) { return (requests * 60 + kRequestsPerHour - 1) / kRequestsPerHour; }

// The decision that lists loss `d` of user `u`, if any.
bool listed(const Design& design, UserIdx u, const Difference& d, const Catalog& cat) {
  Scope scope = d.target.is_account() ? Scope::account : Scope::store;
  if (cat.permissions[d.perm].scope != scope) return false;
  for (const Decision& dec : design.decisions) {
    if (dec.scope != scope || !dec.fit.lost.test(d.perm)) continue;
    if (!std::binary_search(dec.users.begin(), dec.users.end(), u)) continue;
    if (scope == Scope::store && !std::binary_search(dec.stores.begin(), dec.stores.end(), d.target.store_idx())) continue;
    return true;
  }
  return false;
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
  RuleSet rules = load_rules_stage(stage, Source::memory("rules.yaml", rules_text)).rules;
  // The proof is of the design: on a fresh account, where nothing but the
  // drafted rules gives access.
  Plan proof = drafted_plan(s, rules, WithCurrent::no);
  s.users_losing_by_decision = 0;
  for (const UserVerdict& v : proof.verification.users) {
    if (!v.gained.empty()) throw InternalError(difference_text(proof, v.user, v.gained.front(), "gain"));
    for (const Difference& d : v.lost)
      if (!listed(s.design, v.user, d, proof.catalog)) throw InternalError(difference_text(proof, v.user, d, "lose"));
    s.users_losing_by_decision += !v.lost.empty();
  }
  s.drafted = s.baseline.current.empty() ? std::move(proof) : drafted_plan(s, rules, WithCurrent::yes);
  s.drafted_costs = costs_of(s.drafted, s.settings.mutations_per_request);
}

int Suggestion::exit_status() const { return design.decisions.empty() ? drafted.exit_status() : 1; }

}  // namespace rolemig
