#include "plan/requests.h"

#include <gtest/gtest.h>

#include "render/plan_json_writer.h"
#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

Plan plan_for(const std::string& csv) {
  Plan p;
  p.catalog = shipped_catalog();
  p.rules = shipped_rules(p.catalog);
  p.account = account_from_csv(p.catalog, csv);
  build_plan(p, source_dir() + "/mappings");
  return p;
}

std::vector<std::string> operations(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& r : p.requests) out.push_back(r.operation);
  return out;
}

}  // namespace

TEST(Requests, CreatesThenSharedAddsThenAudit) {
  Plan p = plan_for(
      "email,store_id,role\n"
      "a@x.com,1,Order Fulfillment\n"
      "b@x.com,1,Order Fulfillment\n"
      "c@x.com,1,Marketing\n");
  EXPECT_EQ(operations(p), (std::vector<std::string>{"createUserGroup", "createUserGroup", "addUsersToUserGroups",
                                                     "addUsersToUserGroups", "auditUserGroups"}));
  EXPECT_EQ(p.summary.requests, 5u);
  // a and b share one add request; values travel only as variables.
  const auto& add = p.requests[3].variables["input"];
  EXPECT_EQ(add["userEmails"], nlohmann::ordered_json({"a@x.com", "b@x.com"}));
  EXPECT_EQ(add["userGroupNames"], nlohmann::ordered_json({"1 Order Fulfillment"}));
  EXPECT_EQ(p.requests[0].variables["input"]["name"], "1 Marketing");
  EXPECT_EQ(p.requests[0].query.find("1 Marketing"), std::string::npos);
  std::string jsonl = render_requests_jsonl(p);
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 5);
}

TEST(Requests, NeverMoreAddsThanGroupsReceivingMembers) {
  // Four groups receive members (three on store 1, Marketing on store 2) and
  // the users hold six distinct group sets: one request per group is used.
  Plan q = plan_for(
      "email,store_id,role\n"
      "a@x.com,1,Marketing\n"
      "b@x.com,1,Admin\n"
      "c@x.com,1,Product Manager\n"
      "d@x.com,1,Marketing\nd@x.com,2,Marketing\n"
      "e@x.com,1,Admin\ne@x.com,2,Marketing\n"
      "f@x.com,1,Product Manager\nf@x.com,2,Marketing\n");
  size_t receiving = 0;
  for (const auto& g : q.mapping.groups) receiving += !g.members.empty();
  size_t adds = 0;
  for (const auto& r : q.requests) adds += r.operation == "addUsersToUserGroups";
  EXPECT_EQ(receiving, 4u);
  EXPECT_LE(adds, receiving);
  EXPECT_EQ(adds, 4u);  // 6 distinct sets > 4 groups: one request per group
}

}  // namespace rolemig
