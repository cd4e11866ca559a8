#include "io/rules_loader.h"

#include <gtest/gtest.h>

#include "test_files.h"

#include <fstream>
#include <sstream>

#include "io/catalog_loader.h"
#include "io/yaml_doc.h"
#include "util/error.h"

namespace rolemig {

namespace {

const Catalog& catalog() {
  static const Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  return cat;
}

std::string rendered(const InputError& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += render(d);
  return out;
}

std::string rules_error(const std::string& yaml) {
  try {
    load_rules(catalog(), yaml, "rules.yaml");
  } catch (const InputError& e) {
    return rendered(e);
  }
  return "";
}

// A valid rules file's groups; tests append their own rules and waivers.
const std::string kGroups =
    "version: 1\n"                              //  1
    "groups:\n"                                 //  2
    "  - id: store-fulfillment\n"               //  3
    "    name: \"{store.name} Fulfillment\"\n"  //  4
    "    scope: per-store\n"                    //  5
    "    grants:\n"                             //  6
    "      - policy: Orders Manage\n"           //  7
    "        target: store\n"                   //  8
    "  - id: user-managers\n"                   //  9
    "    name: User Managers\n"                 // 10
    "    scope: account\n"                      // 11
    "    grants:\n"                             // 12
    "      - policy: Account Users Manage\n"    // 13
    "        target: account\n";                // 14

using Strings = std::vector<std::string>;

}  // namespace

TEST(RulesLoader, ShippedRulesLoad) {
  RuleSet rs = load_rules(catalog(), testing::slurp(ROLEMIG_SOURCE_DIR "/mappings/rules.yaml"), "rules.yaml");
  EXPECT_EQ(rs.file, "rules.yaml");
  // The built-in Account Administrators group comes first.
  ASSERT_EQ(rs.groups.size(), 11u);
  EXPECT_EQ(rs.groups[0].id, "account-administrators");
  EXPECT_EQ(rs.groups[0].name, "Account Administrators");
  EXPECT_TRUE(rs.groups[0].builtin_admins);
  EXPECT_EQ(rs.groups[1].id, "store-owners");
  EXPECT_EQ(rs.groups[1].name, "{store.name} Store Owners");
  EXPECT_EQ(rs.groups[1].scope, GroupScope::per_store);
  EXPECT_EQ(rs.groups[1].grants.size(), 12u);
  EXPECT_EQ(rs.groups[10].id, "account-user-managers");
  EXPECT_EQ(rs.groups[10].scope, GroupScope::account);
  ASSERT_EQ(rs.groups[10].grants.size(), 1u);
  EXPECT_EQ(catalog().policies[rs.groups[10].grants[0].policy].name, "Account Users Manage");
  EXPECT_EQ(rs.groups[10].grants[0].kind, GrantDef::Kind::account);
  Strings rules;
  for (const auto& r : rs.rules) rules.push_back(r.name);
  EXPECT_EQ(rules, (Strings{"store-owner", "admin", "marketing", "order-fulfillment", "product-manager", "customer-support", "sales-staff",
                            "sales-manager", "store-administrator", "residual"}));
  EXPECT_EQ(rs.rules[0].groups, (std::vector<size_t>{0, 1}));
  ASSERT_TRUE(rs.rules[0].match.role);
  EXPECT_EQ(rs.rules[0].match.role->roles, (std::vector<RoleIdx>{*catalog().find_role("Store Owner")}));
  EXPECT_TRUE(rs.rules[9].derive);
  EXPECT_FALSE(rs.rules[9].match.role);
  EXPECT_TRUE(rs.waivers.empty());
}

TEST(RulesLoader, FullFileLoads) {
  RuleSet rs = load_rules(catalog(),
                          kGroups +
                              "rules:\n"
                              "  - name: fulfillment\n"
                              "    match: { role: Order Fulfillment, store: [\"1\", \"2*\"], status: [active, invited] }\n"
                              "    groups: [store-fulfillment]\n"
                              "    final: true\n"
                              "  - name: custom\n"
                              "    match: { role: [\"custom:*\", \"standard:*\"], email: \"*@x.com\", has_permissions: [Manage_Orders] }\n"
                              "    derive: true\n"
                              "    group_name: \"{store.name} {role} extras\"\n"
                              "  - name: rest\n"
                              "    match: { role: \"*\", unmatched: true }\n"
                              "    groups: [user-managers]\n"
                              "waivers:\n"
                              "  - match: { email: \"*@agency.example\", store: account, role: Admin, status: suspended }\n"
                              "    permissions: [Export_Orders]\n"
                              "    change: loss\n"
                              "    reason: Agencies no longer export orders\n",
                          "rules.yaml");
  ASSERT_EQ(rs.rules.size(), 3u);
  const Rule& f = rs.rules[0];
  EXPECT_EQ(f.groups, (std::vector<size_t>{1}));
  EXPECT_EQ(f.match.stores, (Strings{"1", "2*"}));
  EXPECT_EQ(f.match.statuses, (std::vector<Status>{Status::active, Status::invited}));
  EXPECT_TRUE(f.final);
  EXPECT_EQ(f.where.str(), "rules.yaml:16:11");
  const Rule& c = rs.rules[1];
  ASSERT_TRUE(c.match.role);
  EXPECT_TRUE(c.match.role->custom);
  EXPECT_TRUE(c.match.role->standard);
  EXPECT_FALSE(c.match.role->any);
  EXPECT_EQ(c.match.email, "*@x.com");
  ASSERT_TRUE(c.match.has_permissions);
  EXPECT_EQ(catalog().names(*c.match.has_permissions), (Strings{"Manage_Orders"}));
  EXPECT_TRUE(c.derive);
  EXPECT_EQ(c.group_name, "{store.name} {role} extras");
  const Rule& r = rs.rules[2];
  EXPECT_TRUE(r.match.role->any);
  EXPECT_TRUE(r.match.unmatched);
  // A single string where a list belongs is a one-element list.
  EXPECT_EQ(r.groups, (std::vector<size_t>{2}));
  ASSERT_EQ(rs.waivers.size(), 1u);
  const Waiver& w = rs.waivers[0];
  EXPECT_EQ(w.email, "*@agency.example");
  EXPECT_EQ(w.stores, (Strings{"account"}));
  EXPECT_EQ(w.roles, (std::vector<RoleIdx>{*catalog().find_role("Admin")}));
  EXPECT_EQ(w.statuses, (std::vector<Status>{Status::suspended}));
  EXPECT_EQ(catalog().names(*w.permissions), (Strings{"Export_Orders"}));
  EXPECT_EQ(w.change, Change::loss);
  EXPECT_EQ(w.reason, "Agencies no longer export orders");
  EXPECT_EQ(w.where.str(), "rules.yaml:28:5");
}

TEST(RulesLoader, ARoleMatchTakesOneNameOrAList) {
  // SPEC 2.5: `role` is "a name, a list, ...".
  RuleSet rs = load_rules(catalog(),
                          kGroups +
                              "rules:\n"
                              "  - name: fulfillment\n"
                              "    match: { role: order fulfillment }\n"
                              "    groups: [store-fulfillment]\n",
                          "rules.yaml");
  ASSERT_EQ(rs.rules.size(), 1u);
  EXPECT_EQ(rs.rules[0].match.role->roles, (std::vector<RoleIdx>{*catalog().find_role("Order Fulfillment")}));
  EXPECT_EQ(rs.rules[0].groups, (std::vector<size_t>{1}));
}

TEST(RulesLoader, AStringWhereAListBelongsIsAnErrorShowingTheList) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    match:\n"
                                  "      role: Admin\n"
                                  "      has_permissions: Manage_Orders, Edit_Orders\n"
                                  "    groups: store-fulfillment\n"),
            "rules.yaml:19:24: error: expected 'has_permissions' to be a list, found 'Manage_Orders, Edit_Orders'; a list is written "
            "[Manage_Orders, Edit_Orders]\n"
            "   19 |       has_permissions: Manage_Orders, Edit_Orders\n"
            "      |                        ^\n"
            "rules.yaml:20:13: error: expected 'groups' to be a list, found 'store-fulfillment'; a list is written [store-fulfillment]\n"
            "   20 |     groups: store-fulfillment\n"
            "      |             ^\n");
}

