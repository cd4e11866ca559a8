#include "mining/role_miner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <unordered_map>

#include "mining/cell_reductions.h"
#include "mining/clique_cover_search.h"
#include "mining/components.h"
#include "mining/lower_bound.h"
#include "mining/set_reductions.h"

namespace rolemig::mining {
namespace {

Matrix matrix(uint32_t items, std::vector<std::vector<uint32_t>> rows) { return Matrix{items, std::move(rows)}; }

// An instance exactly as given (no set-level reduction): for the cell-level
// reductions' own tests.
Instance instance(size_t items, const std::vector<std::vector<uint32_t>>& rows) {
  Instance in;
  in.rows = BitMatrix(rows.size(), items);
  for (size_t u = 0; u < rows.size(); ++u)
    for (uint32_t p : rows[u]) in.rows.set(u, p);
  in.cols = transposed(in.rows);
  for (uint32_t p = 0; p < items; ++p) in.item_members.push_back({p});
  return in;
}

// The exact minimum by exhaustive search over the maximal groups: cells are
// bits of a uint64 (at most 64 assignments).
class BruteForce {
 public:
  explicit BruteForce(const Matrix& m) : m_(m) {
    for (size_t u = 0; u < m.rows.size(); ++u)
      for (uint32_t p : m.rows[u]) cells_.push_back({u, p});
    for (uint32_t set = 1; set < (1u << m.items); ++set) {
      uint64_t covers = 0;
      for (size_t i = 0; i < cells_.size(); ++i)
        if (holds(cells_[i].first, set) && (set >> cells_[i].second & 1)) covers |= uint64_t{1} << i;
      if (covers) groups_.push_back(covers);
    }
  }
  size_t minimum() { return solve(cells_.size() == 64 ? ~uint64_t{0} : (uint64_t{1} << cells_.size()) - 1); }

