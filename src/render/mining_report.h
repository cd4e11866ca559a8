// What `rolemig suggest --pairs` prints: the matrix read and the roles found
// (SPEC 6), as text or as one JSON object.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "mining/role_miner.h"

namespace rolemig {

struct MiningReport {
  std::string file;  // as given on the command line
  size_t users = 0, permissions = 0, assignments = 0;
  const mining::Decomposition* result = nullptr;  // its `seconds` is printed as is: tests set it
};

// "FILE: N users, N permissions, N assignments" then
// "roles N, lower bound N, optimal yes|no, verified yes|no, 0.012 s".
void write_mining_text(const MiningReport& r, std::ostream& out);
// {"file", "users", "permissions", "assignments", "roles", "lower_bound",
// "optimal", "verified", "seconds"} and a newline.
void write_mining_json(const MiningReport& r, std::ostream& out);

}  // namespace rolemig
