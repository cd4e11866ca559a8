#include "mining/components.h"

#include <numeric>

namespace rolemig::mining {

namespace {

struct UnionFind {
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(size_t a, size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<size_t> parent;
};

// All uncovered assignments of one user are pairwise compatible, so a
// component is a set of users: joined by an item both must have covered,
// and by (u,p),(v,q) compatible and both uncovered.
UnionFind join_users(const Instance& in, const Cover& c) {
  const size_t wi = in.rows.stride();
  UnionFind uf(in.users());
  BitMatrix open_cols = transposed(c.uncovered);
  for (size_t p = 0; p < in.items(); ++p) {
    size_t first = SIZE_MAX;
    for_each_bit(open_cols.row(p), open_cols.stride(), [&](size_t u) {
      if (first == SIZE_MAX) first = u;
      uf.unite(first, u);
    });
  }
  for (size_t u = 0; u < in.users(); ++u) {
    if (!any_bit(c.uncovered.row(u), wi)) continue;
    Bits holders(in.cols.stride());  // of u's uncovered items
    for_each_bit(c.uncovered.row(u), wi, [&](size_t p) {
      for (size_t x = 0; x < holders.size(); ++x) holders[x] |= in.cols.row(p)[x];
    });
    for_each_bit(holders.data(), holders.size(), [&](size_t v) {
      if (uf.find(v) != uf.find(u) && intersects(c.uncovered.row(v), in.rows.row(u), wi)) uf.unite(u, v);
    });
  }
  return uf;
}

Component extract(const Instance& in, const Cover& c, const std::vector<uint32_t>& users) {
  const size_t wi = in.rows.stride();
  Bits items(wi);
  for (uint32_t u : users)
    for (size_t w = 0; w < wi; ++w) items[w] |= c.uncovered.row(u)[w];
  Component comp;
  for_each_bit(items.data(), wi, [&](size_t p) { comp.items.push_back(static_cast<uint32_t>(p)); });
  comp.rows = BitMatrix(users.size(), comp.items.size());
  comp.uncovered = BitMatrix(users.size(), comp.items.size());
  for (size_t i = 0; i < users.size(); ++i) {
    for (size_t j = 0; j < comp.items.size(); ++j) {
      if (in.rows.test(users[i], comp.items[j])) comp.rows.set(i, j);
      if (c.uncovered.test(users[i], comp.items[j])) comp.uncovered.set(i, j);
    }
  }
  return comp;
}

}  // namespace

std::vector<Component> split_components(const Instance& in, const Cover& c) {
  UnionFind uf = join_users(in, c);
  std::vector<std::vector<uint32_t>> members(in.users());
  for (size_t u = 0; u < in.users(); ++u)
    if (any_bit(c.uncovered.row(u), c.uncovered.stride())) members[uf.find(u)].push_back(static_cast<uint32_t>(u));
  std::vector<Component> out;
  for (const auto& m : members)
    if (!m.empty()) out.push_back(extract(in, c, m));
  return out;
}

}  // namespace rolemig::mining
