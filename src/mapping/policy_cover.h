// Covers a set of permissions with catalog policies for derived groups
// (SPEC 2.5): only policies that fit inside the set are used, so a cover
// never grants anything extra. Returns a minimal exact cover when one exists;
// otherwise a minimal cover of the largest coverable part. Among minimal
// covers, the one whose sorted policy names come first.
#pragma once

#include <unordered_map>
#include <vector>

#include "model/catalog.h"

namespace rolemig {

class PolicyCover {
 public:
  explicit PolicyCover(const Catalog& catalog);

  // Policies of target `scope` covering `wanted` (which holds only `scope`
  // permissions), sorted by name. Empty when no policy fits. Memoised.
  const std::vector<PolicyIdx>& cover(const PermSet& wanted, Scope scope);

 private:
  std::vector<PolicyIdx> compute(const PermSet& wanted, Scope scope) const;

  const Catalog& cat_;
  std::vector<PolicyIdx> by_name_;
  std::unordered_map<PermSet, std::vector<PolicyIdx>, PermSetHash> memo_[2];
};

}  // namespace rolemig
