// The whole result of a run, from which every output is rendered. Computing
// (pipeline.cpp) and rendering (the *_writer files) are separate steps.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"
#include "model/rules.h"
#include "verify/access_verifier.h"
#include "io/current_state_reader.h"
#include "plan/batching.h"
#include "verify/admin_checker.h"

namespace rolemig {

struct InputRecord {
  std::string kind;  // users, stores, roles, rules, catalog
  std::string path;  // as given on the command line; shipped defaults as "mappings/<file>"
  std::string sha256;
};

struct Summary {
  size_t users = 0, assignments = 0, duplicate_rows = 0, stores = 0, groups = 0, groups_to_create = 0, memberships = 0, users_equal = 0,
         users_gaining = 0, users_losing = 0, users_unverified = 0, waived = 0, requests = 0, memberships_to_remove = 0, estimated_minutes = 0;
};

// The Account API allows 70 requests an hour across /accounts/*.
inline constexpr size_t kRequestsPerHour = 70;

// What each request carries in its variables, as indices into the plan;
// the requests.jsonl writer spells them out (render/requests_jsonl_writer.h).
struct CreateGroup {  // createUserGroup: the group's name, description and grants
  uint32_t group;
};
struct AddUsers {  // addUsersToUserGroups: every user into every group
  std::vector<UserIdx> users;
  std::vector<uint32_t> groups;
};
struct AuditGroups {  // auditUserGroups: the first page of groups
  size_t first;
};
struct RemoveUsers {  // removeUsersFromUserGroup
  std::vector<UserIdx> users;
  uint32_t group;
};
using RequestVariables = std::variant<CreateGroup, AddUsers, AuditGroups, RemoveUsers>;

// One request: one mutation, or with BatchCaps::mutations_per_request K up
// to K mutations of one operation under aliases (io/templates.h,
// batched_query); the audit is always alone.
struct Request {
  std::string operation;  // the GraphQL operation, also its template's name
  std::string query;
  std::vector<RequestVariables> mutations;  // one per alias; one without batching
};

struct Plan {
  std::vector<InputRecord> inputs;
  Catalog catalog;
  RuleSet rules;
  Account account;
  AuditFields audit_fields;           // the audit's field names (graphql/audit_fields.yaml)
  std::vector<CurrentGroup> current;  // --current, when given
  Mapping mapping;
  Verification verification;
  AdminCheck admins;
  std::vector<Request> requests;
  Summary summary;
  // Warnings of the run beyond the account's: verify --plan's inputs that
  // differ from those the plan records.
  std::vector<Diagnostic> warnings;

  // SPEC 3: 0 equal and admins pass, 1 otherwise (a user who cannot be
  // verified is never equal).
  int exit_status() const { return (summary.users_gaining || summary.users_losing || summary.users_unverified || !admins.pass) ? 1 : 0; }
};

}  // namespace rolemig
