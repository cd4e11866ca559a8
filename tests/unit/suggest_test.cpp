// The group design (design/) and its proof (plan/suggest): bundles and
// decisions on small accounts, and on thousands of random ones, that the
// drafted rules, read back as plan reads them, never give anyone a gain and
// lose only what the decisions list.
#include "plan/suggest.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "design/bundle_finder.h"
#include "render/rules_yaml_writer.h"
#include "test_support.h"
#include "util/text.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

// Store permissions A..F and account permission U (test_support.h); B and C
// together only in P-BC, which straddles role AB and a C checkbox.
const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-A, target: store, permissions: [A]}
  - {name: P-BC, target: store, permissions: [B, C]}
  - {name: P-CD, target: store, permissions: [C, D]}
  - {name: P-E, target: store, permissions: [E]}
  - {name: P-U, target: account, permissions: [U]}
)";

std::vector<std::string> bundle_names(const std::vector<Bundle>& bs) {
  std::vector<std::string> out;
  for (const auto& b : bs) out.push_back(b.name);
  return out;
}

Plan loaded(const Catalog& cat, const std::string& csv) {
  Plan p;
  p.catalog = cat;
  p.rules = rules_from(cat, "version: 1\nrules:\n  - name: everything\n    match: {}\n    derive: true\n");
  p.account = account_from_csv(p.catalog, csv);
  return p;
}

Suggestion suggest_and_prove(const Catalog& cat, const std::string& csv) {
  Suggestion s = suggest_groups(loaded(cat, csv), source_dir() + "/mappings", {});
  std::ostringstream rules;
  write_drafted_rules(s, rules);
  prove_drafted_rules(s, rules.str());
  return s;
}

}  // namespace

TEST(BundleFinder, RolesCheckboxesAndStraddles) {
  Catalog cat = tiny_catalog(kPolicies);
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "a@x,1,AB,\n"
                                 "b@x,1,AB,E\n"
                                 "c@x,2,AB,C\n"
                                 "d@x,1,ABC,\n");
  FoundBundles f = find_bundles(cat, acc);
  // AB with C asks for what P-A and P-AB (AB's) leave of {A, B, C}: P-BC,
  // which straddles the role and the checkbox.
  EXPECT_EQ(bundle_names(f.bundles), (std::vector<std::string>{"AB", "ABC", "AB with C", "AB with E"}));
  EXPECT_EQ(policy_names(cat, f.bundles[2].store_items), std::vector<std::string>{"P-BC"});
  EXPECT_EQ(policy_names(cat, f.bundles[3].store_items), std::vector<std::string>{"P-E"});
  EXPECT_EQ(f.bundles[0].assignments, 3u);  // a@x, b@x, c@x hold AB; b and c then stop at their own rules
  EXPECT_EQ(f.bundles[2].assignments, 1u);
  ASSERT_EQ(f.decisions.size(), 0u);
}

TEST(BundleFinder, DecisionsForWhatNoPolicyCovers) {
  Catalog cat = tiny_catalog(kPolicies);
  Account acc = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "a@x,1,AB,F\n"
                                 "b@x,2,AB,F\n"
                                 "c@x,1,,D\n");
  FoundBundles f = find_bundles(cat, acc);
  ASSERT_EQ(f.decisions.size(), 2u);
  const Decision& ab = f.decisions[0];  // most users first
  EXPECT_EQ(cat.roles[*ab.role].name, "AB");
  EXPECT_EQ(ab.scope, Scope::store);
  EXPECT_EQ(ab.wanted, perms(cat, {"A", "B", "F"}));
  EXPECT_EQ(ab.checkboxes, perms(cat, {"F"}));
  EXPECT_EQ(ab.fit.lost, perms(cat, {"F"}));
  EXPECT_FALSE(ab.fit.superset_exists);
  EXPECT_EQ(ab.users.size(), 2u);
  EXPECT_EQ(ab.stores.size(), 2u);
  EXPECT_EQ(decision_summary(cat, ab),
            "AB with F: no set of policies grants F without more; 2 users on 2 stores would lose it; no policy grants it at all");
  const Decision& roleless = f.decisions[1];
  EXPECT_FALSE(roleless.role);
  EXPECT_EQ(roleless.fit.lost, perms(cat, {"D"}));
  EXPECT_EQ(policy_names(cat, roleless.fit.extra), std::vector<std::string>{"P-CD"});
  EXPECT_EQ(
      decision_summary(cat, roleless),
      "a role-less set of 1 permission: no set of policies grants D without more; 1 user on 1 store would lose it; adding P-CD would also grant C");
}

