#include "design/policy_fit.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {
const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-C, target: store, permissions: [C]}
  - {name: P-CD, target: store, permissions: [C, D]}
  - {name: P-BCD, target: store, permissions: [B, C, D]}
  - {name: P-E, target: store, permissions: [E]}
  - {name: P-U, target: account, permissions: [U]}
)";
}

TEST(PolicyFit, ExactWhenThePoliciesInsideCoverTheSet) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyFit fit = fit_policies(cat, perms(cat, {"A", "B", "C"}), Scope::store);
  EXPECT_EQ(policy_names(cat, fit.fitting), (std::vector<std::string>{"P-AB", "P-C"}));
  EXPECT_TRUE(fit.lost.empty());
  EXPECT_FALSE(fit.superset_exists);
  EXPECT_TRUE(fit.extra.empty());
}

TEST(PolicyFit, LossAndTheFewestGainSuperset) {
  Catalog cat = tiny_catalog(kPolicies);
  // {A, B, D}: P-AB fits; D needs P-CD (gains C) or P-BCD (gains C too, same
  // gain and count): the first by name wins.
  PolicyFit fit = fit_policies(cat, perms(cat, {"A", "B", "D"}), Scope::store);
  EXPECT_EQ(policy_names(cat, fit.fitting), std::vector<std::string>{"P-AB"});
  EXPECT_EQ(fit.lost, perms(cat, {"D"}));
  EXPECT_TRUE(fit.superset_exists);
  EXPECT_EQ(policy_names(cat, fit.extra), std::vector<std::string>{"P-BCD"});
  EXPECT_EQ(fit.gained, perms(cat, {"C"}));
}

TEST(PolicyFit, SupersetMinimisesTheGainBeforeTheCount) {
  const char* policies = R"(policies:
  - {name: P-ABCDE, target: store, permissions: [A, B, C, D, E]}
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-D, target: store, permissions: [D]}
)";
  Catalog cat = tiny_catalog(policies);
  // {A, D}: one policy gaining B, C, E, or two gaining only B.
  PolicyFit fit = fit_policies(cat, perms(cat, {"A", "D"}), Scope::store);
  EXPECT_EQ(policy_names(cat, fit.fitting), std::vector<std::string>{"P-D"});
  EXPECT_EQ(fit.lost, perms(cat, {"A"}));
  EXPECT_EQ(policy_names(cat, fit.extra), std::vector<std::string>{"P-AB"});
  EXPECT_EQ(fit.gained, perms(cat, {"B"}));
}

TEST(PolicyFit, NoSupersetWhenNoPolicyHoldsAPermission) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyFit fit = fit_policies(cat, perms(cat, {"E", "F"}), Scope::store);
  EXPECT_EQ(policy_names(cat, fit.fitting), std::vector<std::string>{"P-E"});
  EXPECT_EQ(fit.lost, perms(cat, {"F"}));
  EXPECT_FALSE(fit.superset_exists);
}

TEST(PolicyFit, ScopesAreSeparate) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyFit fit = fit_policies(cat, perms(cat, {"U"}), Scope::account);
  EXPECT_EQ(policy_names(cat, fit.fitting), std::vector<std::string>{"P-U"});
  EXPECT_TRUE(fit_policies(cat, perms(cat, {"U"}), Scope::store).fitting.empty());
}

}  // namespace rolemig
