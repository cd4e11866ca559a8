#include "verify/access_verifier.h"

#include <gtest/gtest.h>

#include "mapping/current_merge.h"
#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-ABC, target: store, permissions: [A, B, C]}
  - {name: P-U, target: account, permissions: [U]}
)";

// Role AB is mapped to a group that grants A, B and C: a gain of C. Role
// ABC is mapped to A, B only: a loss of C.
const char* kRules = R"(version: 1
groups:
  - id: wide
    name: "{store.id} wide"
    scope: per-store
    grants: [{policy: P-ABC, target: store}]
  - id: narrow
    name: "{store.id} narrow"
    scope: per-store
    grants: [{policy: P-AB, target: store}]
rules:
  - {name: ab-too-wide, match: {role: AB}, groups: [wide]}
  - {name: abc-too-narrow, match: {role: ABC}, groups: [narrow]}
)";

}  // namespace

TEST(AccessVerifier, GainsAndLossesWithProvenance) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, kRules);
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "gain@x.com,1,AB,\n"
                                 "loss@x.com,2,ABC,\n"
                                 "same@x.com,1,AB,C\n");
  Mapping m = apply_rules(cat, acc, rs);
  Verification v = verify_access(acc, cat, m, rs);
  ASSERT_EQ(v.users.size(), 3u);
  const UserVerdict& gain = v.users[0];
  EXPECT_EQ(acc.users[gain.user].email, "gain@x.com");
  EXPECT_EQ(gain.status, UserStatus::gains);
  EXPECT_EQ(diffs(acc, cat, gain.gained), std::vector<std::string>{"store:1 C"});
  ASSERT_EQ(gain.gained[0].granted_by.size(), 1u);
  const GainSource& src = gain.gained[0].granted_by[0];
  EXPECT_EQ(m.groups[src.group].name, "1 wide");
  EXPECT_EQ(cat.policies[*src.policy].name, "P-ABC");
  EXPECT_EQ(m.rule_names[src.rules.at(0)], "ab-too-wide");

  const UserVerdict& loss = v.users[1];
  EXPECT_EQ(loss.status, UserStatus::losses);
  EXPECT_EQ(diffs(acc, cat, loss.lost), std::vector<std::string>{"store:2 C"});
  ASSERT_EQ(loss.lost[0].from.size(), 1u);
  EXPECT_TRUE(loss.lost[0].from[0].via_role);
  EXPECT_EQ(acc.assignments[loss.lost[0].from[0].assignment].where.str(), "users.csv:3:1");

  // Role AB plus checkbox C: the wide group is exactly right.
  EXPECT_EQ(v.users[2].status, UserStatus::equal);
  EXPECT_EQ(v.users_equal, 1u);
  EXPECT_EQ(v.users_gaining, 1u);
  EXPECT_EQ(v.users_losing, 1u);
  // Snapshots: before/after per user, sorted by target.
  EXPECT_EQ(v.before[1].size(), 1u);
  EXPECT_EQ(acc.target_name(v.before[1][0].first), "store:2");
}

TEST(AccessVerifier, WaiversAcceptMatchingDifferencesAndUnusedOnesAreListed) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kRules) + R"(waivers:
  - match: {email: "loss@*", store: "2", role: ABC}
    permissions: [C]
    change: loss
    reason: C is retired
  - match: {email: "gain@*"}
    change: loss
    reason: does not apply to gains
  - match: {store: account}
    reason: nothing on the account differs
    change: any
)");
  Account acc = account_from_csv(cat, "email,store_id,role\ngain@x.com,1,AB\nloss@x.com,2,ABC\n");
  Mapping m = apply_rules(cat, acc, rs);
  Verification v = verify_access(acc, cat, m, rs);
  EXPECT_EQ(v.users[0].status, UserStatus::gains);
  EXPECT_FALSE(v.users[0].gained[0].waiver.has_value());
  EXPECT_EQ(v.users[1].status, UserStatus::equal);
  ASSERT_TRUE(v.users[1].lost[0].waiver.has_value());
  EXPECT_EQ(*v.users[1].lost[0].waiver, 0u);
  EXPECT_EQ(v.waived, 1u);
  EXPECT_EQ(v.unmatched_waivers, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(rs.waivers[1].where.file_line(), "rules.yaml:19");
}

TEST(AccessVerifier, WaiverStatusAndRoleAreTheUsersOnThatStore) {
  Catalog cat = tiny_catalog(kPolicies);
  Account acc = account_from_csv(cat, "email,store_id,role,status\nu@x.com,1,AB,suspended\nu@x.com,2,ABC,active\n");
  Waiver w;
  w.statuses = {Status::suspended};
  PermId c = *cat.find_permission("C");
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(0), c, true));
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::store(1), c, true));
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::account(), c, true));  // any store
  w.statuses.clear();
  w.roles = {*cat.find_role("ABC")};
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::store(0), c, false));
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(1), c, false));
  w.change = Change::gain;
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::store(1), c, false));
}

}  // namespace rolemig

