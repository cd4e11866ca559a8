#include "mapping/policy_cover.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {
const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-CD, target: store, permissions: [C, D]}
  - {name: P-ABCD, target: store, permissions: [A, B, C, D]}
  - {name: P-A, target: store, permissions: [A]}
  - {name: P-BC, target: store, permissions: [B, C]}
  - {name: Q-AB, target: store, permissions: [A, B]}
  - {name: P-EF, target: store, permissions: [E, F]}
  - {name: P-U, target: account, permissions: [U]}
)";
}

TEST(PolicyCover, ExactMinimalCover) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyCover pc(cat);
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"A", "B", "C", "D"}), Scope::store)), std::vector<std::string>{"P-ABCD"});
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"A", "B", "C", "D", "E", "F"}), Scope::store)), (std::vector<std::string>{"P-ABCD", "P-EF"}));
}

TEST(PolicyCover, TiesBrokenByPolicyNames) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyCover pc(cat);
  // P-AB and Q-AB both cover {A, B}: the first name wins.
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"A", "B"}), Scope::store)), std::vector<std::string>{"P-AB"});
  // {A, B, C}: P-A + P-BC or P-AB + P-BC; both size 2, names sorted: [P-A, P-BC] < [P-AB, P-BC].
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"A", "B", "C"}), Scope::store)), (std::vector<std::string>{"P-A", "P-BC"}));
}

TEST(PolicyCover, NoExactCoverTakesTheLargestThatGrantsNothingExtra) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyCover pc(cat);
  // {A, E}: only P-A fits inside; E stays uncovered (a loss in verification).
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"A", "E"}), Scope::store)), std::vector<std::string>{"P-A"});
  // Nothing fits inside {E}.
  EXPECT_TRUE(pc.cover(perms(cat, {"E"}), Scope::store).empty());
}

TEST(PolicyCover, ScopesAreSeparate) {
  Catalog cat = tiny_catalog(kPolicies);
  PolicyCover pc(cat);
  EXPECT_EQ(policy_names(cat, pc.cover(perms(cat, {"U"}), Scope::account)), std::vector<std::string>{"P-U"});
  EXPECT_TRUE(pc.cover(perms(cat, {"U"}), Scope::store).empty());
}

}  // namespace rolemig
