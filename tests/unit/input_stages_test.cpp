#include "plan/input_stages.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

const char* kPolicies = R"(policies:
  - {name: P-AB, target: store, permissions: [A, B]}
)";

// "nine" grants at store 9, which no export names: the account stage adds it.
const char* kRules = R"(version: 1
groups:
  - id: ab
    name: "{store.id} AB"
    scope: per-store
    grants: [{policy: P-AB, target: store}]
  - id: nine
    name: Nine
    scope: account
    grants: [{policy: P-AB, target: "store:9"}]
rules:
  - {name: ab, match: {role: AB}, groups: [ab]}
)";

const char* kAudit = R"({"data":{"account":{"userGroups":{"nodes":[
  {"id":"g1","name":"1 AB","members":{"nodes":[{"id":"1","email":"b@x.com"},{"id":"2","email":"Ghost@X.com"}]}}
]}}}})";

std::vector<std::string> kinds_and_names(const std::vector<InputRecord>& inputs) {
  std::vector<std::string> out;
  for (const auto& i : inputs) out.push_back(i.kind + " " + i.path + (i.sha256.empty() ? "" : " #"));
  return out;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return render(e.diagnostics().front());
  }
  return "";
}

}  // namespace

TEST(InputStages, EachStageRunsOnInputsInMemory) {
  CatalogStage catalog = load_catalog_stage(tiny_catalog_sources(kPolicies));
  RulesStage rules = load_rules_stage(catalog, Source::memory("rules.yaml", kRules));
  AccountStage account = load_account_stage(
      catalog.catalog, rules.rules,
      AccountSources{Source::memory("stores.csv", "store_id,name\n1,One\n"), {Source::memory("users.csv", "email,store_id,role\nb@x.com,1,AB\n")}});
  CurrentStage current = load_current_stage(catalog.dir, {Source::memory("audit.json", kAudit)});
  add_live_members(account.builder, current.groups);
  Account acc = account.builder.finish();

  // Given in memory: recorded by name, with no SHA-256.
  EXPECT_EQ(kinds_and_names(catalog.inputs), (std::vector<std::string>{"catalog permissions.yaml", "catalog roles.yaml", "catalog policies.yaml"}));
  EXPECT_EQ(kinds_and_names(rules.inputs), std::vector<std::string>{"rules rules.yaml"});
  EXPECT_EQ(kinds_and_names(account.inputs), (std::vector<std::string>{"stores stores.csv", "users users.csv"}));
  EXPECT_EQ(kinds_and_names(current.inputs), std::vector<std::string>{"current audit.json"});
  // The live member no export has joined before finish(): sorted in, no
  // assignment, and the exported user's assignment still points at her.
  ASSERT_EQ(acc.users.size(), 2u);
  EXPECT_EQ(acc.users[0].email, "b@x.com");
  EXPECT_EQ(acc.users[1].email, "ghost@x.com");
  ASSERT_EQ(acc.assignments.size(), 1u);
  EXPECT_EQ(acc.assignments[0].user, 0u);
  EXPECT_EQ(acc.assignments_of(1), (std::pair<size_t, size_t>{1, 1}));
  EXPECT_TRUE(acc.find_store("9"));
}

TEST(InputStages, CatalogAndRulesLoadWithoutAnAccount) {
  // What `lint` needs: the shipped catalog and its rules, no --users.
  CatalogStage catalog = load_catalog_stage(std::nullopt);
  EXPECT_TRUE(catalog.shipped);
  EXPECT_EQ(catalog.inputs.front().path, "mappings/permissions.yaml");
  RulesStage rules = load_rules_stage(catalog, std::nullopt);
  EXPECT_FALSE(rules.rules.rules.empty());
  EXPECT_EQ(kinds_and_names(rules.inputs), std::vector<std::string>{"rules mappings/rules.yaml #"});
  // check-admins: rules only when given.
  EXPECT_TRUE(load_rules_stage(catalog, std::nullopt, RulesNeeded::only_if_given).inputs.empty());
}

TEST(InputStages, CustomRolesExtendTheCatalog) {
  CatalogStage catalog = load_catalog_stage(tiny_catalog_sources(kPolicies));
  load_custom_roles_stage(catalog, Source::memory("roles.yaml", "custom_roles:\n  - {name: Clerk, permissions: [A]}\n"));
  EXPECT_TRUE(catalog.catalog.find_role("Clerk"));
  EXPECT_EQ(kinds_and_names(catalog.inputs).back(), "roles roles.yaml");
}

TEST(InputStages, TheAccountNeedsAUsersExport) {
  Catalog cat = tiny_catalog(kPolicies);
  EXPECT_EQ(error_of([&] { load_account_stage(cat, RuleSet{}, AccountSources{}); }),
            "rolemig: error: expected at least one --users FILE, found none\n");
}

}  // namespace rolemig
