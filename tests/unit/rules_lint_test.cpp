#include "verify/rules_lint.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-C, target: store, permissions: [C]}
  - {name: P-U, target: account, permissions: [U]}
)";

const char* kGroups = R"(version: 1
groups:
  - id: ab
    name: "{store.name} AB"
    scope: per-store
    grants: [{policy: P-AB, target: store}]
  - id: c
    name: "{store.name} C"
    scope: per-store
    grants: [{policy: P-C, target: store}]
)";

std::vector<std::string> lines(const std::vector<LintFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.where.str() + ": " + std::string(lint_kind_name(f.kind)) + ": " + f.message);
  return out;
}

}  // namespace

TEST(RulesLint, CleanRulesHaveNoFindings) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
  - {name: c, match: {role: ABC}, groups: [ab, c]}
  - {name: rest, match: {}, derive: true}
)");
  EXPECT_EQ(lines(lint_rules(cat, rs, std::nullopt)), std::vector<std::string>{});
}

TEST(RulesLint, ShippedRulesHaveNoFindings) {
  const Catalog& cat = shipped_catalog();
  EXPECT_EQ(lines(lint_rules(cat, shipped_rules(cat), std::nullopt)), std::vector<std::string>{});
}

TEST(RulesLint, UnusedGroupAndUnplacedRole) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
)");
  EXPECT_EQ(lines(lint_rules(cat, rs, std::nullopt)),
            (std::vector<std::string>{
                "roles.yaml:2:12: unplaced-role: standard role 'Owner' is placed by no rule (no role key, '*', 'standard:*' or name that holds "
                "for it): its assignments would get no group and lose every permission",
                "roles.yaml:4:12: unplaced-role: standard role 'ABC' is placed by no rule (no role key, '*', 'standard:*' or name that holds for "
                "it): its assignments would get no group and lose every permission",
                "rules.yaml:7:9: unused-group: group 'c' is given by no rule: it would never be created",
            }));
}

TEST(RulesLint, ShadowedRules) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab-1001, match: {role: [AB, ABC], store: "10*", email: "*@x.example"}, groups: [ab], final: true}
  - {name: narrower, match: {role: AB, store: ["1001", "1002"], email: "ann@x.example"}, groups: [c]}
  - {name: other-store, match: {role: AB, store: "2*", email: "ann@x.example"}, groups: [c]}
  - {name: any-email, match: {role: AB, store: "1001"}, groups: [c]}
  - {name: all, match: {}, groups: [c], final: true}
  - {name: after-all, match: {role: Owner}, derive: true}
)");
  EXPECT_EQ(lines(lint_rules(cat, rs, std::nullopt)),
            (std::vector<std::string>{
                "rules.yaml:13:12: shadowed-rule: rule 'narrower' is never reached: rule 'ab-1001' (rules.yaml:12:12) is final and matches "
                "every assignment it matches",
                "rules.yaml:17:12: shadowed-rule: rule 'after-all' is never reached: rule 'all' (rules.yaml:16:12) is final and matches every "
                "assignment it matches",
            }));
}

TEST(RulesLint, BroadWaiverAndDeadStoreGlobs) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB, store: ["1001", "2OO2", "3*"]}, groups: [ab, c]}
  - {name: rest, match: {}, derive: true}
waivers:
  - {match: {}, change: any, reason: everything}
  - {match: {}, change: loss, reason: losses only}
  - {match: {store: [account, "2OO2"]}, change: any, reason: typo}
)");
  EXPECT_EQ(lines(lint_rules(cat, rs, std::nullopt)),
            (std::vector<std::string>{
                "rules.yaml:15:5: broad-waiver: waiver accepts every gain and every loss of every user (no match keys, no permissions, change: "
                "any): no difference the rules cause can show",
            }));
  EXPECT_EQ(lines(lint_rules(cat, rs, std::vector<std::string>{"1001", "2002"})),
            (std::vector<std::string>{
                "rules.yaml:12:12: dead-store-glob: store '2OO2' of rule 'ab': it matches none of the 2 known store ids; did you mean '2002'?",
                "rules.yaml:12:12: dead-store-glob: store '3*' of rule 'ab': it matches none of the 2 known store ids",
                "rules.yaml:15:5: broad-waiver: waiver accepts every gain and every loss of every user (no match keys, no permissions, change: "
                "any): no difference the rules cause can show",
                "rules.yaml:17:5: dead-store-glob: store '2OO2' of the waiver: it matches none of the 2 known store ids; did you mean '2002'?",
            }));
}

