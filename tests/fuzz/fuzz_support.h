// Shared helpers for the libFuzzer targets (tests/fuzz/*_fuzz.cpp).
//
// A target feeds its bytes to one reader. The reader may throw InputError
// (a clear error for bad input: fine); anything else escaping (another
// exception, a crash, a sanitizer report, a hang) is a bug. After a
// successful read the target runs the rest of the pipeline where it is cheap,
// so mapping, verification and rendering see fuzzed values too.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/access_csv_reader.h"
#include "io/csv_field.h"
#include "plan/input_stages.h"
#include "render/access_csv_writer.h"
#include "render/plan_json_writer.h"
#include "plan/pipeline.h"
#include "render/expected_state_writer.h"
#include "render/plan_markdown_writer.h"
#include "render/requests_jsonl_writer.h"
#include "util/error.h"

namespace rolemig::fuzz {

inline std::string source_dir() { return ROLEMIG_SOURCE_DIR; }
inline std::string mappings_dir() { return source_dir() + "/mappings"; }

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
    std::abort();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The pipeline's own stages (plan/input_stages.h) load every input here.
inline const CatalogStage& shipped_catalog_stage() {
  static const CatalogStage stage = load_catalog_stage(std::optional(mappings_dir()));
  return stage;
}

inline const Catalog& shipped_catalog() { return shipped_catalog_stage().catalog; }

inline const RuleSet& shipped_rules() {
  static const RuleSet rules = load_rules_stage(shipped_catalog_stage(), std::nullopt).rules;
  return rules;
}

// The input split at every occurrence of `sep` (at most `max_parts` parts:
// the last part keeps any further separators).
inline std::vector<std::string> split_input(const uint8_t* data, size_t size, std::string_view sep, size_t max_parts) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() + 1 < max_parts) {
    size_t at = s.find(sep);
    if (at == std::string_view::npos) break;
    parts.emplace_back(s.substr(0, at));
    s.remove_prefix(at + sep.size());
  }
  parts.emplace_back(s);
  return parts;
}

// A broken property escapes as an exception: libFuzzer reports it as a crash,
// the replaying unit test as a failure.
[[noreturn]] inline void property_failed(const std::string& what) { throw std::logic_error("fuzz: property failed: " + what); }

// The access snapshots must read back as written (the neutralisation round
// trip of `rolemig diff`). Only the first permission of each (user, target)
// is rendered: the fuzzed values are emails and store ids, and a full
// snapshot of the shipped catalog costs more than the rest of the run.
inline void check_access_round_trip(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<AccessMap> reduced(access.size());
  AccessSnapshot want;
  for (UserIdx u = 0; u < access.size(); ++u) {
    for (const auto& entry : access[u]) {
      PermSet one = p.catalog.empty_set();
      bool first = true;
      entry.second.for_each([&](PermId id) {
        if (!first) return;
        first = false;
        one.set(id);
        want[p.account.users[u].email].emplace(p.account.target_name(entry.first), p.catalog.permissions[id].id);
      });
      reduced[u].emplace_back(entry.first, one);
    }
  }
  std::ostringstream written;
  write_access_csv(p, reduced, written);
  std::istringstream in(written.str());
  AccessSnapshot got;
  try {
    got = read_access_csv(in, "access.csv");
  } catch (const InputError& e) {
    property_failed("write_access_csv wrote a file read_access_csv rejects: " + render(e.diagnostics().front()));
  }
  if (got != want) property_failed("the access CSV does not read back as written");
}

// Maps, verifies and renders a loaded plan (catalog, rules and account set).
// InputError from mapping (e.g. two groups rendering the same name) is a
// user's error; InternalError (a broken invariant) escapes and is a bug.
inline void run_pipeline(Plan& plan) {
  try {
    build_plan(plan, mappings_dir());
  } catch (const InputError&) {
    return;
  }
  // Not the access CSVs whole (check_access_round_trip renders them reduced).
  std::ostringstream out;
  write_plan_json(plan, out);
  (void)render_summary_json(plan);
  write_requests_jsonl(plan, out);
  write_plan_markdown(plan, out);
  write_expected_state(plan, out);
  check_access_round_trip(plan, plan.verification.before);
  check_access_round_trip(plan, plan.verification.after);
}

// Loads a users export (CSV or JSON, told apart by content as `plan` does)
// and an optional stores CSV through the account stage, then runs the
// pipeline with `plan.catalog` and `plan.rules`. InputError: fine.
inline void plan_users(Plan& plan, const Source& users, const std::string* stores = nullptr) {
  try {
    std::optional<Source> stores_csv;
    if (stores) stores_csv = Source::memory("stores.csv", *stores);
    plan.account = load_account_stage(plan.catalog, plan.rules, AccountSources{stores_csv, {users}}).builder.finish();
  } catch (const InputError&) {
    return;
  }
  run_pipeline(plan);
}

}  // namespace rolemig::fuzz
