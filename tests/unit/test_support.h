// Helpers for building inputs from strings in unit tests.
#pragma once

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "io/catalog_loader.h"
#include "test_files.h"
#include "io/rules_loader.h"
#include "io/stores_csv_reader.h"
#include "io/users_reader.h"
#include "mapping/rule_engine.h"
#include "model/account_builder.h"
#include "plan/pipeline.h"
#include "verify/access_verifier.h"
#include "verify/admin_checker.h"

namespace rolemig::testing {

inline std::string source_dir() { return ROLEMIG_SOURCE_DIR; }

inline const Catalog& shipped_catalog() {
  static const Catalog cat = load_catalog_dir(source_dir() + "/mappings");
  return cat;
}

inline Account account_from_csv(const Catalog& cat, const std::string& csv) {
  AccountBuilder b(cat);
  std::istringstream in(csv);
  read_users_csv(in, "users.csv", cat, b);
  return b.finish();
}

inline RuleSet rules_from(const Catalog& cat, const std::string& yaml) { return load_rules(cat, yaml, "rules.yaml"); }

inline RuleSet shipped_rules(const Catalog& cat) {
  static const std::string text = slurp(source_dir() + "/mappings/rules.yaml");
  return load_rules(cat, text, "rules.yaml");
}

// A small catalog: store permissions A..F, account permission U.
inline CatalogSources tiny_catalog_sources(const std::string& policies_yaml) {
  CatalogSources src;
  src.permissions_text = R"(permissions:
  - {id: No_Permission_Required, area: none, scope: store}
  - {id: A, area: x, scope: store}
  - {id: B, area: x, scope: store}
  - {id: C, area: x, scope: store}
  - {id: D, area: x, scope: store}
  - {id: E, area: x, scope: store}
  - {id: F, area: x, scope: store}
  - {id: U, area: users, scope: account}
)";
  src.permissions_file = "permissions.yaml";
  src.roles_text = R"(roles:
  - {name: Owner, account_admin: true, all: [store, account]}
  - {name: AB, permissions: [A, B]}
  - {name: ABC, permissions: [A, B, C]}
)";
  src.roles_file = "roles.yaml";
  src.policies_text = policies_yaml;
  src.policies_file = "policies.yaml";
  return src;
}

inline Catalog tiny_catalog(const std::string& policies_yaml) { return load_catalog(tiny_catalog_sources(policies_yaml)); }

inline PermSet perms(const Catalog& cat, std::initializer_list<const char*> ids) {
  PermSet s = cat.empty_set();
  for (const char* id : ids) s.set(*cat.find_permission(id));
  return s;
}

inline std::vector<std::string> policy_names(const Catalog& cat, const std::vector<PolicyIdx>& ps) {
  std::vector<std::string> out;
  for (PolicyIdx p : ps) out.push_back(cat.policies[p].name);
  return out;
}

// "target permission" strings of a difference list.
inline std::vector<std::string> diffs(const Account& acc, const Catalog& cat, const std::vector<Difference>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(acc.target_name(d.target) + " " + cat.permissions[d.perm].id);
  return out;
}

// The true minimum by brute force (no caps): every block is a set of groups
// T with the users whose wanted sets contain it; try every family of k
// non-empty group subsets, smallest k first.
inline size_t brute_force_minimum(const std::vector<std::vector<uint32_t>>& wanted, uint32_t groups) {
  std::vector<uint32_t> masks;
  for (const auto& w : wanted) {
    uint32_t m = 0;
    for (uint32_t g : w) m |= 1U << g;
    if (m) masks.push_back(m);
  }
  if (masks.empty()) return 0;
  std::vector<uint32_t> subsets;
  for (uint32_t t = 1; t < (1U << groups); ++t) {
    if (std::any_of(masks.begin(), masks.end(), [&](uint32_t m) { return (t & m) == t; })) subsets.push_back(t);
  }
  auto covers = [&](const std::vector<uint32_t>& family) {
    for (uint32_t m : masks) {
      uint32_t got = 0;
      for (uint32_t t : family)
        if ((t & m) == t) got |= t;
      if (got != m) return false;
    }
    return true;
  };
  std::vector<uint32_t> family;
  std::function<bool(size_t, size_t)> choose = [&](size_t start, size_t k) -> bool {
    if (family.size() == k) return covers(family);
    for (size_t i = start; i < subsets.size(); ++i) {
      family.push_back(subsets[i]);
      if (choose(i + 1, k)) return true;
      family.pop_back();
    }
    return false;
  };
  for (size_t k = 1;; ++k) {
    family.clear();
    if (choose(0, k)) return k;
  }
}

}  // namespace rolemig::testing
