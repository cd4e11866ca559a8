// Covers the memberships to add (users x groups) with as few
// addUsersToUserGroups requests as it can. A request adds every user it names
// to every group it names, so each request must be a block of planned pairs
// (adding a user to a group the plan does not give them would be a gain);
// blocks may overlap. Within the caps on users and groups per request.
//
// Small inputs (few distinct group sets) get a minimum cover, found by exact
// search over the intersection-closed candidate blocks; larger ones a greedy
// cover; very large ones the better of "one request per distinct group set"
// and "one request per group".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rolemig {

struct AddBatch {
  std::vector<uint32_t> users;   // sorted
  std::vector<uint32_t> groups;  // sorted
};

struct BatchCaps {
  size_t max_users = 50;
  size_t max_groups = 10;
  size_t mutations_per_request = 1;  // mutations one request carries under aliases
};

// `wanted[u]` is the sorted list of groups user u is to be added to (users
// with none are skipped). Deterministic.
std::vector<AddBatch> cover_additions(const std::vector<std::vector<uint32_t>>& wanted, const BatchCaps& caps);

// Checks that `batches` add exactly the wanted pairs (each at least once, no
// other pair): the contract tests and the pipeline rely on.
bool covers_exactly(const std::vector<std::vector<uint32_t>>& wanted, const std::vector<AddBatch>& batches);

}  // namespace rolemig