TEST(RulesLoader, AMappingWhereAListBelongsIsAnError) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    match: { role: { name: Admin } }\n"
                                  "    groups: { id: store-fulfillment }\n"),
            "rules.yaml:17:20: error: expected 'role' to be a list, found a mapping\n"
            "   17 |     match: { role: { name: Admin } }\n"
            "      |                    ^\n"
            "rules.yaml:18:13: error: expected 'groups' to be a list, found a mapping\n"
            "   18 |     groups: { id: store-fulfillment }\n"
            "      |             ^\n");
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups: { id: x }\n"),
            "rules.yaml:2:9: error: expected 'groups' to be a list, found a mapping\n"
            "    2 | groups: { id: x }\n"
            "      |         ^\n");
}

TEST(RulesLoader, UnknownGroupIdInARuleSuggestsTheNearest) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    match: { role: Order Fulfillment }\n"
                                  "    groups: [store-fulfilment, account-admins]\n"),
            "rules.yaml:18:14: error: expected a group id defined under 'groups' (or account-administrators), found "
            "'store-fulfilment'; did you mean 'store-fulfillment'?\n"
            "   18 |     groups: [store-fulfilment, account-admins]\n"
            "      |              ^\n"
            "rules.yaml:18:32: error: expected a group id defined under 'groups' (or account-administrators), found "
            "'account-admins'\n"
            "   18 |     groups: [store-fulfilment, account-admins]\n"
            "      |                                ^\n");
}

