#include "mapping/rule_engine.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "util/text.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-C, target: store, permissions: [C]}
  - {name: P-D, target: store, permissions: [D]}
  - {name: P-U, target: account, permissions: [U]}
)";

const char* kGroups = R"(version: 1
groups:
  - id: ab
    name: "{store.name} AB"
    description: "AB on {store.id}"
    scope: per-store
    grants: [{policy: P-AB, target: store}]
  - id: c
    name: "{store.name} C"
    scope: per-store
    grants: [{policy: P-C, target: store}]
  - id: users
    name: User managers
    scope: account
    grants: [{policy: P-U, target: account}]
)";

std::vector<std::string> group_names(const Mapping& m) {
  std::vector<std::string> out;
  for (const auto& g : m.groups) out.push_back(g.name);
  return out;
}

std::vector<std::string> members(const Account& acc, const Group& g) {
  std::vector<std::string> out;
  for (UserIdx u : g.members) out.push_back(acc.users[u].email);
  return out;
}

const Group& group(const Mapping& m, const std::string& name) {
  for (const auto& g : m.groups)
    if (g.name == name) return g;
  throw std::runtime_error("no group " + name);
}

}  // namespace

TEST(RuleEngine, UnionOfMatchingRulesAndPerStoreInstances) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
  - {name: abc, match: {role: ABC}, groups: [ab, c]}
  - {name: owners, match: {role: Owner}, groups: [account-administrators, ab, c]}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role\n"
                                 "a@x.com,1,AB\n"
                                 "a@x.com,2,ABC\n"
                                 "b@x.com,2,AB\n"
                                 "o@x.com,1,Owner\n");
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(group_names(m), (std::vector<std::string>{"Account Administrators", "1 AB", "1 C", "2 AB", "2 C"}));
  EXPECT_EQ(members(acc, group(m, "2 AB")), (std::vector<std::string>{"a@x.com", "b@x.com"}));
  EXPECT_EQ(members(acc, group(m, "Account Administrators")), std::vector<std::string>{"o@x.com"});
  EXPECT_EQ(group(m, "2 AB").key, "ab@2");
  EXPECT_EQ(group(m, "2 AB").description, "AB on 2");
  EXPECT_EQ(group(m, "2 AB").rules, (std::vector<std::string>{"ab", "abc"}));
}

TEST(RuleEngine, FinalStopsLaterRulesAndUnmatchedSeesEarlierOnes) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: first, match: {email: "vip@*"}, groups: [ab], final: true}
  - {name: second, match: {role: AB}, groups: [c]}
  - {name: rest, match: {unmatched: true}, groups: [users]}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role\n"
                                 "vip@x.com,1,AB\n"
                                 "a@x.com,1,AB\n"
                                 "z@x.com,1,ABC\n");
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(members(acc, group(m, "1 AB")), std::vector<std::string>{"vip@x.com"});
  EXPECT_EQ(members(acc, group(m, "1 C")), std::vector<std::string>{"a@x.com"});
  EXPECT_EQ(members(acc, group(m, "User managers")), std::vector<std::string>{"z@x.com"});
}

TEST(RuleEngine, MatchKeysStoreStatusPermissionsAndRoleClasses) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: store2, match: {store: "2*"}, groups: [ab]}
  - {name: suspended, match: {status: suspended}, groups: [c]}
  - {name: has-c, match: {has_permissions: [C]}, groups: [users]}
)");
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,status\n"
                                 "a@x.com,20,AB,active\n"
                                 "b@x.com,1,AB,suspended\n"
                                 "c@x.com,1,ABC,active\n");
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(members(acc, group(m, "20 AB")), std::vector<std::string>{"a@x.com"});
  EXPECT_EQ(members(acc, group(m, "1 C")), std::vector<std::string>{"b@x.com"});
  EXPECT_EQ(members(acc, group(m, "User managers")), std::vector<std::string>{"c@x.com"});
}

