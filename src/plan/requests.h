// The GraphQL requests that would carry out a plan (SPEC 4, requests.jsonl).
// Query texts come from templates (mappings/graphql/<operation>.graphql, or
// <catalog>/graphql/ when present) because the beta schema may change; values
// travel only in variables.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plan/plan.h"

namespace rolemig {

using Templates = std::map<std::string, std::string>;  // operation -> query text

// Loads the four templates from <catalog_dir>/graphql/, falling back to the
// shipped ones. Throws InputError naming a missing template file.
Templates load_templates(const std::string& catalog_dir);

// In the safe order: createUserGroup per group to create, then the
// addUsersToUserGroups batches (batching.h), then one auditUserGroups query
// to verify, and last removeUsersFromUserGroup per group with members to
// remove (--prune; never Account Administrators).
std::vector<Request> build_requests(const Plan& plan, const Templates& templates, const BatchCaps& caps);

}  // namespace rolemig