TEST(RulesLint, ShadowingIsDecidedKeyByKey) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: leftovers, match: {unmatched: true}, groups: [ab], final: true}
  - {name: not-unmatched, match: {role: AB}, groups: [c]}
  - {name: also-unmatched, match: {unmatched: true, role: AB}, groups: [c]}
  - {name: has-a, match: {has_permissions: [A], status: [active, invited]}, groups: [c], final: true}
  - {name: has-ab, match: {has_permissions: [A, B], status: active}, groups: [c]}
  - {name: has-c, match: {has_permissions: [C], status: active}, groups: [c]}
  - {name: any-status, match: {has_permissions: [A, B]}, groups: [c]}
)");
  EXPECT_EQ(lines(lint_rules(cat, rs, std::nullopt)),
            (std::vector<std::string>{
                "rules.yaml:14:12: shadowed-rule: rule 'also-unmatched' is never reached: rule 'leftovers' (rules.yaml:12:12) is final and "
                "matches every assignment it matches",
                "rules.yaml:16:12: shadowed-rule: rule 'has-ab' is never reached: rule 'has-a' (rules.yaml:15:12) is final and matches every "
                "assignment it matches",
            }));
}

TEST(RulesLint, AWaiverListingNoPermissionMatchesNothing) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: rest, match: {}, derive: true}
waivers:
  - {match: {}, permissions: [No_Permission_Required], change: loss, reason: nothing}
  - {match: {store: account}, change: gain, reason: account gains}
)");
  Account acc = account_from_csv(cat, "email,store_id,role\nann@x.example,1001,AB\n");
  EXPECT_EQ(lines(lint_against_account(cat, rs, acc, std::nullopt, "").findings),
            (std::vector<std::string>{
                "rules.yaml:14:5: waiver-matches-nothing: waiver lists no permission it could accept: it matches nothing",
            }));
}

TEST(RulesLint, AgainstAnExport) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab-typo, match: {role: AB, store: "2OO2"}, groups: [ab]}
  - {name: abc, match: {role: ABC}, groups: [ab]}
  - {name: rest, match: {}, derive: true}
waivers:
  - {match: {email: "*@agency.example"}, change: loss, reason: agencies}
  - {match: {role: ABC}, change: loss, reason: ABC users}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "ann@x.example,2002,AB,\n"
                                 "bob@x.example,2002,ABC,\n"
                                 "cy@x.example,3003,ABC,D\n"
                                 "dee@x.example,3003,,A\n");
  LintReport r = lint_against_account(cat, rs, acc, std::vector<std::string>{"2002"}, "stores.csv");
  EXPECT_EQ(lines(r.findings),
            (std::vector<std::string>{
                "rules.yaml:12:12: rule-matches-nothing: rule 'ab-typo' matches none of the export's 4 assignments (role fails for 3, "
                "store for 1)",
                "rules.yaml:16:5: waiver-matches-nothing: waiver holds for none of the export's 4 users on any target",
                "users.csv:4:1: store-not-in-stores: store '3003' has assignments in the export but is not in stores.csv: its groups would be "
                "named after its id",
            }));
  ASSERT_TRUE(r.coverage);
  EXPECT_EQ(r.coverage->assignments, 4u);
  EXPECT_EQ(r.coverage->explicit_groups, 2u);  // bob and cy (abc)
  EXPECT_EQ(r.coverage->derived, 4u);          // ann (A, B), bob (C), cy (C, D), dee (A)
  EXPECT_EQ(r.coverage->derive_only, 2u);      // ann, dee
  EXPECT_EQ(r.coverage->unplaced, 0u);
}

}  // namespace rolemig
