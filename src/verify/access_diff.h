// Compares two access snapshots user by user (`rolemig diff`).
#pragma once

#include <string>
#include <vector>

#include "model/access_snapshot.h"

namespace rolemig {

struct UserAccessDiff {
  std::string email;
  std::vector<std::pair<std::string, std::string>> gained;  // (target, permission), sorted
  std::vector<std::pair<std::string, std::string>> lost;
};

// Users whose access differs, by email.
std::vector<UserAccessDiff> diff_access(const AccessSnapshot& before, const AccessSnapshot& after);

}  // namespace rolemig
