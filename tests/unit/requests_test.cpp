#include "plan/requests.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <variant>

#include "render/plan_view.h"
#include "render/requests_jsonl_writer.h"
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
  EXPECT_EQ(operations(p),
            (std::vector<std::string>{"createUserGroup", "createUserGroup", "addUsersToUserGroups", "addUsersToUserGroups", "auditUserGroups"}));
  EXPECT_EQ(p.summary.requests, 5u);
  // a and b share one add request; values travel only as variables.
  const auto& add = std::get<AddUsers>(p.requests[3].mutations.front());
  EXPECT_EQ(emails(p, add.users), (std::vector<std::string>{"a@x.com", "b@x.com"}));
  ASSERT_EQ(add.groups.size(), 1u);
  EXPECT_EQ(p.mapping.groups[add.groups[0]].name, "1 Order Fulfillment");
  EXPECT_EQ(p.mapping.groups[std::get<CreateGroup>(p.requests[0].mutations.front()).group].name, "1 Marketing");
  EXPECT_EQ(p.requests[0].query.find("1 Marketing"), std::string::npos);
}

// requests.jsonl spells the variables out as the GraphQL operations take them.
TEST(Requests, JsonlCarriesTheVariables) {
  Plan p = plan_for(
      "email,store_id,role\n"
      "a@x.com,1,Order Fulfillment\n"
      "b@x.com,1,Order Fulfillment\n"
      "c@x.com,1,Marketing\n");
  std::ostringstream out;
  write_requests_jsonl(p, out);
  std::istringstream in(out.str());
  std::vector<nlohmann::ordered_json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::ordered_json::parse(line));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["operation"], "createUserGroup");
  EXPECT_EQ(lines[0]["variables"].dump(), R"({"input":{"name":"1 Marketing","description":"Marketing tools, SEO and analytics for 1","grants":[)"
                                          R"({"policy":"Marketing Manage","target":"store:1"},{"policy":"Customers Read","target":"store:1"},)"
                                          R"({"policy":"Content SEO Manage","target":"store:1"},{"policy":"Analytics Read","target":"store:1"}]}})");
  EXPECT_EQ(lines[3]["variables"].dump(), R"({"input":{"userEmails":["a@x.com","b@x.com"],"userGroupNames":["1 Order Fulfillment"]}})");
  EXPECT_EQ(lines[4]["variables"].dump(), R"({"first":50,"after":null})");
  EXPECT_EQ(lines[4]["query"], p.requests[4].query);
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

namespace rolemig {
using namespace rolemig::testing;

// --mutations-per-request K: consecutive mutations of one kind share a
// request under aliases; the audit stays alone; the variables are renamed
// as the query renames them.
TEST(Requests, SeveralMutationsOfOneKindShareARequest) {
  Plan p;
  p.catalog = shipped_catalog();
  p.rules = shipped_rules(p.catalog);
  p.account = account_from_csv(p.catalog,
                               "email,store_id,role\n"
                               "a@x.com,1,Order Fulfillment\n"
                               "b@x.com,1,Marketing\n"
                               "c@x.com,1,Admin\n");
  PlanSettings settings;
  settings.limits.mutations_per_request = 2;
  build_plan(p, source_dir() + "/mappings", settings);
  ASSERT_EQ(p.requests.size(), 5u);  // creates 2 + 1, adds 2 + 1, the audit
  EXPECT_EQ(p.summary.requests, 5u);
  std::vector<size_t> sizes;
  for (const auto& r : p.requests) sizes.push_back(r.mutations.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 1, 2, 1, 1}));
  std::ostringstream out;
  write_requests_jsonl(p, out);
  std::istringstream lines(out.str());
  std::string first;
  std::getline(lines, first);
  auto j = nlohmann::json::parse(first);
  EXPECT_EQ(j["variables"].size(), 2u);
  EXPECT_EQ(j["variables"]["input_1"]["name"], "1 Admins");
  EXPECT_EQ(j["variables"]["input_2"]["name"], "1 Marketing");
  EXPECT_EQ(j["query"],
            "mutation createUserGroup($input_1: CreateUserGroupInput!, $input_2: CreateUserGroupInput!) {\n"
            "  m1: userGroup {\n"
            "    createUserGroup(input: $input_1) {\n"
            "      userGroup { id name description }\n"
            "      errors { message }\n"
            "    }\n"
            "  }\n"
            "  m2: userGroup {\n"
            "    createUserGroup(input: $input_2) {\n"
            "      userGroup { id name description }\n"
            "      errors { message }\n"
            "    }\n"
            "  }\n"
            "}\n");
}

// The first line of the error `f` throws (the message; then come the source
// line and the caret).
template <typename F>
std::string message_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    std::string text = render(e.diagnostics().front());
    return text.substr(0, text.find('\n'));
  }
  return "no error";
}

TEST(Requests, ATemplateThatCannotBeBatchedIsAnErrorAtItsLine) {
  Templates t;
  t.text["createUserGroup"] = "mutation createUserGroup($input: X!) {\n  a { b }\n  c { d }\n}\n";
  t.file["createUserGroup"] = "graphql/createUserGroup.graphql";
  t.text["auditUserGroups"] = "query auditUserGroups($first: Int) {\n  a { b }\n}\n";
  t.file["auditUserGroups"] = "graphql/auditUserGroups.graphql";
  EXPECT_EQ(message_of([&] { batched_query(t, "createUserGroup", 2); }),
            "graphql/createUserGroup.graphql:3:5: error: expected one top-level field, so that one alias names each mutation, to batch "
            "mutations, found '{'");
  EXPECT_EQ(message_of([&] { batched_query(t, "auditUserGroups", 2); }),
            "graphql/auditUserGroups.graphql:1:1: error: expected 'mutation' (only a mutation can carry several in one request) to batch "
            "mutations, found 'q'");
}

}  // namespace rolemig

namespace rolemig {

// Comments go (they would swallow what follows them on the joined line); a
// brace inside one is not the template's; names cannot collide ($in, $in_1).
TEST(Requests, BatchedQueriesDropCommentsAndKeepNamesApart) {
  Templates t;
  t.text["createUserGroup"] =
      "# creates a group\n"
      "mutation createUserGroup($in: X! # the group\n"
      ", $in_1: Y) {\n"
      "  userGroup { create(a: $in, b: $in_1) { id } } # closing } here\n"
      "}\n";
  t.file["createUserGroup"] = "graphql/createUserGroup.graphql";
  EXPECT_EQ(batched_query(t, "createUserGroup", 2),
            "mutation createUserGroup($in_1: X!, $in_1_1: Y, $in_2: X!, $in_1_2: Y) {\n"
            "  m1: userGroup { create(a: $in_1, b: $in_1_1) { id } }\n"
            "  m2: userGroup { create(a: $in_2, b: $in_1_2) { id } }\n"
            "}\n");
  t.text["createUserGroup"] = "mutation createUserGroup($input: X!) {\n  made: userGroup { create(input: $input) { id } }\n}\n";
  EXPECT_EQ(message_of([&] { batched_query(t, "createUserGroup", 2); }),
            "graphql/createUserGroup.graphql:2:7: error: expected a top-level field without an alias, so that rolemig's aliases name the "
            "mutations, to batch mutations, found ':'");
}

}  // namespace rolemig
