#include "util/file_name.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rolemig {

TEST(FileName, OneNameIsOneStringWhereverItComesFrom) {
  FileName a("exports/users.csv");
  FileName b(std::string("exports/") + "users.csv");
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, FileName("exports/users.json"));
  EXPECT_EQ(FileName().str(), "");
  EXPECT_TRUE(FileName().empty());
  EXPECT_EQ(FileName(), FileName(""));
}

TEST(FileName, OrdersByContentNotByWhenItWasInterned) {
  FileName z("z.csv");
  FileName a("a.csv");
  EXPECT_LT(a, z);
  std::set<FileName> names{z, a, FileName("m.csv")};
  std::string order;
  for (const auto& n : names) order += n.str() + " ";
  EXPECT_EQ(order, "a.csv m.csv z.csv ");
}

}  // namespace rolemig
