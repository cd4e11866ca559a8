// Fuzzes the Account API JSON reader (and JsonParser under it) against the
// shipped catalog, then plans the account with the shipped rules.
#include "fuzz_support.h"

#include "io/json_value.h"

namespace rolemig::fuzz {

// One run; tests/unit/fuzz_regressions_test.cpp replays files through it.
inline int users_json(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // The positioned JSON parser on its own: any value, one document.
  try {
    JsonParser parser(text, "value.json");
    JsonValue v = parser.parse_single();
    (void)parser.at(v, "probe");
  } catch (const InputError&) {
  }
  Plan plan;
  plan.catalog = shipped_catalog();
  plan.rules = shipped_rules();
  plan_users(plan, Source::memory("users.json", text));
  return 0;
}

}  // namespace rolemig::fuzz

#ifndef ROLEMIG_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return rolemig::fuzz::users_json(data, size); }
#endif