TEST(RulesLoader, UnknownPolicySuggestsTheNearest) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: fulfillment\n"
                        "    name: \"{store.name} Fulfillment\"\n"
                        "    scope: per-store\n"
                        "    grants:\n"
                        "      - policy: Orders Manag\n"
                        "        target: store\n"),
            "rules.yaml:7:17: error: expected a policy defined in policies.yaml, found 'Orders Manag'; did you mean 'Orders Manage'?\n"
            "    7 |       - policy: Orders Manag\n"
            "      |                 ^\n");
}

TEST(RulesLoader, UnknownPlaceholder) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: fulfillment\n"
                        "    name: \"{store.nam} Fulfillment\"\n"
                        "    description: \"For {store.name} in {region}\"\n"
                        "    scope: per-store\n"),
            "rules.yaml:4:11: error: expected placeholders {store.id} {store.name} {store.region}, found {store.nam}; "
            "did you mean 'store.name'?\n"
            "    4 |     name: \"{store.nam} Fulfillment\"\n"
            "      |           ^\n"
            "rules.yaml:5:18: error: expected placeholders {store.id} {store.name} {store.region}, found {region}\n"
            "    5 |     description: \"For {store.name} in {region}\"\n"
            "      |                  ^\n");
}

TEST(RulesLoader, AnUnclosedPlaceholderIsRefusedEvenWithAnAllowedName) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: fulfillment\n"
                        "    name: \"{store.name} Fulfillment {store.id\"\n"
                        "    scope: per-store\n"),
            "rules.yaml:4:11: error: expected placeholders {store.id} {store.name} {store.region}, found '{store.id' (no closing '}'); "
            "did you mean 'store.id'?\n"
            "    4 |     name: \"{store.name} Fulfillment {store.id\"\n"
            "      |           ^\n");
}

TEST(RulesLoader, PlaceholderInAnAccountGroup) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: everyone\n"
                        "    name: \"{store.name} Everyone\"\n"
                        "    scope: account\n"),
            "rules.yaml:4:11: error: expected no placeholders in an account group (it has no store), found {store.name}\n"
            "    4 |     name: \"{store.name} Everyone\"\n"
            "      |           ^\n");
}

TEST(RulesLoader, UnknownPlaceholderInADerivedGroupName) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: rest\n"
                        "    derive: true\n"
                        "    group_name: \"{store.name} {rol}\"\n"),
            "rules.yaml:5:31: error: expected placeholders {store.id} {store.name} {role}, found {rol}; "
            "did you mean 'role'?\n"
            "    5 |     group_name: \"{store.name} {rol}\"\n"
            "      |                               ^\n");
}

