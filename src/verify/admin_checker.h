// The Account Administrators checks (SPEC 5): every holder of an
// account_admin role, and every live member (--current) holding an
// account_admin role or an account-scope permission, must be a member after
// the plan; nobody else may be; no live member may be left out by the rules
// (`removed`: rolemig never takes anyone out of the group, so the rules must
// account for them); and the group must keep an active member.
#pragma once

#include <string>
#include <vector>

#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

struct AdminRequirement {
  UserIdx user;
  std::string reason;
};

struct AdminCheck {
  std::string group;
  std::vector<AdminRequirement> required;  // by user
  std::vector<UserIdx> planned, missing, unexpected, removed;
  size_t active_members = 0;
  bool pass = true;
};

AdminCheck check_admins(const Account& acc, const Catalog& cat, const Mapping& m);

}  // namespace rolemig
