#include "mining/set_reductions.h"

#include <algorithm>
#include <numeric>

namespace rolemig::mining {

namespace {

using Rows = std::vector<std::vector<uint32_t>>;

// Items with the same holders become one class, numbered in order of their
// column; returns each class's members (ids of `items`), and maps `rows`
// onto the classes.
Rows merge_items(Rows& rows, size_t items) {
  Rows cols(items);
  for (uint32_t u = 0; u < rows.size(); ++u)
    for (uint32_t p : rows[u]) cols[p].push_back(u);
  std::vector<uint32_t> order;
  for (uint32_t p = 0; p < items; ++p)
    if (!cols[p].empty()) order.push_back(p);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return cols[a] < cols[b]; });
  Rows members;
  std::vector<uint32_t> class_of(items, 0);
  for (size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || cols[order[i]] != cols[order[i - 1]]) members.emplace_back();
    members.back().push_back(order[i]);
    class_of[order[i]] = static_cast<uint32_t>(members.size() - 1);
  }
  for (auto& r : rows) {
    for (auto& p : r) p = class_of[p];
    std::sort(r.begin(), r.end());
    r.erase(std::unique(r.begin(), r.end()), r.end());
  }
  return members;
}

// Rows (distinct) that are not the union of the rows strictly inside them.
Rows drop_union_rows(const Rows& rows, size_t items) {
  const size_t wi = words_for(items);
  BitMatrix bits(rows.size(), items);
  for (size_t u = 0; u < rows.size(); ++u)
    for (uint32_t p : rows[u]) bits.set(u, p);
  std::vector<size_t> by_size(rows.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) { return rows[a].size() < rows[b].size(); });
  std::vector<bool> keep(rows.size(), true);
  Bits acc(wi);
  for (size_t i = 0; i < by_size.size(); ++i) {
    const size_t u = by_size[i];
    std::fill(acc.begin(), acc.end(), 0);
    size_t covered = 0;
    for (size_t j = 0; j < i && rows[by_size[j]].size() < rows[u].size(); ++j) {
      const size_t v = by_size[j];
      if (!is_subset(bits.row(v), bits.row(u), wi)) continue;
      for (size_t w = 0; w < wi; ++w) acc[w] |= bits.row(v)[w];
      covered = count_bits(acc.data(), wi);
      if (covered == rows[u].size()) break;
    }
    keep[u] = covered != rows[u].size();
  }
  Rows kept;
  for (size_t u = 0; u < rows.size(); ++u)
    if (keep[u]) kept.push_back(rows[u]);
  return kept;
}

}  // namespace

Instance reduce_sets(const Matrix& m) {
  Rows rows;
  for (const auto& r : m.rows)
    if (!r.empty()) rows.push_back(r);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  Rows first = merge_items(rows, m.items);
  rows = drop_union_rows(rows, first.size());
  Rows second = merge_items(rows, first.size());
  Instance in;
  in.rows = BitMatrix(rows.size(), second.size());
  for (size_t u = 0; u < rows.size(); ++u)
    for (uint32_t p : rows[u]) in.rows.set(u, p);
  in.cols = transposed(in.rows);
  for (const auto& cls : second) {
    std::vector<uint32_t> items;
    for (uint32_t c : cls) items.insert(items.end(), first[c].begin(), first[c].end());
    std::sort(items.begin(), items.end());
    in.item_members.push_back(std::move(items));
  }
  return in;
}

}  // namespace rolemig::mining