// SPEC 2.5 lists {store.id} {store.name} {role} for a derived group's name;
// the error points at the placeholder.
TEST(RulesLoader, StoreRegionIsNotAPlaceholderOfADerivedGroupName) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: rest\n"
                        "    derive: true\n"
                        "    group_name: \"{store.name} ({store.region})\"\n"),
            "rules.yaml:5:32: error: expected placeholders {store.id} {store.name} {role}, found {store.region}\n"
            "    5 |     group_name: \"{store.name} ({store.region})\"\n"
            "      |                                ^\n");
}

// A rule's match is read store first, then email (as it is loaded).
TEST(RulesLoader, AnUnclosedGlobClassIsAnErrorAtItsBracket) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"                                                                 // 15
                                  "  - name: a\n"                                                            // 16
                                  "    match: { email: \"*@[a-m.example\", store: [\"1\", \"eu-[0-9\"] }\n"  // 17
                                  "    groups: [store-fulfillment]\n"                                        // 18
                                  "waivers:\n"                                                               // 19
                                  "  - match: { email: \"x[!a@y.example\", store: \"[]\" }\n"                // 20
                                  "    change: any\n"                                                        // 21
                                  "    reason: r\n"),                                                        // 22
            "rules.yaml:17:56: error: expected a glob whose '[' is closed by ']', found 'eu-[0-9'\n"
            "   17 |     match: { email: \"*@[a-m.example\", store: [\"1\", \"eu-[0-9\"] }\n"
            "      |                                                        ^\n"
            "rules.yaml:17:24: error: expected a glob whose '[' is closed by ']', found '*@[a-m.example'\n"
            "   17 |     match: { email: \"*@[a-m.example\", store: [\"1\", \"eu-[0-9\"] }\n"
            "      |                        ^\n"
            "rules.yaml:20:23: error: expected a glob whose '[' is closed by ']', found 'x[!a@y.example'\n"
            "   20 |   - match: { email: \"x[!a@y.example\", store: \"[]\" }\n"
            "      |                       ^\n"
            "rules.yaml:20:47: error: expected a glob whose '[' is closed by ']', found '[]'\n"
            "   20 |   - match: { email: \"x[!a@y.example\", store: \"[]\" }\n"
            "      |                                               ^\n");
}

TEST(RulesLoader, GlobClassesLoad) {
  RuleSet rs = load_rules(catalog(),
                          kGroups +
                              "rules:\n"
                              "  - {name: a, match: {email: \"[a-m]*@x.example\", store: \"[!9]*\"}, groups: [store-fulfillment]}\n"
                              "waivers:\n"
                              "  - {match: {email: \"[^z]*\", store: [account, \"[]]\"]}, change: any, reason: r}\n",
                          "rules.yaml");
  EXPECT_EQ(rs.rules[0].match.email, "[a-m]*@x.example");
  EXPECT_EQ(rs.waivers[0].stores, (std::vector<std::string>{"account", "[]]"}));
}

TEST(RulesLoader, PerStoreGroupNameMustNameTheStore) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: fulfillment\n"
                        "    name: \"Fulfillment {store.region}\"\n"
                        "    scope: per-store\n"),
            "rules.yaml:4:11: error: expected a per-store group name using {store.id} or {store.name}, found 'Fulfillment {store.region}'\n"
            "    4 |     name: \"Fulfillment {store.region}\"\n"
            "      |           ^\n");
}

TEST(RulesLoader, StoreTargetInAnAccountGroup) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: everyone\n"
                        "    name: Everyone\n"
                        "    scope: account\n"
                        "    grants:\n"
                        "      - policy: Orders Read\n"
                        "        target: store\n"
                        "      - policy: Orders Read\n"
                        "        target: store:42\n"),
            "rules.yaml:8:17: error: expected target 'account' or 'store:<id>' in an account group, found 'store' "
            "(only a per-store group has a store of its own)\n"
            "    8 |         target: store\n"
            "      |                 ^\n");
}

