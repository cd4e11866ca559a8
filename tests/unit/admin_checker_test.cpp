#include "verify/admin_checker.h"

#include <gtest/gtest.h>

#include "mapping/current_merge.h"
#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {
const char* kPolicies = "policies:\n  - {name: P-AB, target: store, permissions: [A, B]}\n";

std::vector<std::string> emails(const Account& acc, const std::vector<UserIdx>& us) {
  std::vector<std::string> out;
  for (UserIdx u : us) out.push_back(acc.users[u].email);
  return out;
}
}  // namespace

TEST(AdminChecker, OwnersRequiredOthersUnexpected) {
  Catalog cat = tiny_catalog(kPolicies);
  // The rule forgets owners and puts every AB holder in Account Administrators.
  RuleSet rs = rules_from(cat, R"(version: 1
rules:
  - {name: wrong, match: {role: AB}, groups: [account-administrators]}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,status\n"
                                 "owner@x.com,1,Owner,active\n"
                                 "owner@x.com,2,Owner,active\n"
                                 "clerk@x.com,1,AB,active\n");
  Mapping m = apply_rules(cat, acc, rs);
  AdminCheck a = check_admins(acc, cat, m);
  ASSERT_EQ(a.required.size(), 1u);
  EXPECT_EQ(a.required[0].reason, "holds Owner on store 1; holds Owner on store 2");
  EXPECT_EQ(emails(acc, a.missing), std::vector<std::string>{"owner@x.com"});
  EXPECT_EQ(emails(acc, a.unexpected), std::vector<std::string>{"clerk@x.com"});
  EXPECT_EQ(a.active_members, 1u);
  EXPECT_FALSE(a.pass);
}

TEST(AdminChecker, PassesWithOwnersInAndFailsWithoutActiveMember) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, "version: 1\nrules:\n  - {name: owners, match: {role: Owner}, groups: [account-administrators]}\n");
  Account ok = account_from_csv(cat, "email,store_id,role\nowner@x.com,1,Owner\n");
  EXPECT_TRUE(check_admins(ok, cat, apply_rules(cat, ok, rs)).pass);
  Account idle = account_from_csv(cat, "email,store_id,role,status\nowner@x.com,1,Owner,suspended\n");
  AdminCheck a = check_admins(idle, cat, apply_rules(cat, idle, rs));
  EXPECT_EQ(a.active_members, 0u);
  EXPECT_FALSE(a.pass);
}

namespace {
// The shipped catalog; users by CSV; the live groups given as (name, grants
// known?, grants as (policy, target), member emails).
struct LiveGroup {
  std::string name;
  std::vector<std::pair<std::string, std::string>> grants;
  std::vector<std::string> members;
};

std::vector<CurrentGroup> live(const std::vector<LiveGroup>& gs) {
  std::vector<CurrentGroup> out;
  int n = 0;
  for (const auto& g : gs) {
    CurrentGroup c;
    c.id = "ug-" + std::to_string(++n);
    c.name = g.name;
    c.grants_known = true;
    for (const auto& [policy, target] : g.grants) c.grants.push_back(CurrentGrant{policy, target, SourceLoc{"audit.json", n, 1}});
    for (const auto& m : g.members) c.members.push_back(CurrentMember{m, ""});
    c.where = SourceLoc{"audit.json", n, 1};
    out.push_back(c);
  }
  return out;
}

const char* kUsers =
    "email,store_id,role,permissions\n"
    "owner@x.com,1,Store Owner,\n"
    "agent@x.com,1,Customer Support,Manage_Users\n"
    "lead@x.com,1,Customer Support,Manage_Users;Add_User;Edit_Users;Delete_Users;Grant_High_Risk_Store_Permissions\n"
    "clerk@x.com,1,Product Manager,\n";
}  // namespace

TEST(AdminChecker, ALiveMemberWithSomeAccountPermissionsIsOverGrantedNotRequired) {
  const Catalog& cat = shipped_catalog();
  Account acc = account_from_csv(cat, kUsers);
  Mapping m = mapping_from_current(
      acc, cat, live({{"Account Administrators", {{"Account Administrators", "account"}}, {"owner@x.com", "agent@x.com", "lead@x.com"}}}));
  AdminCheck a = check_admins(acc, cat, m);
  ASSERT_EQ(a.required.size(), 2u);
  EXPECT_EQ(acc.users[a.required[0].user].email, "lead@x.com");
  EXPECT_EQ(a.required[0].reason, "a current member holding every account permission the group grants");
  EXPECT_EQ(acc.users[a.required[1].user].email, "owner@x.com");
  EXPECT_EQ(emails(acc, a.unexpected), std::vector<std::string>{"agent@x.com"});
  ASSERT_EQ(a.over_granted.size(), 1u);
  EXPECT_EQ(acc.users[a.over_granted[0].user].email, "agent@x.com");
  EXPECT_EQ(a.over_granted[0].reason,
            "legacy account permissions: Manage_Users; the group would add Add_User, Edit_Users, Delete_Users, "
            "Grant_High_Risk_Store_Permissions");
  EXPECT_TRUE(a.removed.empty());
  EXPECT_TRUE(a.impostors.empty());
  EXPECT_FALSE(a.pass);
  auto steps = admin_manual_steps(acc, m, a, RemovalCandidates::all_live);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].group, "Account Administrators");
  EXPECT_EQ(steps[0].reason,
            "remove agent@x.com from the group by hand (rolemig never takes anyone out of it): they are not required; " + a.over_granted[0].reason);
}

