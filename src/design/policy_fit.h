// How the catalog's policies reproduce one set of permissions of one scope
// (SPEC 6): the policies that fit inside it, what they leave (the loss a
// migration would take), and the fewest-gain cover of the whole set (what a
// person could choose instead, at the price of a gain).
#pragma once

#include <vector>

#include "model/catalog.h"

namespace rolemig {

struct PolicyFit {
  std::vector<PolicyIdx> fitting;  // every policy of the scope inside the set, in catalog order
  PermSet covered;                 // their union: the largest subset cover
  PermSet lost;                    // the set minus `covered`; empty: the policies reproduce it exactly
  // When `lost` is not empty, the smallest superset cover is `fitting` plus
  // `extra` (by name): the fewest policies that also grant `lost`, at the
  // price of `gained`.
  std::vector<PolicyIdx> extra;
  PermSet gained;
  bool superset_exists = false;  // false when a lost permission is in no policy of the scope
};

// `wanted` holds only permissions of `scope`. `extra` minimises the
// permissions gained, then the number of policies; ties go to the first in name order.
PolicyFit fit_policies(const Catalog& cat, const PermSet& wanted, Scope scope);

// PolicyFit::fitting alone (no superset search): every policy of `scope`
// inside `wanted`, in catalog order.
std::vector<PolicyIdx> fitting_policies(const Catalog& cat, const PermSet& wanted, Scope scope);

}  // namespace rolemig
