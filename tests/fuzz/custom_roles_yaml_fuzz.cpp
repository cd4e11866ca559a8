// Fuzzes the custom roles loader (--roles) on top of the shipped catalog.
// Input: a custom roles YAML, optionally followed by a NUL byte and a users
// CSV that is read against the extended catalog and planned with the shipped
// rules (their derive rule covers custom roles).
#include "fuzz_support.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int custom_roles_yaml(const uint8_t* data, size_t size) {
  auto parts = split_input(data, size, std::string_view("\0", 1), 2);
  CatalogStage catalog = shipped_catalog_stage();
  try {
    load_custom_roles_stage(catalog, Source::memory("roles.yaml", parts[0]));
  } catch (const InputError&) {
    return 0;
  }
  if (parts.size() < 2) return 0;
  // Custom roles come after the standard ones, so the shipped rules loaded
  // against the shipped catalog index the extended catalog the same way.
  Plan plan;
  plan.catalog = std::move(catalog.catalog);
  plan.rules = shipped_rules();
  plan_users(plan, Source::memory("users.csv", parts[1]));
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::custom_roles_yaml(data, size); }
#endif