TEST(RuleEngine, DeriveCoversTheResidualAndSharesGroups) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: "standard:*"}, groups: [ab]}
  - {name: residual, match: {}, derive: true}
)");
  // a and b: AB + checkbox D on store 1 -> residual {D}: one shared derived group.
  // c: ABC on store 1 -> residual {C}: its own group. d: role-less D on store 2.
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "a@x.com,1,AB,D\n"
                                 "b@x.com,1,AB,D\n"
                                 "c@x.com,1,ABC,\n"
                                 "d@x.com,2,,D\n");
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(group_names(m), (std::vector<std::string>{"Account Administrators", "1 AB", "1 AB (2)", "1 ABC", "2 access"}));
  // "1 AB" is the rule group; the derived group named from its first member's role takes " (2)".
  const Group& d1 = group(m, "1 AB (2)");
  EXPECT_TRUE(d1.derived);
  EXPECT_EQ(members(acc, d1), (std::vector<std::string>{"a@x.com", "b@x.com"}));
  ASSERT_EQ(d1.grants.size(), 1u);
  EXPECT_EQ(cat.policies[*d1.grants[0].policy].name, "P-D");
  EXPECT_EQ(members(acc, group(m, "1 ABC")), std::vector<std::string>{"c@x.com"});
  EXPECT_EQ(members(acc, group(m, "2 access")), std::vector<std::string>{"d@x.com"});
  Verification v = verify_access(acc, cat, m, rs);
  for (const auto& u : v.users) EXPECT_EQ(u.status, UserStatus::equal) << acc.users[u.user].email;
}

TEST(RuleEngine, DerivedGroupThatWouldGrantNothingIsNotCreated) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: residual, match: {role: "*"}, derive: true, group_name: "{store.id} {role} leftovers"}
)");
  Account acc = account_from_csv(cat, "email,store_id,permissions\na@x.com,1,E\nb@x.com,1,C;E\n");
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(group_names(m), (std::vector<std::string>{"Account Administrators", "1 no role leftovers"}));
  Verification v = verify_access(acc, cat, m, rs);
  EXPECT_EQ(diffs(acc, cat, v.users[0].lost), std::vector<std::string>{"store:1 E"});
  EXPECT_EQ(diffs(acc, cat, v.users[1].lost), std::vector<std::string>{"store:1 E"});
}

TEST(RuleEngine, TwoDefinitionsRenderingOneNameIsAnError) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, R"(version: 1
groups:
  - id: one
    name: "Team {store.name}"
    scope: per-store
    grants: [{policy: P-AB, target: store}]
  - id: two
    name: "Team {store.id}"
    scope: per-store
    grants: [{policy: P-C, target: store}]
rules:
  - {name: all, match: {}, groups: [one, two]}
)");
  Account acc = account_from_csv(cat, "email,store_id,role\na@x.com,1,AB\n");
  try {
    apply_rules(cat, acc, rs);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(render(e.diagnostics()[0]),
              "rules.yaml:7:9: error: expected unique group names, found 'Team 1' rendered by group 'one' for store 1 and by "
              "group 'two' for store 1; one is defined at rules.yaml:3:9\n"
              "    7 |   - id: two\n"
              "      |         ^\n");
  }
}

TEST(RuleEngine, TwoStoresWithOneNameAreNamedAsTheCause) {
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + "rules:\n  - {name: ab, match: {role: AB}, groups: [ab]}\n");
  AccountBuilder b(cat);
  b.add_store("2", "Outlet", "");
  b.add_store("1", "Outlet", "");
  std::istringstream in("email,store_id,role\nz@x.com,1,AB\na@x.com,2,AB\n");
  read_users_csv(in, "users.csv", cat, b);
  Account acc = b.finish();
  try {
    apply_rules(cat, acc, rs);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].message,
              "expected unique group names, found 'Outlet AB' rendered by group 'ab' for both store 1 and store 2 (both stores "
              "are named 'Outlet'; give them distinct names in the stores file or use {store.id})");
  }
}

TEST(RuleEngine, RenderTemplate) {
  Store s{"7", "Outlet", "eu"};
  EXPECT_EQ(render_template("{store.name} ({store.region}, {store.id}) {role}", &s, "Admin"), "Outlet (eu, 7) Admin");
}

}  // namespace rolemig

namespace rolemig {
TEST(RuleEngineDerive, EachMemberKeepsItsOwnDeriveRule) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog("policies:\n  - {name: P-D, target: store, permissions: [D]}\n");
  RuleSet rs = rules_from(cat, R"(version: 1
rules:
  - {name: a-extras, match: {email: "a@*"}, derive: true}
  - {name: b-extras, match: {email: "b@*"}, derive: true}
)");
  Account acc = account_from_csv(cat, "email,store_id,permissions\na@x.com,1,D\nb@x.com,1,D\n");
  Mapping m = apply_rules(cat, acc, rs);
  ASSERT_EQ(m.groups.size(), 2u);
  EXPECT_EQ(m.groups[1].rules, (std::vector<std::string>{"a-extras", "b-extras"}));
  ASSERT_EQ(m.memberships.size(), 2u);
  EXPECT_EQ(m.rule_names[m.memberships[1].rules.at(0)], "b-extras");
}
}  // namespace rolemig

