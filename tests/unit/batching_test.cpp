#include "plan/batching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

namespace rolemig {

namespace {

using Wanted = std::vector<std::vector<uint32_t>>;

// The true minimum by brute force (no caps): every block is a set of groups
// T with the users whose wanted sets contain it; try every family of k
// non-empty group subsets, smallest k first.
size_t brute_force_minimum(const Wanted& wanted, uint32_t groups) {
  std::vector<uint32_t> masks;
  for (const auto& w : wanted) {
    uint32_t m = 0;
    for (uint32_t g : w) m |= 1U << g;
    if (m) masks.push_back(m);
  }
  if (masks.empty()) return 0;
  std::vector<uint32_t> subsets;
  for (uint32_t t = 1; t < (1U << groups); ++t) {
    if (std::any_of(masks.begin(), masks.end(), [&](uint32_t m) { return (t & m) == t; })) subsets.push_back(t);
  }
  auto covers = [&](const std::vector<uint32_t>& family) {
    for (uint32_t m : masks) {
      uint32_t got = 0;
      for (uint32_t t : family)
        if ((t & m) == t) got |= t;
      if (got != m) return false;
    }
    return true;
  };
  std::vector<uint32_t> family;
  std::function<bool(size_t, size_t)> choose = [&](size_t start, size_t k) -> bool {
    if (family.size() == k) return covers(family);
    for (size_t i = start; i < subsets.size(); ++i) {
      family.push_back(subsets[i]);
      if (choose(i + 1, k)) return true;
      family.pop_back();
    }
    return false;
  };
  for (size_t k = 1;; ++k) {
    family.clear();
    if (choose(0, k)) return k;
  }
}

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

}  // namespace rolemig
