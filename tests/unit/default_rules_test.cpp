// The shipped rules map every standard role exactly: a user holding any one
// standard role neither gains nor loses, and only account_admin roles land in
// Account Administrators.
#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

TEST(DefaultRules, EveryStandardRoleMapsExactly) {
  const Catalog& cat = shipped_catalog();
  RuleSet rules = shipped_rules(cat);
  size_t standard = 0;
  for (const Role& role : cat.roles) {
    if (role.custom) continue;
    ++standard;
    SCOPED_TRACE(role.name);
    Account acc = account_from_csv(cat, "email,store_id,role\nuser@example.com,1," + role.name + "\n");
    Mapping m = apply_rules(cat, acc, rules);
    Verification v = verify_access(acc, cat, m, rules);
    ASSERT_EQ(v.users.size(), 1u);
    EXPECT_EQ(diffs(acc, cat, v.users[0].gained), std::vector<std::string>{});
    EXPECT_EQ(diffs(acc, cat, v.users[0].lost), std::vector<std::string>{});
    EXPECT_EQ(v.users[0].status, UserStatus::equal);
    for (const Group& g : m.groups) EXPECT_FALSE(g.derived && !g.members.empty()) << g.name;
    AdminCheck a = check_admins(acc, cat, m);
    EXPECT_TRUE(a.pass || !role.account_admin);
    EXPECT_EQ(a.planned.size(), role.account_admin ? 1u : 0u);
  }
  EXPECT_EQ(standard, 9u);
}

TEST(DefaultRules, ExtraCheckboxesAreDerivedExactlyWhenPoliciesFit) {
  const Catalog& cat = shipped_catalog();
  RuleSet rules = shipped_rules(cat);
  // The residual {Manage_Products} is exactly the policy Products Read.
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "wes@example.com,1,Order Fulfillment,Manage_Products\n");
  Mapping m = apply_rules(cat, acc, rules);
  Verification v = verify_access(acc, cat, m, rules);
  EXPECT_EQ(v.users[0].status, UserStatus::equal);
  const Group* derived = nullptr;
  for (const Group& g : m.groups)
    if (g.derived) derived = &g;
  ASSERT_NE(derived, nullptr);
  // The default name "{store.name} {role}" clashes with the role group: " (2)".
  EXPECT_EQ(derived->name, "1 Order Fulfillment (2)");
  EXPECT_EQ(derived->rules, std::vector<std::string>{"residual"});
  ASSERT_EQ(derived->grants.size(), 1u);
  EXPECT_EQ(cat.policies[*derived->grants[0].policy].name, "Products Read");
}

// The residual is what the explicit groups leave, so a policy that overlaps
// the role (Orders Payments holds Manage_Orders) does not fit inside it: the
// derived group must grant exactly the residual to every user who shares it.
TEST(DefaultRules, UncoverableCheckboxIsReportedAsLossWithItsSource) {
  const Catalog& cat = shipped_catalog();
  RuleSet rules = shipped_rules(cat);
  // No policy fits inside {Capture_Funds} alone: the residual stays a loss.
  Account acc = account_from_csv(cat, "email,store_id,role,permissions\nwes@example.com,7,Order Fulfillment,Capture_Funds\n");
  Mapping m = apply_rules(cat, acc, rules);
  Verification v = verify_access(acc, cat, m, rules);
  EXPECT_EQ(diffs(acc, cat, v.users[0].lost), std::vector<std::string>{"store:7 Capture_Funds"});
  ASSERT_EQ(v.users[0].lost[0].from.size(), 1u);
  EXPECT_FALSE(v.users[0].lost[0].from[0].via_role);
  EXPECT_EQ(acc.assignments[v.users[0].lost[0].from[0].assignment].where.str(), "users.csv:2:1");
  EXPECT_EQ(v.users[0].status, UserStatus::losses);
}

}  // namespace rolemig