namespace rolemig {
// SPEC 2.5: clashing derived names are numbered in order of (store id, sorted
// residual), a residual being its permission ids in byte order compared
// element by element, a prefix first; the keys derived@<store>#<n> follow the
// same order. The catalog lists B before A, so bit order is not byte order.
TEST(RuleEngineDerive, SuffixesFollowSortedResidualIdsWithAPrefixFirst) {
  using namespace rolemig::testing;
  CatalogSources src;
  src.permissions_text = R"(permissions:
  - {id: B, area: x, scope: store}
  - {id: A, area: x, scope: store}
  - {id: C, area: x, scope: store}
)";
  src.permissions_file = "permissions.yaml";
  src.roles_text = "roles:\n  - {name: Owner, account_admin: true, all: [store]}\n";
  src.roles_file = "roles.yaml";
  src.policies_text = R"(policies:
  - {name: P-A, target: store, permissions: [A]}
  - {name: P-B, target: store, permissions: [B]}
  - {name: P-C, target: store, permissions: [C]}
)";
  src.policies_file = "policies.yaml";
  Catalog cat = load_catalog(src);
  RuleSet rs = rules_from(cat, "version: 1\nrules:\n  - {name: residual, match: {}, derive: true}\n");
  Account acc = account_from_csv(cat,
                                 "email,store_id,permissions\n"
                                 "b@x.com,1,B\n"
                                 "ac@x.com,1,C;A\n"
                                 "ab@x.com,1,B;A\n"
                                 "a@x.com,1,A\n"
                                 "z@x.com,0,C\n");
  Mapping m = apply_rules(cat, acc, rs);
  std::vector<std::string> got;
  for (const auto& g : m.groups) {
    if (!g.derived) continue;
    std::vector<std::string> mem;
    for (UserIdx u : g.members) mem.push_back(acc.users[u].email);
    got.push_back(g.key + " " + g.name + ": " + join(mem, ","));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"derived@0#1 0 access: z@x.com",
                                           "derived@1#1 1 access: a@x.com",         // [A]
                                           "derived@1#2 1 access (2): ab@x.com",    // [A, B]: [A] is its prefix
                                           "derived@1#3 1 access (3): ac@x.com",    // [A, C]
                                           "derived@1#4 1 access (4): b@x.com"}));  // [B]
}
}  // namespace rolemig

namespace rolemig {
namespace {

// One line per rule of a trace: "index name (where): outcome".
std::vector<std::string> trace_lines(const RuleSet& rs, const AssignmentTrace& t) {
  std::vector<std::string> out;
  for (const RuleTrace& r : t.rules) {
    const Rule& rule = rs.rules[r.rule];
    std::string outcome = r.outcome == RuleOutcome::matched  ? "matched"
                          : r.outcome == RuleOutcome::failed ? "failed on " + std::string(match_key_name(*r.failed_key))
                                                             : "not reached";
    out.push_back(fmt::format("{} {} ({}): {}", r.rule, rule.name, rule.where.str(), outcome));
  }
  return out;
}

std::vector<std::string> grant_names(const Account& acc, const Catalog& cat, const std::vector<Grant>& gs) {
  std::vector<std::string> out;
  for (const Grant& g : gs) out.push_back(cat.policies[*g.policy].name + " @ " + acc.target_name(g.target));
  return out;
}

}  // namespace

TEST(RuleEngineTrace, EachRuleMatchedOrFailedOnAKeyUntilFinalStops) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
  - {name: abc, match: {role: ABC}, groups: [ab]}
  - {name: store2, match: {store: "2*"}, groups: [c]}
  - {name: vip, match: {email: "vip@*"}, groups: [c]}
  - {name: suspended, match: {status: suspended}, groups: [c]}
  - {name: has-d, match: {has_permissions: [D]}, groups: [c]}
  - {name: rest, match: {unmatched: true}, groups: [users]}
  - {name: stop, match: {role: ABC, store: "1"}, groups: [c], final: true}
  - {name: never, match: {}, groups: [users]}
)");
  Account acc = account_from_csv(cat, "email,store_id,role,status\na@x.com,1,ABC,active\n");
  AssignmentTrace t = trace_assignment(cat, acc, rs, 0);
  EXPECT_EQ(trace_lines(rs, t),
            (std::vector<std::string>{"0 ab (rules.yaml:17:12): failed on role", "1 abc (rules.yaml:18:12): matched",
                                      "2 store2 (rules.yaml:19:12): failed on store", "3 vip (rules.yaml:20:12): failed on email",
                                      "4 suspended (rules.yaml:21:12): failed on status", "5 has-d (rules.yaml:22:12): failed on has_permissions",
                                      "6 rest (rules.yaml:23:12): failed on unmatched", "7 stop (rules.yaml:24:12): matched",
                                      "8 never (rules.yaml:25:12): not reached"}));
  EXPECT_EQ(t.rules[0], (RuleTrace{0, RuleOutcome::failed, MatchKey::role}));
  EXPECT_EQ(t.rules[1], (RuleTrace{1, RuleOutcome::matched, std::nullopt}));
  EXPECT_EQ(t.rules[8], (RuleTrace{8, RuleOutcome::not_reached, std::nullopt}));
  EXPECT_EQ(t.stopped_by, std::optional<size_t>(7));
  EXPECT_EQ(t.derive_rule, std::nullopt);
  EXPECT_EQ(t.residual, cat.empty_set());
  EXPECT_TRUE(t.cover.empty());
  // The plan decides the same: abc and stop put it in "1 AB" and "1 C", never does not.
  Mapping m = apply_rules(cat, acc, rs);
  EXPECT_EQ(group_names(m), (std::vector<std::string>{"Account Administrators", "1 AB", "1 C"}));
}