 private:
  bool holds(size_t u, uint32_t set) const {
    uint32_t row = 0;
    for (uint32_t p : m_.rows[u]) row |= 1u << p;
    return (set & ~row) == 0;
  }
  size_t solve(uint64_t open) {
    if (!open) return 0;
    if (auto it = memo_.find(open); it != memo_.end()) return it->second;
    const uint64_t first = open & (~open + 1);
    size_t best = SIZE_MAX;
    for (uint64_t g : groups_)
      if (g & first) best = std::min(best, 1 + solve(open & ~g));
    return memo_[open] = best;
  }
  const Matrix& m_;
  std::vector<std::pair<size_t, uint32_t>> cells_;
  std::vector<uint64_t> groups_;
  std::unordered_map<uint64_t, size_t> memo_;
};

Matrix random_matrix(std::mt19937& rng, uint32_t users, uint32_t items, double density) {
  Matrix m{items, std::vector<std::vector<uint32_t>>(users)};
  std::bernoulli_distribution bit(density);
  for (auto& r : m.rows)
    for (uint32_t p = 0; p < items; ++p)
      if (bit(rng)) r.push_back(p);
  return m;
}

// k random roles; each user gets a random union of them.
Matrix planted_matrix(std::mt19937& rng, uint32_t users, uint32_t items, uint32_t k) {
  std::vector<uint32_t> roles(k);
  for (auto& r : roles) r = 1 + rng() % ((1u << items) - 1);
  Matrix m{items, std::vector<std::vector<uint32_t>>(users)};
  for (auto& row : m.rows) {
    uint32_t set = 0;
    for (uint32_t r : roles)
      if (rng() % 2) set |= r;
    for (uint32_t p = 0; p < items; ++p)
      if (set >> p & 1) row.push_back(p);
  }
  return m;
}

// Whether the cell-level reductions leave anything for branch and bound.
bool needs_search(const Matrix& m) {
  Instance in = reduce_sets(m);
  Cover c = uncovered_cover(in);
  Deadline unlimited(60);
  reduce_cells(in, c, unlimited);
  return !c.uncovered.empty();
}

void expect_exact(const Matrix& m, size_t minimum) {
  Decomposition d = mine_roles(m);
  EXPECT_EQ(d.roles.size(), minimum);
  EXPECT_EQ(d.lower_bound, minimum);
  EXPECT_TRUE(d.optimal);
  EXPECT_TRUE(d.verified);
  EXPECT_TRUE(reproduces(m, d));
}

TEST(RoleMiner, MatchesBruteForceOnRandomMatrices) {
  std::mt19937 rng(7);
  int searched = 0;
  for (int i = 0; i < 3000; ++i) {
    const double density = (1 + i % 4) * 0.2;  // 0.2 .. 0.8
    Matrix m = random_matrix(rng, 1 + rng() % 6, 1 + rng() % 6, density);
    searched += needs_search(m);
    SCOPED_TRACE(i);
    expect_exact(m, BruteForce(m).minimum());
    if (HasFailure()) return;
  }
  EXPECT_GT(searched, 20);  // branch and bound ran, not only the reductions
}

TEST(RoleMiner, MatchesBruteForceOnPlantedMatrices) {
  std::mt19937 rng(11);
  int searched = 0;
  for (int i = 0; i < 1500; ++i) {
    const uint32_t k = 2 + rng() % 5;
    Matrix m = planted_matrix(rng, 3 + rng() % 4, 4 + rng() % 3, k);
    const size_t minimum = BruteForce(m).minimum();
    searched += needs_search(m);
    SCOPED_TRACE(i);
    EXPECT_LE(minimum, k);
    expect_exact(m, minimum);
    if (HasFailure()) return;
  }
  EXPECT_GT(searched, 5);
}

TEST(RoleMiner, PlantedLargerMatricesAreVerifiedAndWithinTheirRoles) {
  std::mt19937 rng(3);
  for (int i = 0; i < 100; ++i) {
    const uint32_t k = 3 + rng() % 8;
    Matrix m = planted_matrix(rng, 20, 12, k);
    Decomposition d = mine_roles(m);
    SCOPED_TRACE(i);
    EXPECT_TRUE(d.verified);
    EXPECT_TRUE(d.optimal);
    EXPECT_LE(d.roles.size(), k);
    EXPECT_EQ(d.lower_bound, d.roles.size());
  }
}

TEST(RoleMiner, ATinyTimeLimitKeepsAVerifiedAnswerAndSaysItIsNotProven) {
  std::mt19937 rng(5);
  Matrix m = planted_matrix(rng, 30, 12, 10);
  Decomposition d = mine_roles(m, Options{0.0});
  EXPECT_FALSE(d.optimal);
  EXPECT_TRUE(d.verified);
  EXPECT_LE(d.lower_bound, d.roles.size());
  EXPECT_LT(d.lower_bound, d.roles.size());
}

TEST(RoleMiner, ASearchCutShortKeepsItsBestCoverAndAnHonestBound) {
  // Dense and random: the reductions leave most of it, and branch and bound
  // cannot finish in 50 ms. Never more roles than users (one role each).
  std::mt19937 rng(21);
  Matrix m = random_matrix(rng, 50, 50, 0.4);
  ASSERT_TRUE(needs_search(m));
  Decomposition d = mine_roles(m, Options{0.05});
  EXPECT_FALSE(d.optimal);
  EXPECT_TRUE(d.verified);
  EXPECT_LT(d.lower_bound, d.roles.size());
  EXPECT_GT(d.lower_bound, 0u);
  EXPECT_LE(d.roles.size(), 50u);
  EXPECT_LT(d.seconds, 2.0);  // the budget holds (with room for a sanitizer build)
}

TEST(RoleMiner, AnyTimeLimitIsSafe) {
  Matrix m = matrix(3, {{0, 1}, {1, 2}, {0, 1, 2}});
  EXPECT_TRUE(mine_roles(m, Options{1e300}).optimal);
  for (double t : {-1.0, std::nan("")}) {
    Decomposition d = mine_roles(m, Options{t});
    EXPECT_TRUE(d.verified);
    EXPECT_LE(d.lower_bound, d.roles.size());
  }
}

TEST(RoleMiner, IsDeterministic) {
  std::mt19937 rng(9);
  Matrix m = planted_matrix(rng, 25, 10, 8);
  Decomposition a = mine_roles(m), b = mine_roles(m);
  EXPECT_EQ(a.roles, b.roles);
  EXPECT_EQ(a.user_roles, b.user_roles);
}

TEST(RoleMiner, EmptyMatrixAndEmptyRowsNeedNoRoles) {
  Decomposition d = mine_roles(matrix(3, {{}, {}}));
  EXPECT_TRUE(d.roles.empty());
  EXPECT_EQ(d.user_roles, (std::vector<std::vector<uint32_t>>{{}, {}}));
  EXPECT_TRUE(d.optimal);
  EXPECT_TRUE(d.verified);
}

TEST(RoleMiner, RolesAreSortedAndUsersGetEveryRoleWithinTheirItems) {
  Matrix m = matrix(4, {{0, 1}, {2, 3}, {0, 1, 2, 3}});
  Decomposition d = mine_roles(m);
  EXPECT_EQ(d.roles, (std::vector<std::vector<uint32_t>>{{0, 1}, {2, 3}}));
  EXPECT_EQ(d.user_roles, (std::vector<std::vector<uint32_t>>{{0}, {1}, {0, 1}}));
}

TEST(RoleMiner, MalformedRowsAreNotVerified) {
  EXPECT_FALSE(mine_roles(matrix(2, {{1, 0}})).verified);
  EXPECT_FALSE(mine_roles(matrix(2, {{0, 2}})).verified);
}

TEST(Reproduces, RefusesAGainALossAndABadIndex) {
  Matrix m = matrix(3, {{0, 1}});
  Decomposition d;
  d.roles = {{0, 1}};
  d.user_roles = {{0}};
  EXPECT_TRUE(reproduces(m, d));
  d.roles = {{0}};
  EXPECT_FALSE(reproduces(m, d));  // item 1 lost
  d.roles = {{0, 1, 2}};
  EXPECT_FALSE(reproduces(m, d));  // item 2 gained
  d.roles = {{0, 1}};
  d.user_roles = {{1}};
  EXPECT_FALSE(reproduces(m, d));
  d.user_roles = {};
  EXPECT_FALSE(reproduces(m, d));
}

TEST(SetReductions, MergeIdenticalUsersAndItems) {
  Instance in = reduce_sets(matrix(4, {{0, 1, 2}, {0, 1, 2}, {0, 1, 3}}));
  EXPECT_EQ(in.users(), 2u);
  // In order of their holders: item 2 {user 0}, items 0 and 1 {0, 1}, item 3 {1}.
  EXPECT_EQ(in.item_members, (std::vector<std::vector<uint32_t>>{{2}, {0, 1}, {3}}));
}

TEST(SetReductions, DropAUserWhoseSetIsTheUnionOfSmallerOnes) {
  // {0,1,2} = {0,1} + {2}; {0,1,2,3} is no union of smaller sets ({3} is nobody's).
  Instance in = reduce_sets(matrix(4, {{0, 1}, {2}, {0, 1, 2}, {0, 1, 2, 3}}));
  EXPECT_EQ(in.users(), 3u);
  EXPECT_EQ(in.rows.count(), 1u + 1u + 3u);  // items 0 and 1 are one item
}

TEST(CellReductions, TakeTheForcedGroupOfAnItem) {
  // Item 0's only holder is user 0: its group is {0,2}; then {1,2}; then
  // item 2's holders share only {2}, and user 2 holds exactly that.
  Instance in = instance(3, {{0, 2}, {1, 2}, {2}});
  Cover c = uncovered_cover(in);
  Deadline unlimited(60);
  EXPECT_TRUE(take_forced_groups(in, c, unlimited));
  EXPECT_EQ(c.roles, (std::vector<Bits>{{0b101}, {0b110}, {0b100}}));
  EXPECT_TRUE(c.uncovered.empty());
}

TEST(CellReductions, NothingIsForcedWhereTwoGroupsOverlap) {
  // Every assignment lies in two maximal groups ({0,2} and {0} for (0,0)).
  Instance in = instance(3, {{0, 2}, {1, 2}, {0, 1}});
  Cover c = uncovered_cover(in);
  Deadline unlimited(60);
  EXPECT_FALSE(take_forced_groups(in, c, unlimited));
  EXPECT_EQ(c.uncovered.count(), 6u);
}

TEST(CellReductions, ForcedAfterCoverIsAMaximalGroup) {
  // Once (0,0) is covered, (2,1)'s uncovered neighbours are a clique.
  Instance in = instance(3, {{0, 2}, {1, 2}, {0, 1}});
  Cover c = uncovered_cover(in);
  take_role(in, c, Bits{0b101}.data());
  Deadline unlimited(60);
  EXPECT_TRUE(take_forced_groups(in, c, unlimited));
  for (const Bits& r : c.roles) EXPECT_EQ(close_role(in, r.data()), r);
}

TEST(CellReductions, DropAnAssignmentDominatedByASmallerOne) {
  // (1,0): user 0's items lie within user 1's and (0,0) is uncovered, so
  // any maximal group covering (0,0) covers (1,0).
  Instance in = instance(2, {{0}, {0, 1}});
  Deadline unlimited(60);
  Containment k = find_containment(in, unlimited);
  EXPECT_EQ(k.smaller_users[1], std::vector<uint32_t>{0});
  EXPECT_EQ(k.smaller_items[0], std::vector<uint32_t>{1});
  Cover c = uncovered_cover(in);
  EXPECT_TRUE(drop_dominated(k, c));
  EXPECT_TRUE(c.uncovered.test(0, 0));
  EXPECT_FALSE(c.uncovered.test(1, 0));
  EXPECT_TRUE(c.uncovered.test(1, 1));
  EXPECT_FALSE(drop_dominated(k, c));
}

TEST(Components, SplitIndependentBlocks) {
  Instance in = instance(4, {{0, 1}, {1, 0}, {2, 3}, {3}});
  Cover c = uncovered_cover(in);
  auto comps = split_components(in, c);
  ASSERT_EQ(comps.size(), 2u);
  EXPECT_EQ(comps[0].items, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(comps[1].items, (std::vector<uint32_t>{2, 3}));
}

TEST(LowerBound, PairwiseIncompatibleCellsOfAnIdentity) {
  BitMatrix id(5, 5);
  for (size_t i = 0; i < 5; ++i) id.set(i, i);
  Deadline unlimited(60);
  EXPECT_EQ(independent_bound(id, id, bound_order(id, id), unlimited), 5u);
}

TEST(CliqueCoverSearch, CoversACrownExactly) {
  // The crown: user i holds every item but i. The reductions leave it
  // whole, so branch and bound answers; the brute force agrees.
  Instance in = instance(4, {{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}});
  Cover c = uncovered_cover(in);
  Deadline unlimited(60);
  reduce_cells(in, c, unlimited);
  ASSERT_FALSE(c.uncovered.empty());
  auto comps = split_components(in, c);
  ASSERT_EQ(comps.size(), 1u);
  ComponentCover cc = cover_component(comps[0], unlimited);
  EXPECT_TRUE(cc.optimal);
  EXPECT_EQ(cc.roles.size() + c.roles.size(), BruteForce(matrix(4, {{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}})).minimum());
}

}  // namespace
}  // namespace rolemig::mining
