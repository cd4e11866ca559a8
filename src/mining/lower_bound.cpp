#include "mining/lower_bound.h"

#include <algorithm>
#include <random>

namespace rolemig::mining {

namespace {

bool compatible(const BitMatrix& rows, Cell a, Cell b) { return rows.test(a.user, b.item) && rows.test(b.user, a.item); }

// Word operations that counting every cell's neighbours would take, beyond
// which the order is by row and column size.
constexpr size_t kCountingBudget = size_t{50} << 20;

}  // namespace

std::vector<Cell> bound_order(const BitMatrix& rows, const BitMatrix& uncovered) {
  const size_t wi = rows.stride();
  BitMatrix cols = transposed(rows);
  std::vector<size_t> col_size(cols.rows());
  size_t work = 0;  // word operations the exact count takes
  for (size_t p = 0; p < cols.rows(); ++p) col_size[p] = count_bits(cols.row(p), cols.stride());
  for (size_t u = 0; u < rows.rows(); ++u) for_each_bit(uncovered.row(u), wi, [&](size_t p) { work += col_size[p] * wi; });
  const bool exact = work <= kCountingBudget;
  std::vector<std::pair<size_t, Cell>> scored;
  for (uint32_t u = 0; u < rows.rows(); ++u) {
    const size_t row_size = count_bits(rows.row(u), wi);
    for_each_bit(uncovered.row(u), wi, [&](size_t p) {
      size_t degree = 0;  // uncovered (v,q) with v holding p and u holding q
      if (!exact) degree = col_size[p] * row_size;
      for_each_bit(cols.row(p), exact ? cols.stride() : 0, [&](size_t v) {
        for (size_t w = 0; w < wi; ++w) degree += static_cast<size_t>(std::popcount(uncovered.row(v)[w] & rows.row(u)[w]));
      });
      scored.push_back({degree, Cell{u, static_cast<uint32_t>(p)}});
    });
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Cell> order;
  for (const auto& s : scored) order.push_back(s.second);
  return order;
}

size_t independent_bound(const BitMatrix& rows, const BitMatrix& uncovered, const std::vector<Cell>& order, Deadline& deadline) {
  std::vector<Cell> taken;
  for (Cell c : order) {
    if (deadline.passed()) break;
    if (!uncovered.test(c.user, c.item)) continue;
    bool independent = true;
    for (Cell t : taken) {
      if (compatible(rows, c, t)) {
        independent = false;
        break;
      }
    }
    if (independent) taken.push_back(c);
  }
  return taken.size();
}

size_t improved_bound(const BitMatrix& rows, const BitMatrix& uncovered, const std::vector<Cell>& order, int tries, Deadline& deadline) {
  size_t best = independent_bound(rows, uncovered, order, deadline);
  std::mt19937 rng(12345);  // fixed: the bound must not vary between runs
  std::vector<Cell> shuffled = order;
  for (int t = 0; t < tries && !deadline.passed(); ++t) {
    // Swap each cell with one a little further on: the order stays mostly
    // by degree but the greedy meets different choices.
    for (size_t i = 0; i + 1 < shuffled.size(); ++i) {
      size_t j = i + rng() % std::min<size_t>(8, shuffled.size() - i);
      std::swap(shuffled[i], shuffled[j]);
    }
    best = std::max(best, independent_bound(rows, uncovered, shuffled, deadline));
  }
  return best;
}

}  // namespace rolemig::mining
