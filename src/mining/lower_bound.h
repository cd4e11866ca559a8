// Lower bounds for a clique cover: no group holds two pairwise incompatible
// uncovered assignments ((u,p), (v,q) with u lacking q or v lacking p), so a
// set of them needs as many roles as it has members.
#pragma once

#include <cstdint>
#include <vector>

#include "mining/bits.h"
#include "mining/deadline.h"

namespace rolemig::mining {

struct Cell {
  uint32_t user = 0, item = 0;
};

// The uncovered cells of `uncovered`, fewest uncovered compatible
// neighbours first (ties by position): the order in which a greedy
// independent set finds the most. When counting the neighbours would take
// long, by the size of the cell's row and column instead.
std::vector<Cell> bound_order(const BitMatrix& rows, const BitMatrix& uncovered);

// Greedy: each cell of `order` still uncovered in `uncovered` joins when it
// is incompatible with every cell taken; returns how many were taken. Stops
// early (a smaller bound, still valid) when the deadline passes.
size_t independent_bound(const BitMatrix& rows, const BitMatrix& uncovered, const std::vector<Cell>& order, Deadline& deadline);

// The best of the greedy bound on `order` and on `tries` deterministic
// shuffles of it that keep the cells with few neighbours near the front
// (as many as the deadline allows).
size_t improved_bound(const BitMatrix& rows, const BitMatrix& uncovered, const std::vector<Cell>& order, int tries, Deadline& deadline);

}  // namespace rolemig::mining