TEST(AdminChecker, AStaleLiveMemberTheRulesDoNotPlaceIsUnexpectedWithAManualStep) {
  const Catalog& cat = shipped_catalog();
  Account acc = account_from_csv(cat, kUsers);
  Mapping m = apply_rules(cat, acc, shipped_rules(cat));
  merge_current_state(m, acc, cat, live({{"Account Administrators", {{"Account Administrators", "account"}}, {"owner@x.com", "clerk@x.com"}}}),
                      Prune::yes);
  AdminCheck a = check_admins(acc, cat, m);
  EXPECT_EQ(emails(acc, a.unexpected), std::vector<std::string>{"clerk@x.com"});
  EXPECT_TRUE(a.removed.empty());  // never taken out of the group, even with --prune
  ASSERT_EQ(a.over_granted.size(), 1u);
  EXPECT_EQ(a.over_granted[0].reason,
            "legacy account permissions: none; the group would add Manage_Users, Add_User, Edit_Users, Delete_Users, "
            "Grant_High_Risk_Store_Permissions");
  auto steps = admin_manual_steps(acc, m, a, RemovalCandidates::unplanned);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].reason,
            "remove clerk@x.com from the group by hand (rolemig never takes anyone out of it): the rules do not place them here and "
            "they are not required; " +
                a.over_granted[0].reason);
  EXPECT_FALSE(a.pass);
}

TEST(AdminChecker, ALookAlikeGroupIsAnImpostorWhateverItsName) {
  const Catalog& cat = shipped_catalog();
  Account acc = account_from_csv(cat, kUsers);
  Mapping m = mapping_from_current(acc, cat,
                                   live({{"Account Administrators", {{"Account Administrators", "account"}}, {"owner@x.com"}},
                                         {"Account  Administrators", {{"Account Administrators", "account"}}, {"clerk@x.com"}},
                                         {"account administrators\xC2\xA0", {}, {}},
                                         {"Helpers", {{"Account Administrators", "account"}}, {}}}));
  AdminCheck a = check_admins(acc, cat, m);
  ASSERT_EQ(a.impostors.size(), 3u);
  EXPECT_EQ(a.impostors[0].group, "Account  Administrators");
  EXPECT_EQ(a.impostors[0].reason,
            "its name 'Account  Administrators' equals 'Account Administrators' after case folding, NFKC normalisation and collapsing white space; "
            "it grants "
            "Account Administrators (every account permission); members: clerk@x.com");
  EXPECT_EQ(a.impostors[1].group, "Helpers");
  EXPECT_EQ(a.impostors[1].reason, "it grants Account Administrators (every account permission); members: none");
  EXPECT_EQ(a.impostors[2].group, "account administrators\xC2\xA0");
  EXPECT_TRUE(a.unexpected.empty());
  EXPECT_FALSE(a.pass);
}

TEST(AdminChecker, RulesRefuseGroupsNamedLikeAccountAdministrators) {
  const Catalog& cat = shipped_catalog();
  auto error = [&](const std::string& name) {
    try {
      rules_from(cat, "version: 1\ngroups:\n  - id: admins-2\n    name: \"" + name + "\"\n    scope: account\n");
    } catch (const InputError& e) {
      return e.diagnostics()[0].loc.str() + ": " + e.diagnostics()[0].message;
    }
    return std::string("no error");
  };
  const std::string expected =
      "rules.yaml:4:11: expected a group name other than 'Account Administrators' (names are compared after case folding, NFKC "
      "normalisation and collapsing white space; only the built-in group 'account-administrators' is that group), found ";
  EXPECT_EQ(error("Account Administrators"), expected + "'Account Administrators'");
  EXPECT_EQ(error("account administrators"), expected + "'account administrators'");
  EXPECT_EQ(error("Account Administrators "), expected + "'Account Administrators '");
  EXPECT_EQ(error("Account\xC2\xA0"
                  "Administrators"),
            expected + "'Account\\u{00A0}Administrators'");
  EXPECT_EQ(error("\xEF\xBC\xA1"
                  "ccount Administrators"),
            expected +
                "'\xEF\xBC\xA1"
                "ccount Administrators'");
  EXPECT_EQ(error("Account Administrators Team"), "no error");
  // A per-store name that renders as it is caught when rendered.
  RuleSet rs = rules_from(cat,
                          "version: 1\ngroups:\n  - id: per-store\n    name: \"{store.name} Administrators\"\n    scope: per-store\n"
                          "rules:\n  - {name: all, match: {}, groups: [per-store]}\n");
  AccountBuilder b(cat);
  std::istringstream stores("store_id,name\n1,ACCOUNT\n");
  read_stores_csv(stores, "stores.csv", b);
  std::istringstream users("email,store_id,role\na@x.com,1,Admin\n");
  read_users_csv(users, "users.csv", cat, b);
  Account acc = b.finish();
  try {
    apply_rules(cat, acc, rs);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].loc.str(), "rules.yaml:3:9");
    EXPECT_EQ(e.diagnostics()[0].message,
              "expected a group name other than 'Account Administrators' (names are compared after case folding, "
              "NFKC normalisation and collapsing white space; only the built-in group "
              "'account-administrators' is that group), found 'ACCOUNT Administrators'");
  }
  // So is a derived group's name.
  RuleSet derive = rules_from(cat,
                              "version: 1\nrules:\n  - name: rest\n    match: {}\n    derive: true\n"
                              "    group_name: \"{store.name}\\tadministrators\"\n");
  try {
    apply_rules(cat, acc, derive);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].loc.str(), "rules.yaml:3:11");
    EXPECT_EQ(e.diagnostics()[0].message,
              "expected a group name other than 'Account Administrators' (names are compared after case folding, "
              "NFKC normalisation and collapsing white space; only the built-in group "
              "'account-administrators' is that group), found 'ACCOUNT\\u{0009}administrators'");
  }
}

}  // namespace rolemig
