#include "verify/admin_checker.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {
const char* kPolicies = "policies:\n  - {name: P-AB, target: store, permissions: [A, B]}\n";

std::vector<std::string> emails(const Account& acc, const std::vector<UserIdx>& us) {
  std::vector<std::string> out;
  for (UserIdx u : us) out.push_back(acc.users[u].email);
  return out;
}
}  // namespace

TEST(AdminChecker, OwnersRequiredOthersUnexpected) {
  Catalog cat = tiny_catalog(kPolicies);
  // The rule forgets owners and puts every AB holder in Account Administrators.
  RuleSet rs = rules_from(cat, R"(version: 1
rules:
  - {name: wrong, match: {role: AB}, groups: [account-administrators]}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,status\n"
                                 "owner@x.com,1,Owner,active\n"
                                 "owner@x.com,2,Owner,active\n"
                                 "clerk@x.com,1,AB,active\n");
  Mapping m = apply_rules(cat, acc, rs);
  AdminCheck a = check_admins(acc, cat, m);
  ASSERT_EQ(a.required.size(), 1u);
  EXPECT_EQ(a.required[0].reason, "holds Owner on store 1; holds Owner on store 2");
  EXPECT_EQ(emails(acc, a.missing), std::vector<std::string>{"owner@x.com"});
  EXPECT_EQ(emails(acc, a.unexpected), std::vector<std::string>{"clerk@x.com"});
  EXPECT_EQ(a.active_members, 1u);
  EXPECT_FALSE(a.pass);
}

TEST(AdminChecker, PassesWithOwnersInAndFailsWithoutActiveMember) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, "version: 1\nrules:\n  - {name: owners, match: {role: Owner}, groups: [account-administrators]}\n");
  Account ok = account_from_csv(cat, "email,store_id,role\nowner@x.com,1,Owner\n");
  EXPECT_TRUE(check_admins(ok, cat, apply_rules(cat, ok, rs)).pass);
  Account idle = account_from_csv(cat, "email,store_id,role,status\nowner@x.com,1,Owner,suspended\n");
  AdminCheck a = check_admins(idle, cat, apply_rules(cat, idle, rs));
  EXPECT_EQ(a.active_members, 0u);
  EXPECT_FALSE(a.pass);
}

}  // namespace rolemig
