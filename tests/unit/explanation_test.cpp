#include "plan/explanation.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

// fixtures/enterprise: Dana loses her checkboxes on 4101, Omar's are a derived
// group, Ravi owns every store.
const Plan& enterprise() {
  static const Plan plan = [] {
    const std::string fx = source_dir() + "/fixtures/enterprise/";
    InputOptions in;
    in.users = {fx + "users.csv"};
    in.stores = fx + "stores.csv";
    in.roles = fx + "roles.yaml";
    Plan p = load_inputs(in);
    build_plan(p, default_catalog_dir());
    return p;
  }();
  return plan;
}

std::string unknown_user_message(const Account& acc, std::string_view email) {
  try {
    find_explained_user(acc, email);
  } catch (const UnknownUserError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> group_names(const Plan& p, const Explanation& x) {
  std::vector<std::string> out;
  for (const auto& g : x.groups) out.push_back(p.mapping.groups[g.group].name);
  return out;
}

}  // namespace

TEST(Explanation, FindsTheUserCaseInsensitivelyAndSuggestsTheNearestEmail) {
  const Plan& p = enterprise();
  UserIdx dana = find_explained_user(p.account, " Dana.Lopez@Northpeak.example ");
  EXPECT_EQ(p.account.users[dana].email, "dana.lopez@northpeak.example");
  EXPECT_EQ(unknown_user_message(p.account, "dana.lopes@northpeak.example"),
            "expected --user to name a user of the inputs, found 'dana.lopes@northpeak.example'; did you mean 'dana.lopez@northpeak.example'?");
  EXPECT_EQ(unknown_user_message(p.account, "nobody@elsewhere.example"),
            "expected --user to name a user of the inputs, found 'nobody@elsewhere.example'");
}

TEST(Explanation, ALosingUserShowsTheRulesTheResidualAndWhatNoPolicyCovers) {
  const Plan& p = enterprise();
  const Explanation x = explain_user(p, find_explained_user(p.account, "dana.lopez@northpeak.example"));
  ASSERT_EQ(x.assignments.size(), 3u);
  const ExplainedAssignment& us = x.assignments[0];
  EXPECT_EQ(p.account.stores[p.account.assignments[us.assignment].store].id, "4101");
  const AssignmentTrace& t = us.trace;
  ASSERT_EQ(t.rules.size(), p.rules.rules.size());
  EXPECT_EQ(t.rules[0].outcome, RuleOutcome::failed);  // store-owner
  EXPECT_EQ(t.rules[0].failed_key, MatchKey::role);
  EXPECT_EQ(p.rules.rules[t.rules[3].rule].name, "order-fulfillment");
  EXPECT_EQ(t.rules[3].outcome, RuleOutcome::matched);
  EXPECT_EQ(t.rules.back().outcome, RuleOutcome::matched);  // residual (derive)
  EXPECT_FALSE(t.stopped_by);
  ASSERT_TRUE(t.derive_rule);
  EXPECT_EQ(p.catalog.names(t.residual), (std::vector<std::string>{"Refund_Orders", "Capture_Funds"}));
  EXPECT_TRUE(t.cover.empty());
  EXPECT_FALSE(us.derived_group);
  EXPECT_EQ(us.uncovered, t.residual);
  // 4102 and 4103: the role's group leaves nothing.
  EXPECT_TRUE(x.assignments[1].trace.residual.empty());
  EXPECT_TRUE(x.assignments[1].uncovered.empty());

  EXPECT_EQ(group_names(p, x), (std::vector<std::string>{"Northpeak Asia Pacific Order Fulfillment", "Northpeak Europe Order Fulfillment",
                                                         "Northpeak US Order Fulfillment"}));
  const ExplainedGroup& g = x.groups[2];
  ASSERT_EQ(g.rules.size(), 1u);
  EXPECT_EQ(p.mapping.rule_names[g.rules[0]], "order-fulfillment");
  ASSERT_FALSE(g.grants.empty());
  ASSERT_EQ(g.grants[0].gives.size(), 1u);
  EXPECT_EQ(p.account.target_name(g.grants[0].gives[0].first), "store:4101");

  EXPECT_FALSE(x.admins.required);
  EXPECT_FALSE(x.admins.planned);
  EXPECT_FALSE(x.admins.live_member);  // no --current
  EXPECT_FALSE(x.admins.fails());
  EXPECT_EQ(x.exit_status(p), 1);
}

TEST(Explanation, ADerivedGroupIsNamedWithTheResidualItCovers) {
  const Plan& p = enterprise();
  const Explanation x = explain_user(p, find_explained_user(p.account, "omar.haddad@northpeak.example"));
  const ExplainedAssignment& us = x.assignments[0];
  EXPECT_EQ(p.catalog.names(us.trace.residual), (std::vector<std::string>{"Read_Channels", "Read_Locations"}));
  ASSERT_EQ(us.trace.cover.size(), 1u);
  EXPECT_EQ(policy_name(p.catalog, us.trace.cover[0]), "Channels Read");
  ASSERT_TRUE(us.derived_group);
  EXPECT_EQ(p.mapping.groups[*us.derived_group].name, "Northpeak US Order Fulfillment (2)");
  EXPECT_TRUE(us.uncovered.empty());
  EXPECT_EQ(x.exit_status(p), 0);
}

TEST(Explanation, AStoreOwnerIsRequiredAndPlannedInAccountAdministrators) {
  const Plan& p = enterprise();
  const Explanation x = explain_user(p, find_explained_user(p.account, "ravi.patel@northpeak.example"));
  ASSERT_TRUE(x.admins.required);
  EXPECT_TRUE(x.admins.planned);
  EXPECT_FALSE(x.admins.fails());
  ASSERT_FALSE(x.groups.empty());
  const Group& admins = p.mapping.groups[x.groups[0].group];
  EXPECT_TRUE(admins.is_admins);
  ASSERT_EQ(x.groups[0].grants.size(), 1u);
  EXPECT_FALSE(x.groups[0].grants[0].grant.policy);  // the Account Administrators grant
  EXPECT_EQ(p.account.target_name(x.groups[0].grants[0].gives[0].first), "account");
  EXPECT_EQ(x.exit_status(p), 0);
}

// A `final` rule ends the evaluation: the rules after it are not reached.
TEST(Explanation, AFinalRuleStopsTheRulesAfterIt) {
  Plan p;
  p.catalog = shipped_catalog();
  p.rules = rules_from(p.catalog, R"(version: 1
groups:
  - id: fulfil
    name: "{store.name} Fulfil"
    scope: per-store
    grants: [{policy: Orders Manage, target: store}]
rules:
  - name: first
    match: { email: "*@b.example" }
    groups: [fulfil]
  - name: stop
    match: { role: Order Fulfillment }
    groups: [fulfil]
    final: true
  - name: rest
    match: {}
    derive: true
)");
  p.account = account_from_csv(p.catalog, "email,store_id,role\na@x.example,1,Order Fulfillment\n");
  build_plan(p, default_catalog_dir());
  const Explanation x = explain_user(p, 0);
  ASSERT_EQ(x.assignments.size(), 1u);
  const AssignmentTrace& t = x.assignments[0].trace;
  ASSERT_EQ(t.rules.size(), 3u);
  EXPECT_EQ(t.rules[0].outcome, RuleOutcome::failed);
  EXPECT_EQ(t.rules[0].failed_key, MatchKey::email);
  EXPECT_EQ(t.rules[1].outcome, RuleOutcome::matched);
  EXPECT_EQ(t.rules[2].outcome, RuleOutcome::not_reached);
  EXPECT_EQ(t.stopped_by, 1u);
  EXPECT_FALSE(t.derive_rule);
  ASSERT_EQ(x.groups.size(), 1u);
  EXPECT_EQ(p.mapping.groups[x.groups[0].group].name, "1 Fulfil");
}

}  // namespace rolemig
