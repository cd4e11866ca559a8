#include "plan/pipeline.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {
Plan sample_plan() {
  InputOptions in;
  in.users = {source_dir() + "/fixtures/sample/users.csv"};
  in.stores = source_dir() + "/fixtures/sample/stores.csv";
  Plan p = load_inputs(in);
  build_plan(p, default_catalog_dir());
  return p;
}

std::string broken(Plan p) {
  try {
    check_plan_invariants(p);
  } catch (const InternalError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Pipeline, LoadsRecordsInputsWithHashes) {
  Plan p = sample_plan();
  ASSERT_EQ(p.inputs.size(), 6u);
  EXPECT_EQ(p.inputs[0].kind, "catalog");
  EXPECT_EQ(p.inputs[0].path, "mappings/permissions.yaml");
  EXPECT_EQ(p.inputs[5].kind, "users");
  EXPECT_EQ(p.inputs[5].sha256.size(), 64u);
  EXPECT_EQ(p.summary.users, 8u);
}

TEST(Pipeline, InvariantsHoldAndEachBreakIsNamed) {
  Plan p = sample_plan();
  EXPECT_EQ(broken(p), "");
  Plan a = p;
  a.verification.users.pop_back();
  EXPECT_EQ(broken(a), "verification covers 7 users, the input has 8");
  Plan b = p;
  b.summary.users_equal = 7;
  EXPECT_EQ(broken(b), "summary counts disagree with the verification lists");
  Plan c = p;
  c.verification.users[0].status = UserStatus::gains;
  EXPECT_EQ(broken(c), "user cara.support@northwind-goods.example has status gains but its differences say equal");
  Plan d = p;
  d.summary.memberships += 1;
  EXPECT_EQ(broken(d), "summary.memberships disagrees with the groups");
  Plan e = p;
  e.summary.requests = 0;
  EXPECT_EQ(broken(e), "summary.requests disagrees with the requests");
  Plan f = p;
  f.admins.missing.push_back(0);
  EXPECT_EQ(broken(f), "the admin check's status disagrees with its lists");
}

}  // namespace rolemig