namespace rolemig {
TEST(AccessVerifierWaivers, ASecondWaiverThatAlsoHoldsIsNotUnmatched) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog("policies:\n  - {name: P-AB, target: store, permissions: [A, B]}\n");
  RuleSet rs = rules_from(cat, R"(version: 1
groups:
  - {id: ab, name: "{store.id} ab", scope: per-store, grants: [{policy: P-AB, target: store}]}
rules:
  - {name: abc, match: {role: ABC}, groups: [ab]}
waivers:
  - {match: {}, change: loss, reason: broad}
  - {match: {email: "u@*"}, permissions: [C], change: loss, reason: specific}
)");
  Account acc = account_from_csv(cat, "email,store_id,role\nu@x.com,1,ABC\n");
  Verification v = verify_access(acc, cat, apply_rules(cat, acc, rs), rs);
  ASSERT_EQ(v.users[0].lost.size(), 1u);
  EXPECT_EQ(v.users[0].lost[0].waiver, std::optional<size_t>(0));
  EXPECT_EQ(v.waived, 1u);
  EXPECT_TRUE(v.unmatched_waivers.empty());
}
TEST(AccessVerifier, MembersOfAGroupWithUnknownGrantsAreUnverifiedNeverEqual) {
  Catalog cat = tiny_catalog(kPolicies);
  AccountBuilder builder(cat);
  std::istringstream csv("email,store_id,role\nab@x.com,1,AB\n");
  read_users_csv(csv, "users.csv", cat, builder);
  builder.touch_user("ghost@x.com");
  Account acc = builder.finish();
  CurrentGroup known;
  known.id = "g1";
  known.name = "Known";
  known.grants_known = true;
  known.grants = {CurrentGrant{"P-AB", "store:1", SourceLoc{"audit.json", 1, 1}}};
  known.members = {CurrentMember{"ab@x.com", ""}};
  CurrentGroup unknown;
  unknown.id = "g2";
  unknown.name = "Unknown";
  unknown.members = {CurrentMember{"ab@x.com", ""}, CurrentMember{"ghost@x.com", ""}};
  Mapping m = mapping_from_current(acc, cat, {known, unknown});
  Verification v = verify_access(acc, cat, m, RuleSet{});
  ASSERT_EQ(v.users.size(), 2u);
  for (const auto& u : v.users) {
    SCOPED_TRACE(acc.users[u.user].email);
    EXPECT_EQ(u.status, UserStatus::unverified);  // ab's known access is equal; ghost's known access is empty
    ASSERT_EQ(u.unknown_grants.size(), 1u);
    EXPECT_EQ(m.groups[u.unknown_grants[0]].name, "Unknown");
  }
  EXPECT_EQ(v.users_unverified, 2u);
  EXPECT_EQ(v.users_equal, 0u);
  EXPECT_EQ(v.users_gaining, 0u);
  EXPECT_EQ(v.users_losing, 0u);
}

}  // namespace rolemig

namespace rolemig {
using namespace rolemig::testing;

// SPEC 2.5: a store glob matches store ids only; the account only by name.
TEST(AccessVerifierWaivers, AStoreGlobNeverMatchesTheAccount) {
  Catalog cat = tiny_catalog(kPolicies);
  Account acc = account_from_csv(cat, "email,store_id,role\nu@x.com,1,AB\n");
  PermId u = *cat.find_permission("U");
  PermId c = *cat.find_permission("C");
  Waiver w;
  w.stores = {"*"};
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(0), c, true));
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::account(), u, true));
  w.stores = {"acc*", "a[a-z]count", "?ccount"};
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::account(), u, true));
  w.stores = {"*", "account"};
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::account(), u, true));
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(0), c, true));
  w.stores = {"[0-9]"};
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(0), c, true));
}

TEST(AccessVerifierWaivers, EmailClassGlob) {
  Catalog cat = tiny_catalog(kPolicies);
  Account acc = account_from_csv(cat, "email,store_id,role\nAnn@x.com,1,AB\nzoe@x.com,1,AB\n");
  PermId c = *cat.find_permission("C");
  Waiver w;
  w.email = "[a-m]*@X.COM";
  EXPECT_TRUE(waiver_matches(w, acc, 0, Target::store(0), c, true));
  EXPECT_FALSE(waiver_matches(w, acc, 1, Target::store(0), c, true));
  w.email = "[!a]*@x.com";
  EXPECT_FALSE(waiver_matches(w, acc, 0, Target::store(0), c, true));
  EXPECT_TRUE(waiver_matches(w, acc, 1, Target::store(0), c, true));
}

// Rows that differ only in checkboxes are merged; each lost checkbox names
// the row that gave it, a role permission the first row.
TEST(AccessVerifier, MergedRowsLossNamesTheRowThatGaveIt) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, kRules);
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "u@x.com,2,ABC,\n"
                                 "u@x.com,2,ABC,D\n"
                                 "u@x.com,2,ABC,D;E\n");
  Mapping m = apply_rules(cat, acc, rs);
  Verification v = verify_access(acc, cat, m, rs);
  ASSERT_EQ(diffs(acc, cat, v.users[0].lost), (std::vector<std::string>{"store:2 C", "store:2 D", "store:2 E"}));
  auto where = [&](size_t i) {
    EXPECT_EQ(v.users[0].lost[i].from.size(), 1u);
    return v.users[0].lost[i].from[0].where.str();
  };
  EXPECT_EQ(where(0), "users.csv:2:1");  // C: the role, given by the first row
  EXPECT_TRUE(v.users[0].lost[0].from[0].via_role);
  EXPECT_EQ(where(1), "users.csv:3:1");  // D: first given by the second row
  EXPECT_FALSE(v.users[0].lost[1].from[0].via_role);
  EXPECT_EQ(where(2), "users.csv:4:1");  // E: the third row
}

}  // namespace rolemig
