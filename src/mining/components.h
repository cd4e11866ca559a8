// The uncovered assignments split into connected components under
// compatibility; a group's uncovered assignments are pairwise compatible, so
// they lie in one component, and the components are solved independently.
#pragma once

#include <cstdint>
#include <vector>

#include "mining/instance.h"

namespace rolemig::mining {

// One component as a small instance of its own: its users (those with an
// uncovered assignment in it) and its items (those with one). Groups found
// here are item sets to close in the whole instance (close_role).
struct Component {
  BitMatrix rows;               // users x items: what each user holds
  BitMatrix uncovered;          // users x items: what some role must cover
  std::vector<uint32_t> items;  // the instance's item for each item here
};

// In order of each component's first user; empty when nothing is uncovered.
std::vector<Component> split_components(const Instance& in, const Cover& c);

}  // namespace rolemig::mining