TEST(RulesLoader, PolicyGrantedAtATargetOfTheOtherKind) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: mixed\n"
                        "    name: \"{store.id} Mixed\"\n"
                        "    scope: per-store\n"
                        "    grants:\n"
                        "      - policy: Orders Manage\n"
                        "        target: account\n"
                        "      - policy: Account Users Manage\n"
                        "        target: store\n"
                        "      - policy: Account Users Manage\n"
                        "        target: store:42\n"),
            "rules.yaml:8:17: error: expected a store target for policy 'Orders Manage' (its target is store), found 'account'\n"
            "    8 |         target: account\n"
            "      |                 ^\n"
            "rules.yaml:10:17: error: expected an account target for policy 'Account Users Manage' (its target is account), found 'store'\n"
            "   10 |         target: store\n"
            "      |                 ^\n"
            "rules.yaml:12:17: error: expected an account target for policy 'Account Users Manage' (its target is account), found 'store:42'\n"
            "   12 |         target: store:42\n"
            "      |                 ^\n");
}

TEST(RulesLoader, BadTarget) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: g\n"
                        "    name: \"{store.id}\"\n"
                        "    scope: per-store\n"
                        "    grants:\n"
                        "      - policy: Orders Read\n"
                        "        target: \"store:\"\n"),
            "rules.yaml:8:17: error: expected target 'store', 'account' or 'store:<id>', found 'store:'\n"
            "    8 |         target: \"store:\"\n"
            "      |                 ^\n");
}

TEST(RulesLoader, DuplicateGroupId) {
  EXPECT_EQ(rules_error(kGroups + "  - id: store-fulfillment\n"
                                  "    name: \"{store.id} Shipping\"\n"
                                  "    scope: per-store\n"
                                  "  - id: account-administrators\n"
                                  "    name: Admins\n"
                                  "    scope: account\n"),
            "rules.yaml:15:9: error: expected a unique group id, found 'store-fulfillment' again; first given at rules.yaml:3:9\n"
            "   15 |   - id: store-fulfillment\n"
            "      |         ^\n"
            "rules.yaml:18:9: error: expected a unique group id, found 'account-administrators' again; it is built in\n"
            "   18 |   - id: account-administrators\n"
            "      |         ^\n");
}

TEST(RulesLoader, BadGroupIdAndScope) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "groups:\n"
                        "  - id: Store_Fulfillment\n"
                        "    name: \"{store.id}\"\n"
                        "    scope: per-stor\n"),
            "rules.yaml:3:9: error: expected a group id of [a-z0-9-]+, found 'Store_Fulfillment'\n"
            "    3 |   - id: Store_Fulfillment\n"
            "      |         ^\n"
            "rules.yaml:5:12: error: expected scope 'per-store' or 'account', found 'per-stor'; did you mean 'per-store'?\n"
            "    5 |     scope: per-stor\n"
            "      |            ^\n");
}

TEST(RulesLoader, DuplicateRuleName) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    groups: [store-fulfillment]\n"
                                  "  - name: fulfillment\n"
                                  "    groups: [user-managers]\n"),
            "rules.yaml:18:11: error: expected a unique rule name, found 'fulfillment' again; first given at rules.yaml:16:11\n"
            "   18 |   - name: fulfillment\n"
            "      |           ^\n");
}

TEST(RulesLoader, UnknownMatchKeySuggestsTheNearest) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    match: { rol: Admin }\n"
                                  "    groups: [store-fulfillment]\n"),
            "rules.yaml:17:14: error: expected a key of a rule's match (role, store, email, status, has_permissions, unmatched), "
            "found 'rol'; did you mean 'role'?\n"
            "   17 |     match: { rol: Admin }\n"
            "      |              ^\n");
}

TEST(RulesLoader, UnknownKeysElsewhere) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rule:\n"
                        "  - name: x\n"),
            "rules.yaml:2:1: error: expected a key of a rules file (version, groups, rules, waivers), found 'rule'; did you mean 'rules'?\n"
            "    2 | rule:\n"
            "      | ^\n");
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    grups: [store-fulfillment]\n"),
            "rules.yaml:17:5: error: expected a key of a rule (name, match, groups, derive, group_name, final), found 'grups'; "
            "did you mean 'groups'?\n"
            "   17 |     grups: [store-fulfillment]\n"
            "      |     ^\n"
            "rules.yaml:16:5: error: expected rule 'fulfillment' to have 'groups' or 'derive: true', found neither\n"
            "   16 |   - name: fulfillment\n"
            "      |     ^\n");
}

