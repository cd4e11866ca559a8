#include "mining/cell_reductions.h"

namespace rolemig::mining {

namespace {

// For every row r of `m`, the other rows strictly within it (rows are
// distinct, so "within" is strict).
std::vector<std::vector<uint32_t>> strictly_within(const BitMatrix& m, Deadline& deadline) {
  std::vector<std::vector<uint32_t>> out(m.rows());
  std::vector<size_t> size(m.rows());
  for (size_t r = 0; r < m.rows(); ++r) size[r] = count_bits(m.row(r), m.stride());
  for (size_t r = 0; r < m.rows() && !deadline.passed(); ++r) {
    for (size_t s = 0; s < m.rows(); ++s) {
      if (s != r && size[s] < size[r] && is_subset(m.row(s), m.row(r), m.stride())) out[r].push_back(static_cast<uint32_t>(s));
    }
  }
  return out;
}

// Whether the uncovered assignments compatible with (u,p) are pairwise
// compatible; if so `group` holds their items.
bool forced_at(const Instance& in, const Cover& c, size_t u, size_t p, Bits& group, std::vector<uint32_t>& users) {
  const size_t wi = in.rows.stride();
  std::fill(group.begin(), group.end(), 0);
  users.clear();
  const Word* row_u = in.rows.row(u);
  for_each_bit(in.cols.row(p), in.cols.stride(), [&](size_t v) {
    const Word* un = c.uncovered.row(v);
    bool any = false;
    for (size_t w = 0; w < wi; ++w) {
      Word x = un[w] & row_u[w];
      group[w] |= x;
      any = any || x;
    }
    if (any) users.push_back(static_cast<uint32_t>(v));
  });
  for (uint32_t v : users)
    if (!is_subset(group.data(), in.rows.row(v), wi)) return false;
  return true;
}

}  // namespace

Containment find_containment(const Instance& in, Deadline& deadline) {
  return Containment{strictly_within(in.rows, deadline), strictly_within(in.cols, deadline)};
}

bool take_forced_groups(const Instance& in, Cover& c, Deadline& deadline) {
  bool took = false;
  Bits group(in.rows.stride());
  std::vector<uint32_t> users;
  for (size_t u = 0; u < in.users() && !deadline.passed(); ++u) {
    for (size_t p = 0; p < in.items(); ++p) {
      if (!c.uncovered.test(u, p) || !forced_at(in, c, u, p, group, users)) continue;
      take_role(in, c, group.data());
      took = true;
    }
  }
  return took;
}

bool drop_dominated(const Containment& k, Cover& c) {
  bool dropped = false;
  const size_t wi = c.uncovered.stride();
  Bits below(wi);  // uncovered items of the users strictly within u
  for (size_t u = 0; u < c.uncovered.rows(); ++u) {
    std::fill(below.begin(), below.end(), 0);
    for (uint32_t v : k.smaller_users[u])
      for (size_t w = 0; w < wi; ++w) below[w] |= c.uncovered.row(v)[w];
    Word* un = c.uncovered.row(u);
    for_each_bit(Bits(un, un + wi).data(), wi, [&](size_t p) {
      bool dominated = test_bit(below.data(), p);
      for (uint32_t q : k.smaller_items[p]) dominated = dominated || test_bit(below.data(), q) || test_bit(un, q);
      if (!dominated) return;
      clear_bit(un, p);
      dropped = true;
    });
  }
  return dropped;
}

void reduce_cells(const Instance& in, Cover& c, Deadline& deadline) {
  Containment k = find_containment(in, deadline);
  bool changed = true;
  while (changed && !deadline.passed()) {
    changed = take_forced_groups(in, c, deadline);
    changed = drop_dominated(k, c) || changed;
  }
}

}  // namespace rolemig::mining
