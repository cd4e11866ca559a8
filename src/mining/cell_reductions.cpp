#include "mining/cell_reductions.h"

#include <algorithm>

namespace rolemig::mining {

namespace {

// For every row r of `m`, the other rows strictly within it (rows are
// distinct, so "within" is strict). A row s within r has its rarest column
// in r, so r only tests the rows filed under its own columns.
std::vector<std::vector<uint32_t>> strictly_within(const BitMatrix& m, const BitMatrix& t, Deadline& deadline) {
  std::vector<std::vector<uint32_t>> out(m.rows()), filed(m.cols());
  std::vector<size_t> size(m.rows()), col_size(m.cols());
  for (size_t c = 0; c < m.cols(); ++c) col_size[c] = count_bits(t.row(c), t.stride());
  for (size_t r = 0; r < m.rows(); ++r) {
    size[r] = count_bits(m.row(r), m.stride());
    size_t rarest = SIZE_MAX;
    for_each_bit(m.row(r), m.stride(), [&](size_t c) {
      if (rarest == SIZE_MAX || col_size[c] < col_size[rarest]) rarest = c;
    });
    if (rarest != SIZE_MAX) filed[rarest].push_back(static_cast<uint32_t>(r));
  }
  for (size_t r = 0; r < m.rows() && !deadline.passed(); ++r) {
    for_each_bit(m.row(r), m.stride(), [&](size_t c) {
      for (uint32_t s : filed[c])
        if (size[s] < size[r] && is_subset(m.row(s), m.row(r), m.stride())) out[r].push_back(s);
    });
    std::sort(out[r].begin(), out[r].end());
  }
  return out;
}

// The words of `row` that are not zero: a user's items are few, and every
// set compared for a forced group lies within them.
std::vector<uint32_t> nonzero_words(const Word* row, size_t n) {
  std::vector<uint32_t> out;
  for (size_t w = 0; w < n; ++w)
    if (row[w]) out.push_back(static_cast<uint32_t>(w));
  return out;
}

// Whether the uncovered assignments compatible with (u,p) are pairwise
// compatible: their items (`group`) within every one of their users' rows
// (`common`, the intersection). Checked as users come, so the usual answer,
// no, comes after a few of them. Writes only the words `words` of u's row
// (the others stay zero); on true `group` holds the items.
bool forced_at(const Instance& in, const Cover& c, size_t u, size_t p, const std::vector<uint32_t>& words, Bits& group, Bits& common) {
  const Word* row_u = in.rows.row(u);
  for (uint32_t w : words) group[w] = 0, common[w] = row_u[w];
  bool forced = true;
  const Word* holders = in.cols.row(p);
  for (size_t hw = 0; hw < in.cols.stride() && forced; ++hw) {
    for (Word bits = holders[hw]; bits && forced; bits &= bits - 1) {
      const size_t v = hw * 64 + static_cast<size_t>(std::countr_zero(bits));
      const Word* un = c.uncovered.row(v);
      const Word* row_v = in.rows.row(v);
      Word any = 0;
      for (uint32_t w : words) any |= un[w] & row_u[w];
      if (!any) continue;
      for (uint32_t w : words) {
        group[w] |= un[w] & row_u[w];
        common[w] &= row_v[w];
        forced = forced && !(group[w] & ~common[w]);
      }
    }
  }
  return forced;
}

}  // namespace

Containment find_containment(const Instance& in, Deadline& deadline) {
  return Containment{strictly_within(in.rows, in.cols, deadline), strictly_within(in.cols, in.rows, deadline)};
}

bool take_forced_groups(const Instance& in, Cover& c, Deadline& deadline) {
  bool took = false;
  Bits group(in.rows.stride()), common(in.rows.stride());
  for (size_t u = 0; u < in.users() && !deadline.passed(); ++u) {
    const std::vector<uint32_t> words = nonzero_words(in.rows.row(u), in.rows.stride());
    std::fill(group.begin(), group.end(), 0);  // forced_at writes only `words`
    const Bits open(c.uncovered.row(u), c.uncovered.row(u) + c.uncovered.stride());
    for_each_bit(open.data(), open.size(), [&](size_t p) {
      if (!c.uncovered.test(u, p) || !forced_at(in, c, u, p, words, group, common)) return;
      take_role(in, c, group.data());
      took = true;
    });
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
