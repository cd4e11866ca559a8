#include "mining/role_miner.h"

#include <algorithm>

#include "mining/cell_reductions.h"
#include "mining/clique_cover_search.h"
#include "mining/components.h"
#include "mining/set_reductions.h"

namespace rolemig::mining {

namespace {

bool well_formed(const Matrix& m) {
  for (const auto& r : m.rows) {
    for (size_t i = 0; i < r.size(); ++i)
      if (r[i] >= m.items || (i > 0 && r[i] <= r[i - 1])) return false;
  }
  return true;
}

// The components, fewest uncovered assignments first: each gets an equal
// share of the time left, so a hard one cannot starve the others of their
// bound, and the easy ones leave their unused time to the hard ones.
std::vector<Component> by_size(std::vector<Component> comps) {
  std::stable_sort(comps.begin(), comps.end(), [](const Component& a, const Component& b) { return a.uncovered.count() < b.uncovered.count(); });
  return comps;
}

// Takes the roles (closed item sets of the instance), the forced ones first
// and then each component's; returns their lower bound.
size_t solve(const Instance& in, Cover& c, Deadline& deadline) {
  reduce_cells(in, c, deadline);
  size_t bound = c.roles.size();
  std::vector<Component> comps = by_size(split_components(in, c));
  for (size_t i = 0; i < comps.size(); ++i) {
    Deadline share = deadline.share(comps.size() - i);
    ComponentCover cc = cover_component(comps[i], share);
    for (const Bits& local : cc.roles) {
      Bits items(in.rows.stride());
      for_each_bit(local.data(), local.size(), [&](size_t j) { set_bit(items.data(), comps[i].items[j]); });
      c.roles.push_back(close_role(in, items.data()));
    }
    bound += cc.lower_bound;
  }
  return bound;
}

// The input's items of each role, sorted and without repeats.
std::vector<std::vector<uint32_t>> expand(const Instance& in, const std::vector<Bits>& roles) {
  std::vector<std::vector<uint32_t>> out;
  for (const Bits& r : roles) {
    std::vector<uint32_t> items;
    for_each_bit(r.data(), r.size(), [&](size_t p) { items.insert(items.end(), in.item_members[p].begin(), in.item_members[p].end()); });
    std::sort(items.begin(), items.end());
    out.push_back(std::move(items));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Every user gets every role within its items: that rebuilds the merged,
// the dropped and the reduced users alike.
std::vector<std::vector<uint32_t>> assign(const Matrix& m, const std::vector<std::vector<uint32_t>>& roles) {
  std::vector<std::vector<uint32_t>> out(m.rows.size());
  std::vector<char> holds(m.items, 0);
  for (size_t u = 0; u < m.rows.size(); ++u) {
    for (uint32_t p : m.rows[u]) holds[p] = 1;
    for (uint32_t r = 0; r < roles.size(); ++r) {
      if (std::all_of(roles[r].begin(), roles[r].end(), [&](uint32_t p) { return holds[p]; })) out[u].push_back(r);
    }
    for (uint32_t p : m.rows[u]) holds[p] = 0;
  }
  return out;
}

}  // namespace

Decomposition mine_roles(const Matrix& m, const Options& options) {
  Deadline deadline(options.time_limit_seconds);
  Decomposition d;
  if (!well_formed(m)) return d;
  Instance in = reduce_sets(m);
  Cover c = uncovered_cover(in);
  d.lower_bound = solve(in, c, deadline);
  d.roles = expand(in, c.roles);
  d.user_roles = assign(m, d.roles);
  d.optimal = d.roles.size() <= d.lower_bound;
  d.verified = reproduces(m, d);
  d.seconds = deadline.elapsed();
  return d;
}

bool reproduces(const Matrix& m, const Decomposition& d) {
  if (d.user_roles.size() != m.rows.size() || !well_formed(m)) return false;
  std::vector<char> holds(m.items, 0), got(m.items, 0);
  for (size_t u = 0; u < m.rows.size(); ++u) {
    for (uint32_t p : m.rows[u]) holds[p] = 1;
    bool ok = true;
    for (uint32_t r : d.user_roles[u]) {
      if (r >= d.roles.size()) return false;
      for (uint32_t p : d.roles[r]) {
        ok = ok && p < m.items && holds[p];
        if (p < m.items) got[p] = 1;
      }
    }
    for (uint32_t p : m.rows[u]) ok = ok && got[p];
    for (uint32_t p : m.rows[u]) holds[p] = 0;
    for (uint32_t r : d.user_roles[u])
      for (uint32_t p : d.roles[r])
        if (p < m.items) got[p] = 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace rolemig::mining
