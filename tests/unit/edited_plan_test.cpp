#include "mapping/edited_plan.h"

#include <gtest/gtest.h>

namespace rolemig {
namespace {

Mapping mapping(std::vector<std::string> groups, std::vector<std::string> rules, std::vector<Membership> ms, size_t users) {
  Mapping m;
  for (auto& name : groups) {
    Group g;
    g.name = std::move(name);
    m.groups.push_back(std::move(g));
  }
  m.rule_names = std::move(rules);
  m.memberships = std::move(ms);
  m.index(users);
  return m;
}

std::vector<std::string> credited(const Mapping& m, size_t i) {
  std::vector<std::string> out;
  for (uint32_t r : m.memberships[i].rules) out.push_back(m.rule_names[r]);
  return out;
}

TEST(EditedPlan, MembershipsTheRulesProduceKeepTheirRulesOthersAreTheEdit) {
  // The rules: user 0 in Support by two rules, user 1 in Warehouse.
  Mapping derived = mapping({"Support", "Warehouse"}, {"support", "support-extra", "warehouse"}, {{0, 0, {0, 1}}, {1, 1, {2}}}, 2);
  // The edited plan lists its groups in another order; user 1 was added to
  // Support by hand, and user 0 to a hand-made group.
  Mapping edited = mapping({"Hand Made", "Warehouse", "Support"}, {}, {{0, 0, {}}, {0, 2, {}}, {1, 1, {}}, {1, 2, {}}}, 2);
  credit_rules(edited, derived);
  EXPECT_EQ(credited(edited, 0), std::vector<std::string>{"(edited plan)"});
  EXPECT_EQ(credited(edited, 1), (std::vector<std::string>{"support", "support-extra"}));
  EXPECT_EQ(credited(edited, 2), std::vector<std::string>{"warehouse"});
  EXPECT_EQ(credited(edited, 3), std::vector<std::string>{"(edited plan)"});
  EXPECT_EQ(edited.rule_names, (std::vector<std::string>{"(edited plan)", "support", "support-extra", "warehouse"}));
}

}  // namespace
}  // namespace rolemig
