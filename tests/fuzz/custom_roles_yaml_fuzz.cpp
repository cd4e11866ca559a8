// Fuzzes the custom roles loader (--roles) on top of the shipped catalog.
// Input: a custom roles YAML, optionally followed by a NUL byte and a users
// CSV that is read against the extended catalog and planned with the shipped
// rules (their derive rule covers custom roles).
#include "fuzz_support.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int custom_roles_yaml(const uint8_t* data, size_t size) {
  auto parts = split_input(data, size, std::string_view("\0", 1), 2);
  Plan plan;
  plan.catalog = shipped_catalog();
  try {
    load_custom_roles(plan.catalog, parts[0], "roles.yaml");
  } catch (const InputError&) {
    return 0;
  }
  if (parts.size() < 2) return 0;
  // Custom roles come after the standard ones, so the shipped rules loaded
  // against the shipped catalog index the extended catalog the same way.
  plan.rules = shipped_rules();
  plan_users(plan, parts[1], UsersFormat::csv);
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::custom_roles_yaml(data, size); }
#endif