TEST(RulesLoader, UnknownRoleInAMatch) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    match: { role: [Order Fulfilment, \"custom*\"] }\n"
                                  "    groups: [store-fulfillment]\n"),
            "rules.yaml:17:21: error: expected a standard or custom role, found 'Order Fulfilment'; did you mean 'Order Fulfillment'?\n"
            "   17 |     match: { role: [Order Fulfilment, \"custom*\"] }\n"
            "      |                     ^\n"
            "rules.yaml:17:39: error: expected a standard or custom role, found 'custom*'; did you mean 'custom:*'?\n"
            "   17 |     match: { role: [Order Fulfilment, \"custom*\"] }\n"
            "      |                                       ^\n");
}

TEST(RulesLoader, VersionMustBeOne) {
  EXPECT_EQ(rules_error("version: 2\n"),
            "rules.yaml:1:10: error: expected version 1, found '2'\n"
            "    1 | version: 2\n"
            "      |          ^\n");
  EXPECT_EQ(rules_error("groups: []\n"),
            "rules.yaml:1:1: error: expected a rules file to have 'version', found none\n"
            "    1 | groups: []\n"
            "      | ^\n");
}

TEST(RulesLoader, GroupNameOnlyWithDerive) {
  EXPECT_EQ(rules_error(kGroups + "rules:\n"
                                  "  - name: fulfillment\n"
                                  "    groups: [store-fulfillment]\n"
                                  "    group_name: \"{store.name} x\"\n"),
            "rules.yaml:18:17: error: expected 'group_name' only on a rule with 'derive: true', found it without\n"
            "   18 |     group_name: \"{store.name} x\"\n"
            "      |                 ^\n");
}

TEST(RulesLoader, WaiverWithoutReason) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "waivers:\n"
                        "  - match: { email: \"*@x.com\" }\n"
                        "    change: loss\n"
                        "  - reason: \"  \"\n"
                        "    change: any\n"),
            "rules.yaml:3:5: error: expected a waiver to have 'reason', found none\n"
            "    3 |   - match: { email: \"*@x.com\" }\n"
            "      |     ^\n"
            "rules.yaml:5:13: error: expected a waiver reason, found an empty one\n"
            "    5 |   - reason: \"  \"\n"
            "      |             ^\n");
}

TEST(RulesLoader, WaiverErrors) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "waivers:\n"
                        "  - match: { emial: \"*@x.com\", role: Admn, status: gone }\n"
                        "    permissions: [Export_Order]\n"
                        "    change: los\n"
                        "    reason: because\n"),
            "rules.yaml:3:14: error: expected a key of a waiver's match (email, status, store, role), found 'emial'; did you mean 'email'?\n"
            "    3 |   - match: { emial: \"*@x.com\", role: Admn, status: gone }\n"
            "      |              ^\n"
            "rules.yaml:3:52: error: expected a status (active, invited, suspended), found 'gone'\n"
            "    3 |   - match: { emial: \"*@x.com\", role: Admn, status: gone }\n"
            "      |                                                    ^\n"
            "rules.yaml:3:38: error: expected a standard or custom role, found 'Admn'; did you mean 'Admin'?\n"
            "    3 |   - match: { emial: \"*@x.com\", role: Admn, status: gone }\n"
            "      |                                      ^\n"
            "rules.yaml:4:19: error: expected a permission id defined in permissions.yaml, found 'Export_Order'; did you mean 'Export_Orders'?\n"
            "    4 |     permissions: [Export_Order]\n"
            "      |                   ^\n"
            "rules.yaml:5:13: error: expected change 'loss', 'gain' or 'any', found 'los'; did you mean 'loss'?\n"
            "    5 |     change: los\n"
            "      |             ^\n");
}

