#include "util/flat_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rolemig {

// Items are found again after the table grows many times, and keys that
// share a hash (every key here hashes alike half the time) are told apart by
// the caller's test.
TEST(FlatIndex, FindsEachItemOnceThroughGrowthAndCollisions) {
  std::vector<std::string> items;
  FlatIndex index;
  auto hash = [](const std::string& k) { return k.size() % 2 ? uint64_t{7} : std::hash<std::string>{}(k); };
  auto add = [&](const std::string& k) {
    auto found = index.find_or_add(
        hash(k), [&](uint32_t i) { return items[i] == k; }, static_cast<uint32_t>(items.size()));
    if (found.second) items.push_back(k);
    return found;
  };
  for (int round = 0; round < 2; ++round) {
    for (uint32_t i = 0; i < 5000; ++i) {
      auto [item, added] = add("k" + std::to_string(i));
      EXPECT_EQ(item, i);
      EXPECT_EQ(added, round == 0);
    }
  }
  EXPECT_EQ(index.size(), 5000u);
  EXPECT_EQ(items.size(), 5000u);
}

TEST(FlatIndex, MixSpreadsNeighbouringKeys) {
  EXPECT_NE(mix64(1) & 0xffff, mix64(2) & 0xffff);
  EXPECT_NE(mix64(uint64_t{1} << 32), mix64(1));
}

}  // namespace rolemig
