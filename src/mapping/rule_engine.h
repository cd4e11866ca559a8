// Applies the rules to every assignment (SPEC 2.5): union of every matching
// rule's groups until a `final` rule, per-store and account group instances
// with rendered names, and derived groups for residual permissions.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "mapping/rule_match.h"  // rule_matches
#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"
#include "model/rules.h"

namespace rolemig {

// Throws InputError when two group definitions render the same name, or a
// grant names a store the account does not have.
Mapping apply_rules(const Catalog& catalog, const Account& account, const RuleSet& rules);

// What one rule made of one assignment.
enum class RuleOutcome {
  matched,
  failed,       // a key of its match did not hold
  not_reached,  // an earlier matching `final` rule stopped the evaluation
};

struct RuleTrace {
  size_t rule = 0;  // index into RuleSet::rules (name and source location there)
  RuleOutcome outcome = RuleOutcome::not_reached;
  std::optional<MatchKey> failed_key;  // outcome failed: the first key that did not hold
  friend bool operator==(const RuleTrace&, const RuleTrace&) = default;
};

// How the rules decided one assignment, as the plan decides it (the same code
// runs for both). Names and clashes are not checked here: apply_rules does.
struct AssignmentTrace {
  std::vector<RuleTrace> rules;       // every rule of the set, in order
  std::optional<size_t> stopped_by;   // the matching `final` rule that ended the evaluation
  std::optional<size_t> derive_rule;  // the first matching derive rule; nullopt: no residual
  PermSet residual;                   // what the explicit groups leave; empty without a derive rule
  // The derived group's grants covering the residual, store policies before
  // account ones, each sorted by name; empty: no derived group (nothing fits).
  std::vector<Grant> cover;
};

// The rules' decision for account.assignments[assignment] (InternalError
// when there is no such assignment).
AssignmentTrace trace_assignment(const Catalog& catalog, const Account& account, const RuleSet& rules, size_t assignment);

// The rules' decision for every assignment in order, one engine for all (as
// `lint` counts them): `visit(assignment, trace)` per assignment. The traces
// leave `cover` empty: finding a cover is the costly part, and what falls to
// derive is the residual.
void trace_assignments(const Catalog& catalog, const Account& account, const RuleSet& rules,
                       const std::function<void(size_t, const AssignmentTrace&)>& visit);

// Renders {store.id} {store.name} {store.region} (and {role} when given).
std::string render_template(std::string_view tmpl, const Store* store, std::string_view role = {});

}  // namespace rolemig