TEST(RulesLoader, YamlSyntaxError) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: a\n"
                        "    match: {role: Admin\n"
                        "    groups: [x]\n"),
            "rules.yaml:4:12: error: expected a closing '}' for the '{' opened here, found none; "
            "YAML parsing stopped at rules.yaml:5:11 (end of map flow not found)\n"
            "    4 |     match: {role: Admin\n"
            "      |            ^\n");
  // A syntax error outside any flow collection keeps yaml-cpp's position.
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: a\n"
                        "   groups: [x]\n"),
            "rules.yaml:4:4: error: expected valid YAML, found a syntax error (end of sequence not found)\n"
            "    4 |    groups: [x]\n"
            "      |    ^\n");
}

TEST(RulesLoader, OpenFlowAtSkipsCommentsQuotesAndBlockScalars) {
  std::string t =
      "a: [x, y]  # [not open\n"
      "b: \"[\" \n"
      "c: 'it''s [' \n"
      "d: a[b]\n"
      "e: |\n"
      "  [ inside a block scalar\n"
      "f: {g: [1, 2]\n";
  EXPECT_EQ(open_flow_at(t, t.find("f:")), std::nullopt);
  EXPECT_EQ(open_flow_at(t, t.size()), t.find("{g"));
  EXPECT_EQ(open_flow_at(t, t.find("2]")), t.find("[1"));
  EXPECT_EQ(open_flow_at("x: [1, {a: b}\ny: 2\n", 100), 3u);
  EXPECT_EQ(open_flow_at("", 5), std::nullopt);
}

TEST(RulesLoader, AnInvalidDeriveIsReportedOnce) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: a\n"
                        "    derive: sometimes\n"
                        "    group_name: \"{store.name} x\"\n"),
            "rules.yaml:4:13: error: expected 'derive' to be true or false, found 'sometimes'\n"
            "    4 |     derive: sometimes\n"
            "      |             ^\n");
}

TEST(RulesLoader, UnknownStatusSuggestsTheNearest) {
  EXPECT_EQ(rules_error("version: 1\n"
                        "rules:\n"
                        "  - name: a\n"
                        "    match: {status: [active, invted]}\n"
                        "    derive: true\n"),
            "rules.yaml:4:30: error: expected a status (active, invited, suspended), found 'invted'; did you mean 'invited'?\n"
            "    4 |     match: {status: [active, invted]}\n"
            "      |                              ^\n");
}

TEST(RulesLoader, UnknownPlaceholderHelper) {
  EXPECT_EQ(unknown_placeholder("{store.name} {role}", {"store.name", "role"}), std::nullopt);
  EXPECT_EQ(unknown_placeholder("{store.name} {x}", {"store.name"}), "x");
  EXPECT_EQ(unknown_placeholder("no braces", {}), std::nullopt);
  // An unclosed '{' is refused even when what follows it is an allowed name:
  // the engine would otherwise print "{role" as it stands.
  EXPECT_EQ(unknown_placeholder("{store.name} {role", {"store.name", "role"}), "role");
  auto bad = unknown_placeholder_at("{store.name} {role", {"store.name", "role"});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->offset, 13U);
  EXPECT_EQ(bad->shown(), "'{role' (no closing '}')");
}

}  // namespace rolemig

namespace rolemig {
TEST(RulesLoaderExtra, EmptyGroupsListWithoutDeriveIsAnError) {
  const Catalog& cat = rolemig::load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  try {
    load_rules(cat, "version: 1\nrules:\n  - name: nothing\n    groups: []\n", "rules.yaml");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(render(e.diagnostics()[0]),
              "rules.yaml:4:13: error: expected rule 'nothing' to list at least one group (or 'derive: true'), found an empty list\n"
              "    4 |     groups: []\n"
              "      |             ^\n");
  }
}
}  // namespace rolemig

namespace rolemig {
TEST(RulesLoaderWaivers, ChangeIsRequired) {
  Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  try {
    load_rules(cat, "version: 1\nwaivers:\n  - match: {email: \"a@*\"}\n    reason: why\n", "rules.yaml");
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].loc.str(), "rules.yaml:3:5");
    EXPECT_EQ(e.diagnostics()[0].message, "expected a waiver to have 'change', found none");
  }
}
}  // namespace rolemig

