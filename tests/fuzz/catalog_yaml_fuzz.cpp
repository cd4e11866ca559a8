// Fuzzes the catalog loader. Input: permissions.yaml, roles.yaml and
// policies.yaml separated by NUL bytes (a missing part is empty). Seeds hold
// the shipped catalog without comments and descriptions (tests/fuzz/make-corpus):
// yaml-cpp parses ~40 KB of shipped YAML too slowly for a million runs.
// A catalog that loads is used to read the sample users and plan them with
// one derive rule (policy cover over the fuzzed policies).
#include "fuzz_support.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int catalog_yaml(const uint8_t* data, size_t size) {
  static const std::string users = slurp(source_dir() + "/fixtures/sample/users.csv");
  auto parts = split_input(data, size, std::string_view("\0", 1), 3);
  CatalogSources src;
  src.permissions_file = "permissions.yaml";
  src.roles_file = "roles.yaml";
  src.policies_file = "policies.yaml";
  parts.resize(3);
  src.permissions_text = parts[0];
  src.roles_text = parts[1];
  src.policies_text = parts[2];
  CatalogStage catalog;
  try {
    catalog = load_catalog_stage(src);
  } catch (const InputError&) {
    return 0;
  }
  // The shipped rules name shipped policies and roles (and would spend the
  // run suggesting names); one derive rule covers any catalog.
  Plan plan;
  plan.rules = load_rules_stage(catalog, Source::memory("rules.yaml", "version: 1\nrules:\n  - name: all\n    derive: true\n")).rules;
  plan.catalog = std::move(catalog.catalog);
  plan_users(plan, Source::memory("users.csv", users));
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::catalog_yaml(data, size); }
#endif