TEST(RuleEngineTrace, NoFinalRuleEvaluatesEveryRule) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
  - {name: rest, match: {unmatched: true}, groups: [users]}
)");
  Account acc = account_from_csv(cat, "email,store_id,role\na@x.com,1,ABC\n");
  AssignmentTrace t = trace_assignment(cat, acc, rs, 0);
  EXPECT_EQ(trace_lines(rs, t), (std::vector<std::string>{"0 ab (rules.yaml:17:12): failed on role", "1 rest (rules.yaml:18:12): matched"}));
  EXPECT_EQ(t.stopped_by, std::nullopt);
}

TEST(RuleEngineTrace, ResidualAndItsCoverAreTheDerivedGroups) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + R"(rules:
  - {name: ab, match: {role: "standard:*"}, groups: [ab]}
  - {name: residual, match: {}, derive: true}
)");
  // a: ABC + D, E, U on store 1; group ab grants A, B: the residual is C, D, E, U,
  // covered by P-C and P-D at the store and P-U on the account (E: no policy fits).
  // b: AB + E: the residual E has no cover, so no derived group.
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "a@x.com,1,ABC,D;E;U\n"
                                 "b@x.com,1,AB,E\n");
  AssignmentTrace a = trace_assignment(cat, acc, rs, 0);
  EXPECT_EQ(trace_lines(rs, a), (std::vector<std::string>{"0 ab (rules.yaml:17:12): matched", "1 residual (rules.yaml:18:12): matched"}));
  EXPECT_EQ(a.derive_rule, std::optional<size_t>(1));
  EXPECT_EQ(a.residual, perms(cat, {"C", "D", "E", "U"}));
  EXPECT_EQ(grant_names(acc, cat, a.cover), (std::vector<std::string>{"P-C @ store:1", "P-D @ store:1", "P-U @ account"}));

  AssignmentTrace b = trace_assignment(cat, acc, rs, 1);
  EXPECT_EQ(b.derive_rule, std::optional<size_t>(1));
  EXPECT_EQ(b.residual, perms(cat, {"E"}));
  EXPECT_TRUE(b.cover.empty());

  // The plan's derived group grants exactly the traced cover, and only a joins it.
  Mapping m = apply_rules(cat, acc, rs);
  const Group& derived = group(m, "1 ABC");
  EXPECT_TRUE(derived.derived);
  EXPECT_EQ(derived.grants, a.cover);
  EXPECT_EQ(members(acc, derived), std::vector<std::string>{"a@x.com"});
}

TEST(RuleEngineTrace, AnAssignmentThatIsNotThereIsAnInternalError) {
  using namespace rolemig::testing;
  Catalog cat = tiny_catalog(kPolicies);
  RuleSet rs = rules_from(cat, std::string(kGroups) + "rules:\n  - {name: ab, match: {role: AB}, groups: [ab]}\n");
  Account acc = account_from_csv(cat, "email,store_id,role\na@x.com,1,AB\n");
  EXPECT_THROW(trace_assignment(cat, acc, rs, 1), InternalError);
}

}  // namespace rolemig
