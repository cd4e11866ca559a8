// The role-mining engine (issue 10): the fewest roles (item sets) whose
// unions reproduce every user's items exactly, with a lower bound that says
// how far from the minimum the answer can be.
//
// It knows nothing of the domain: a user is a row of a 0/1 matrix and an
// item a column. Exact methods (set-level reductions, forced groups, Ene et
// al.'s reductions on the graph of compatible assignments, then branch and
// bound per independent component) within a time budget; the answer is always
// checked against the input (`verified`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rolemig::mining {

// users x items; rows[u] = sorted distinct item ids < items.
struct Matrix {
  uint32_t items = 0;
  std::vector<std::vector<uint32_t>> rows;
};

struct Options {
  // The whole run's budget; when it runs out the best roles found so far are
  // kept and `optimal` is false unless the bound already proves them.
  double time_limit_seconds = 10.0;
};

struct Decomposition {
  std::vector<std::vector<uint32_t>> roles;       // each a sorted item list; sorted, so deterministic
  std::vector<std::vector<uint32_t>> user_roles;  // per row of the matrix, sorted role indices (empty row: none)
  size_t lower_bound = 0;                         // no exact decomposition has fewer roles
  bool optimal = false;                           // proven: roles.size() == lower_bound
  bool verified = false;                          // reproduces() held on the raw input
  double seconds = 0;
};

// Deterministic unless the time budget runs out. A row that is not sorted,
// repeats an item or names one >= items is a caller's bug: the result is then
// not verified.
Decomposition mine_roles(const Matrix& m, const Options& options = {});

// Every user's union of roles == row exactly, each given role a subset of
// the row, every role index valid.
bool reproduces(const Matrix& m, const Decomposition& d);

}  // namespace rolemig::mining
