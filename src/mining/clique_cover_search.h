// Exact cover of one component's uncovered assignments by the fewest groups:
// branch and bound. At each node it branches on the uncovered assignment
// with the fewest ways to be covered (the maximal groups around it, told
// apart by the uncovered assignments they cover, only those no other way
// covers more of), and prunes with an independent-set lower bound.
#pragma once

#include <vector>

#include "mining/components.h"
#include "mining/deadline.h"

namespace rolemig::mining {

struct ComponentCover {
  std::vector<Bits> roles;  // item sets over the component's items; close them in the instance
  size_t lower_bound = 0;   // no cover of the component has fewer roles
  bool optimal = false;     // proven: roles.size() == lower_bound
};

// Always returns a cover: when the deadline passes, the best found so far,
// at worst the better of one role per user and a greedy cover.
ComponentCover cover_component(const Component& comp, Deadline& deadline);

}  // namespace rolemig::mining
