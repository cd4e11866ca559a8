// Fuzzes the users CSV reader (and the stores CSV reader) against the shipped
// catalog, then plans the account with the shipped rules.
//
// Input: a users CSV; optionally followed by the line "#stores" and a stores
// CSV, which is read first (as `plan --stores` does).
#include "fuzz_support.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int users_csv(const uint8_t* data, size_t size) {
  const Catalog& cat = shipped_catalog();
  const RuleSet& rules = shipped_rules();
  auto parts = split_input(data, size, "\n#stores\n", 2);
  Plan plan;
  plan.catalog = cat;
  plan.rules = rules;
  plan_users(plan, Source::memory("users.csv", parts[0]), parts.size() > 1 ? &parts[1] : nullptr);
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::users_csv(data, size); }
#endif