TEST(Suggest, DraftedRulesProveOnASmallAccount) {
  Catalog cat = tiny_catalog(kPolicies);
  Suggestion s = suggest_and_prove(cat,
                                   "email,store_id,role,permissions\n"
                                   "a@x,1,AB,\n"
                                   "b@x,1,AB,E\n"
                                   "c@x,2,AB,C\n"
                                   "d@x,1,ABC,\n"
                                   "e@x,2,Owner,\n"
                                   "f@x,2,,U;D\n");
  EXPECT_EQ(s.drafted.summary.users_gaining, 0u);
  // e@x (Owner) loses F, which no policy grants; f@x loses D: their decisions.
  EXPECT_EQ(s.drafted.summary.users_losing, 2u);
  EXPECT_EQ(s.users_losing, 2u);
  EXPECT_TRUE(s.drafted.admins.pass);
}

// Account Administrators granting store permissions too (SPEC 2.4): an owner
// on one store gains them on the others. That gain is the catalog's, so the
// proof lets it through and counts it.
TEST(Suggest, GainsThroughAccountAdministratorsAreTheCatalogs) {
  const char* policies = R"(account_administrators:
  name: Account Administrators
  grants_all: [account, store]
policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-U, target: account, permissions: [U]}
)";
  Catalog cat = tiny_catalog(policies);
  Suggestion s = suggest_and_prove(cat,
                                   "email,store_id,role\n"
                                   "o@x,1,Owner\n"
                                   "a@x,2,AB\n");
  EXPECT_EQ(s.admins_gaining, 1u);
  EXPECT_EQ(s.users_losing, 0u);
  EXPECT_EQ(s.exit_status(), 1);  // o@x gains on store 2
}

// Random accounts over a catalog with straddling policies: the proof must
// hold for every one (prove_drafted_rules throws otherwise).
TEST(Suggest, DraftedRulesProveOnRandomAccounts) {
  const char* policies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
  - {name: P-BC, target: store, permissions: [B, C]}
  - {name: P-C, target: store, permissions: [C]}
  - {name: P-DEF, target: store, permissions: [D, E, F]}
  - {name: P-DE, target: store, permissions: [D, E]}
  - {name: P-A, target: store, permissions: [A]}
  - {name: P-U, target: account, permissions: [U]}
)";
  Catalog cat = tiny_catalog(policies);
  const std::vector<std::string> roles = {"", "AB", "ABC", "Owner"};
  const std::vector<std::string> extras = {"A", "B", "C", "D", "E", "F", "U"};
  std::mt19937 rng(7);
  for (int round = 0; round < 1000; ++round) {
    std::string csv = "email,store_id,role,permissions\n";
    int users = 1 + static_cast<int>(rng() % 6);
    for (int u = 0; u < users; ++u) {
      for (int store = 1; store <= 3; ++store) {
        if (rng() % 2) continue;
        std::string role = roles[rng() % (round % 7 == 0 ? 4 : 3)];
        std::vector<std::string> picked;
        for (const auto& e : extras)
          if (rng() % 4 == 0) picked.push_back(e);
        if (role.empty() && picked.empty()) picked.push_back("D");
        csv += "u" + std::to_string(u) + "@x," + std::to_string(store) + "," + role + "," + join(picked, ";") + "\n";
      }
    }
    if (csv.find('@') == std::string::npos) continue;
    SCOPED_TRACE(csv);
    Suggestion s = suggest_and_prove(cat, csv);
    EXPECT_EQ(s.drafted.summary.users_gaining, 0u);
    EXPECT_EQ(s.users_losing, s.drafted.summary.users_losing);
    EXPECT_LE(s.design.groups.size(), s.design.bundles.size() * 2);
  }
}

}  // namespace rolemig