// What yaml-cpp's tree hides (issue 8, item 7): a key given twice (the tree
// keeps both and node[key] finds the first), a second document (Load reads
// only the first), aliases that expand past the bound.
namespace rolemig {

namespace {
std::string yaml_error(const std::string& yaml) {
  try {
    YamlDoc doc(yaml, "f.yaml");
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += render(d);
    return out;
  }
  return "";
}
}  // namespace

TEST(YamlDoc, AKeyGivenTwiceNamesBothPlaces) {
  EXPECT_EQ(yaml_error("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n"),
            "f.yaml:4:3: error: expected each key once in a mapping, found 'c' again; first given at f.yaml:3:3\n"
            "    4 |   c: 3\n"
            "      |   ^\n"
            "f.yaml:5:1: error: expected each key once in a mapping, found 'a' again; first given at f.yaml:1:1\n"
            "    5 | a: 4\n"
            "      | ^\n");
  // The same key in two mappings, and in flow style, is fine.
  EXPECT_EQ(yaml_error("- {a: 1, b: 2}\n- {a: 1}\n"), "");
  EXPECT_EQ(yaml_error("{a: 1, a: 2}\n"),
            "f.yaml:1:8: error: expected each key once in a mapping, found 'a' again; first given at f.yaml:1:2\n"
            "    1 | {a: 1, a: 2}\n"
            "      |        ^\n");
}

// 100,000 keys on one line: each message cuts its excerpt at the key's
// offset (no copy of the line), and past the first 20 they are only counted.
TEST(YamlDoc, ManyDuplicateKeysOnOneLineAreCountedNotCopied) {
  std::string yaml = "{";
  for (int i = 0; i < 100000; ++i) yaml += i ? ", a: 1" : "a: 1";
  yaml += "}\n";
  std::string err = yaml_error(yaml);
  EXPECT_EQ(err.substr(0, err.find('\n')), "f.yaml:1:8: error: expected each key once in a mapping, found 'a' again; first given at f.yaml:1:2");
  EXPECT_NE(err.find("\nf.yaml: error: too many errors, 99979 more not shown\n"), std::string::npos) << err.substr(err.size() - 300);
}

TEST(YamlDoc, ASecondDocumentIsAnError) {
  EXPECT_EQ(yaml_error("a: 1\n---\nb: 2\n"),
            "f.yaml:2:1: error: expected one YAML document, found a second one; the first starts at f.yaml:1:1\n"
            "    2 | ---\n"
            "      | ^\n");
  // An explicit start of the one document is fine, and so is its end marker.
  EXPECT_EQ(yaml_error("---\na: 1\n...\n"), "");
}

TEST(YamlDoc, AliasesThatExpandPastTheBoundAreRefused) {
  std::string bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *l" : "*l") + std::to_string(i - 1);
    bomb += "]\n";
  }
  std::string err = yaml_error(bomb);
  // l5 holds 1 + 10 * 111,111 nodes: its tenth alias (line 6, column 55) passes the bound.
  EXPECT_EQ(err.substr(0, err.find('\n')), "f.yaml:6:55: error: expected at most 1,000,000 YAML nodes with aliases expanded, found more at this node")
      << err;
  // A few aliases are fine, and so is an anchor used many times within the bound.
  EXPECT_EQ(yaml_error("base: &b {a: 1}\none: *b\ntwo: *b\n"), "");
}

TEST(YamlDoc, AnAliasInsideItsOwnAnchorIsRefused) {
  std::string err = yaml_error("a: &x [1, *x]\n");
  EXPECT_NE(err.find("f.yaml:1:11: error: expected an alias to a complete node, found one inside the node it names"), std::string::npos) << err;
}

TEST(RulesLoader, AHiddenSecondWaiversBlockIsAnError) {
  std::string err = rules_error(kGroups + "waivers:\n  - match: {email: \"*\"}\n    change: any\n    reason: all\nwaivers: []\n");
  EXPECT_EQ(err,
            "rules.yaml:19:1: error: expected each key once in a mapping, found 'waivers' again; first given at rules.yaml:15:1\n"
            "   19 | waivers: []\n"
            "      | ^\n");
}

}  // namespace rolemig
