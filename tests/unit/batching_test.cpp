#include "plan/batching.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

namespace rolemig {

namespace {

using Wanted = std::vector<std::vector<uint32_t>>;
using testing::brute_force_minimum;

Wanted random_instance(std::mt19937& rng, uint32_t users, uint32_t groups) {
  Wanted w(users);
  for (auto& row : w) {
    for (uint32_t g = 0; g < groups; ++g)
      if (rng() % 3 == 0) row.push_back(g);
  }
  return w;
}

}  // namespace

TEST(Batching, BeatsOneRequestPerDistinctSet) {
  // a: {0,1}, b: {0,2}, c: {0}, d: {1}, e: {2}: five distinct sets, three
  // groups: one request per group is best (3).
  Wanted w = {{0, 1}, {0, 2}, {0}, {1}, {2}};
  auto batches = cover_additions(w, BatchCaps{});
  EXPECT_TRUE(covers_exactly(w, batches));
  EXPECT_EQ(batches.size(), 3u);
  // Nested sets: {0,1,2} x 2 users, {0,1} x 1: two blocks ({0,1} for all three, {2} for two).
  Wanted nested = {{0, 1, 2}, {0, 1, 2}, {0, 1}};
  auto nb = cover_additions(nested, BatchCaps{});
  EXPECT_TRUE(covers_exactly(nested, nb));
  EXPECT_EQ(nb.size(), 2u);
}

TEST(Batching, MinimalOnSmallInputsAgainstBruteForce) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    uint32_t groups = 2 + rng() % 3;  // 2..4 groups
    uint32_t users = 1 + rng() % 6;
    Wanted w = random_instance(rng, users, groups);
    std::set<std::vector<uint32_t>> distinct;
    for (const auto& r : w)
      if (!r.empty()) distinct.insert(r);
    auto batches = cover_additions(w, BatchCaps{});
    ASSERT_TRUE(covers_exactly(w, batches)) << "round " << round;
    EXPECT_EQ(batches.size(), brute_force_minimum(w, groups)) << "round " << round;
    EXPECT_LE(batches.size(), distinct.size());
  }
}

TEST(Batching, CapsAreRespectedAndCoverIsExactOnLargeInputs) {
  std::mt19937 rng(11);
  Wanted w = random_instance(rng, 5000, 12);
  BatchCaps caps{40, 3};
  auto batches = cover_additions(w, caps);
  EXPECT_TRUE(covers_exactly(w, batches));
  for (const auto& b : batches) {
    EXPECT_LE(b.users.size(), caps.max_users);
    EXPECT_LE(b.groups.size(), caps.max_groups);
  }
  // Never worse than one request per group's members (split by the cap).
  size_t per_group = 0;
  for (uint32_t g = 0; g < 12; ++g) {
    size_t n = 0;
    for (const auto& r : w) n += std::count(r.begin(), r.end(), g);
    per_group += (n + caps.max_users - 1) / caps.max_users;
  }
  EXPECT_LE(batches.size(), per_group);
}

// The check that guards every plan's add requests: a pair missing or extra
// is not a cover; a pair given twice still is (sets of pairs).
TEST(Batching, CoversExactlyTellsAMissingOrExtraPair) {
  Wanted w = {{0, 1}, {1}};
  EXPECT_TRUE(covers_exactly(w, {AddBatch{{0}, {0, 1}}, AddBatch{{1}, {1}}}));
  EXPECT_TRUE(covers_exactly(w, {AddBatch{{0, 1}, {1}}, AddBatch{{0}, {0, 1}}}));  // (0,1) twice
  EXPECT_FALSE(covers_exactly(w, {AddBatch{{0}, {0, 1}}}));                        // (1,1) missing
  EXPECT_FALSE(covers_exactly(w, {AddBatch{{0, 1}, {0, 1}}}));                     // (1,0) extra
  EXPECT_FALSE(covers_exactly(w, {AddBatch{{0}, {0}}, AddBatch{{1}, {1}}}));       // (0,1) missing
}

}  // namespace rolemig
