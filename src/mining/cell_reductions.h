// Reductions on the graph of compatible assignments (Ene et al., SACMAT
// 2008). Assignments (u,p) and (v,q) are compatible when u holds q and v
// holds p; a set of pairwise compatible assignments is exactly a group
// (biclique), so a cover by roles is a cover of the uncovered assignments by
// cliques. Each reduction keeps the minimum: it takes a role some minimum
// cover can take, or drops an assignment that every maximal role covering
// another uncovered one covers too.
#pragma once

#include <cstdint>
#include <vector>

#include "mining/deadline.h"
#include "mining/instance.h"

namespace rolemig::mining {

// Strict containment among the instance's rows and columns: the closed
// neighbourhood of (v,q) lies within that of (u,p) exactly when v's items
// are within u's and q's users within p's.
struct Containment {
  std::vector<std::vector<uint32_t>> smaller_users;  // per user: users whose items lie strictly within its items
  std::vector<std::vector<uint32_t>> smaller_items;  // per item: items whose users lie strictly within its users
};
// Stops early (leaving lists shorter, which only weakens drop_dominated)
// when the deadline passes.
Containment find_containment(const Instance& in, Deadline& deadline);

// Takes the group of every uncovered (u,p) whose uncovered compatible
// assignments are pairwise compatible: one group covers them all, so some
// minimum cover takes it. With nothing covered yet this is the forced group
// of an item (its holders, the intersection of their sets). Returns whether
// it took any.
bool take_forced_groups(const Instance& in, Cover& c, Deadline& deadline);

// Drops (u,p) when another uncovered (v,q) has v's items within u's and q's
// users within p's: any maximal group covering (v,q) covers (u,p). Returns
// whether it dropped any.
bool drop_dominated(const Containment& k, Cover& c);

// Both, alternately, until neither changes anything (or the deadline).
void reduce_cells(const Instance& in, Cover& c, Deadline& deadline);

}  // namespace rolemig::mining
