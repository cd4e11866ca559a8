// The GraphQL requests that would carry out a plan (SPEC 4, requests.jsonl).
// Query texts come from templates (io/templates.h) because the beta schema
// may change; values travel only in variables.
#pragma once

#include <string>
#include <vector>

#include "io/templates.h"
#include "plan/plan.h"

namespace rolemig {

// In the safe order: createUserGroup per group to create, then the
// addUsersToUserGroups batches (batching.h), then one auditUserGroups query
// to verify, and last removeUsersFromUserGroup per group with members to
// remove (--prune; never Account Administrators).
std::vector<Request> build_requests(const Plan& plan, const Templates& templates, const BatchCaps& caps);

}  // namespace rolemig
