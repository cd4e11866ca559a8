// The set-level reductions, which keep the minimum number of roles:
// identical users are one user, identical items one item (together in every
// role or in none), and a user whose items are the union of other users'
// strictly smaller sets needs no role of its own (the roles of those users,
// all within its set, rebuild it).
#pragma once

#include "mining/instance.h"
#include "mining/role_miner.h"

namespace rolemig::mining {

// The reduced instance of `m` (empty rows and unheld items vanish). Rows of
// `m` must be sorted and distinct.
Instance reduce_sets(const Matrix& m);

}  // namespace rolemig::mining
