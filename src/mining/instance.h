// The reduced instance the exact methods work on, and the cover they build.
#pragma once

#include <cstdint>
#include <vector>

#include "mining/bits.h"

namespace rolemig::mining {

// Users and items after the set-level reductions (set_reductions.h): no two
// users alike, no two items alike, no user the union of others. An item here
// is a class of the input's items that every user holds all or none of.
struct Instance {
  BitMatrix rows;                                   // users x items
  BitMatrix cols;                                   // items x users
  std::vector<std::vector<uint32_t>> item_members;  // the input's items in each item, sorted
  size_t users() const { return rows.rows(); }
  size_t items() const { return rows.cols(); }
};

// The maximal group (biclique) around `items`: every user holding all of
// them, then every item all those users hold. `items` must lie within some
// user's row.
Bits close_role(const Instance& in, const Word* items);

// A cover in progress: the roles taken (closed item sets) and the
// assignments some role must still cover. An assignment leaves `uncovered`
// when a role covers it, or when covering another one is proven to cover it
// too (the final roles are maximal groups, so they do).
struct Cover {
  BitMatrix uncovered;  // users x items
  std::vector<Bits> roles;
};

Cover uncovered_cover(const Instance& in);
// Closes `items` (close_role) and takes it as a role: its cells are covered.
void take_role(const Instance& in, Cover& c, const Word* items);

}  // namespace rolemig::mining
