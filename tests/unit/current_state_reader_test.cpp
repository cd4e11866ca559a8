#include "io/current_state_reader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {

TEST(CurrentStateReader, ReadsPagesMergesGroupsAndFoldsEmails) {
  AuditFields f;
  std::string text = R"([
{"data":{"account":{"userGroups":{"edges":[{"node":{"id":"g1","name":"A","description":"d","grants":[{"policy":"Orders Read","target":"store:1"}],"members":{"edges":[{"node":{"id":"1","email":"X@Y.com"}}]}}}]}}}},
{"data":{"account":{"userGroups":{"nodes":[{"id":"g1","name":"A","members":{"nodes":[{"id":"2","email":"z@y.com"}]}},{"id":"g2","name":"B","members":[]}]}}}}
])";
  auto groups = read_current_state(text, "audit.json", f);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "A");
  EXPECT_TRUE(groups[0].grants_known);
  ASSERT_EQ(groups[0].members.size(), 2u);
  EXPECT_EQ(groups[0].members[0].email, "x@y.com");
  EXPECT_EQ(groups[0].members[1].email, "z@y.com");
  EXPECT_FALSE(groups[1].grants_known);
}

TEST(CurrentStateReader, FieldNamesComeFromTheMapping) {
  AuditFields f;
  f.groups = {"data", "groups"};
  f.group_members = "users";
  f.member_email = "login";
  auto groups = read_current_state(R"({"data":{"groups":[{"name":"A","users":[{"login":"a@b.com"}]}]}})", "a.json", f);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].members[0].email, "a@b.com");
}

TEST(CurrentStateReader, ErrorsNameThePlace) {
  AuditFields f;
  auto message = [&](const std::string& text) {
    try {
      read_current_state(text, "audit.json", f);
    } catch (const InputError& e) {
      return e.diagnostics()[0].loc.str() + ": " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"data":{"account":{}}})"),
            "audit.json:1:20: expected 'data.account.userGroups' in the audit response (audit_fields.yaml 'groups'), found none");
  EXPECT_EQ(message(R"({"errors":[{"message":"rate limited"}]})"),
            "audit.json:1:11: expected a complete audit, found GraphQL errors in the response: 'rate limited'");
  EXPECT_EQ(message(R"({"data":{"account":{"userGroups":[{"members":[]}]}}})"), "audit.json:1:35: expected a group to have 'name', found none");
}

TEST(CurrentStateReader, ShippedFieldMapLoads) {
  AuditFields f = load_audit_fields(testing::source_dir() + "/mappings");
  EXPECT_EQ(f.groups, (std::vector<std::string>{"data", "account", "userGroups"}));
  EXPECT_EQ(f.group_grants, "grants");
}

TEST(CurrentStateReader, GroupsAreIdentifiedByIdAndTwoIdsWithOneNameAreAnError) {
  AuditFields f;
  // The same id on two pages is one group; its grants come from the page that shows them.
  auto groups = read_current_state(R"({"data":{"account":{"userGroups":[{"id":"g1","name":"A","members":[{"email":"a@b.com"}]}]}}}
{"data":{"account":{"userGroups":[{"id":"g1","name":"A","grants":[],"members":[{"email":"c@b.com"}]}]}}})",
                                   "audit.jsonl", f);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_TRUE(groups[0].grants_known);
  EXPECT_EQ(groups[0].members.size(), 2u);
  try {
    read_current_state(R"({"data":{"account":{"userGroups":[{"id":"g1","name":"A","members":[]}]}}}
{"data":{"account":{"userGroups":[{"id":"g2","name":"A","grants":[{"policy":"P","target":"account"}],"members":[]}]}}})",
                       "audit.jsonl", f);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(render(e.diagnostics()[0]),
              "audit.jsonl:2:35: error: expected one live group per name, found 'A' again with id 'g2' (the first has id 'g1'); "
              "first given at audit.jsonl:1:35\n"
              "    2 | "
              "{\"data\":{\"account\":{\"userGroups\":[{\"id\":\"g2\",\"name\":\"A\",\"grants\":[{\"policy\":\"P\",\"target\":\"account\"}],"
              "\"members\":[]}]}}}\n"
              "      |                                   ^\n");
  }
}

}  // namespace rolemig
