// The library's entry point for `rolemig suggest` (SPEC 6): plans the inputs
// with the given (or shipped) rules for comparison, designs the groups
// (design/), and proves the drafted rules on the same inputs: nobody gains
// (but what Account Administrators grants account admins), and nobody loses
// anything the design's decisions do not list.
#pragma once

#include <string>

#include "design/group_design.h"
#include "plan/pipeline.h"

namespace rolemig {

struct SuggestSettings {
  DesignSettings design;
  // GraphQL mutations one request carries under aliases (1: one per request).
  size_t mutations_per_request = 1;
};

// What a migration pays (SPEC 4's requests, at kRequestsPerHour).
struct Costs {
  size_t groups = 0, groups_to_create = 0, memberships = 0, users_gaining = 0, users_losing = 0, users_unverified = 0, waived = 0;
  bool admins_pass = true;
  size_t requests = 0, minutes = 0;                  // one mutation per request
  size_t batched_requests = 0, batched_minutes = 0;  // mutations_per_request per request
};

struct Suggestion {
  SuggestSettings settings;
  std::string catalog_dir;  // where the drafted rules' defaults come from (graphql/)
  Plan baseline;            // the inputs planned with --rules, or the shipped rules
  Design design;
  // The same inputs planned with the drafted rules (prove_drafted_rules),
  // against the live account when there is one (--current): live groups
  // keep what they grant, so the live state may add differences of its own.
  Plan drafted;
  Costs baseline_costs, drafted_costs;
  // On a fresh account (the proof): users who lose something, every loss a
  // decision's; account admins who gain what Account Administrators grants
  // beyond their role (the catalog's doing, not the design's).
  size_t users_losing = 0, admins_gaining = 0;

  // 0 when there is no decision and the drafted plan is equal for everyone
  // with the Account Administrators checks passing; else 1 (SPEC 3).
  int exit_status() const;
};

// Plans `loaded` (load_inputs) with its rules for comparison and designs the
// groups. `catalog_dir` as build_plan takes it.
Suggestion suggest_groups(Plan loaded, const std::string& catalog_dir, const SuggestSettings& settings);

// Plans the same inputs with `rules_text` (rules.yaml as drafted from
// s.design) on a fresh account and checks it: throws InternalError naming
// the first user who gains anything or loses what no decision lists. Throws
// InputError if the text is not rules plan accepts (a rolemig bug too). Then
// fills s.drafted and its costs (against the live account, if any).
void prove_drafted_rules(Suggestion& s, const std::string& rules_text);

Costs costs_of(const Plan& p, size_t mutations_per_request);

}  // namespace rolemig
