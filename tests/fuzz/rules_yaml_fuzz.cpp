// Fuzzes the rules loader against the shipped catalog; rules that load are
// applied to the sample account (fixtures/sample) and the plan is verified
// and rendered.
#include "fuzz_support.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int rules_yaml(const uint8_t* data, size_t size) {
  static const std::string users = slurp(source_dir() + "/fixtures/sample/users.csv");
  static const std::string stores = slurp(source_dir() + "/fixtures/sample/stores.csv");
  std::string text(reinterpret_cast<const char*>(data), size);
  Plan plan;
  try {
    plan.rules = load_rules_stage(shipped_catalog_stage(), Source::memory("rules.yaml", std::move(text))).rules;
  } catch (const InputError&) {
    return 0;
  }
  plan.catalog = shipped_catalog();
  plan_users(plan, Source::memory("users.csv", users), &stores);
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::rules_yaml(data, size); }
#endif
