#include "mining/clique_cover_search.h"

#include <algorithm>
#include <set>

#include "mining/lower_bound.h"

namespace rolemig::mining {

namespace {

// How many distinct groups around one assignment are looked at before the
// list is cut (and the search no longer exact).
constexpr size_t kOptionCap = 2048;
constexpr size_t kGreedyCap = 64;

// One way to cover an assignment (u,p): a group's items, and which uncovered
// assignments it covers (per user of `users`, a row of items).
struct Option {
  Bits items;
  Bits covers;
  size_t size = 0;
};

struct Options {
  std::vector<uint32_t> users;  // users holding p with an uncovered assignment among u's items
  std::vector<Option> list;     // largest first
  bool truncated = false;
};

class Search {
 public:
  Search(const Component& comp, Deadline& deadline) : c_(comp), wi_(comp.rows.stride()), deadline_(deadline) {}
  ComponentCover run();

 private:
  Options options_at(const BitMatrix& open, size_t u, size_t p, size_t cap) const;
  void keep_maximal(Options& o) const;
  void dfs(const BitMatrix& open, size_t depth);
  bool pick(const BitMatrix& open, Options& best);
  BitMatrix without(const BitMatrix& open, const Options& o, const Option& opt) const;
  std::vector<Bits> greedy(BitMatrix open) const;

  const Component& c_;
  size_t wi_;
  Deadline& deadline_;
  std::vector<Cell> order_;
  size_t bound_ = 0;
  std::vector<Bits> path_, best_;
  bool found_ = false, exact_ = true, stop_ = false;
};

Options Search::options_at(const BitMatrix& open, size_t u, size_t p, size_t cap) const {
  Options o;
  const Word* row_u = c_.rows.row(u);
  Bits reach(wi_);  // the uncovered items of those users within u's items
  for (size_t v = 0; v < c_.rows.rows(); ++v) {
    if (!c_.rows.test(v, p) || !intersects(open.row(v), row_u, wi_)) continue;
    o.users.push_back(static_cast<uint32_t>(v));
    for (size_t w = 0; w < wi_; ++w) reach[w] |= open.row(v)[w] & row_u[w];
  }
  // Every intersection of `reach` with users' rows: the groups around (u,p)
  // that differ in what they may cover.
  std::set<Bits> seen{reach};
  std::vector<Bits> family{reach};
  for (uint32_t v : o.users) {
    for (size_t i = 0, n = family.size(); i < n; ++i) {
      Bits t(wi_);
      for (size_t w = 0; w < wi_; ++w) t[w] = family[i][w] & c_.rows.row(v)[w];
      if (seen.count(t)) continue;
      if (family.size() >= cap) {
        o.truncated = true;
        break;
      }
      seen.insert(t);
      family.push_back(std::move(t));
    }
  }
  for (auto& items : family) {
    Option opt{std::move(items), Bits(o.users.size() * wi_), 0};
    for (size_t i = 0; i < o.users.size(); ++i) {
      const Word* row_v = c_.rows.row(o.users[i]);
      if (!is_subset(opt.items.data(), row_v, wi_)) continue;
      for (size_t w = 0; w < wi_; ++w) opt.covers[i * wi_ + w] = open.row(o.users[i])[w] & opt.items[w];
    }
    opt.size = count_bits(opt.covers.data(), opt.covers.size());
    o.list.push_back(std::move(opt));
  }
  keep_maximal(o);
  return o;
}

// Drops every option whose coverage another one contains (of equals, the
// first in order stays).
void Search::keep_maximal(Options& o) const {
  std::stable_sort(o.list.begin(), o.list.end(),
                   [](const Option& a, const Option& b) { return a.size != b.size ? a.size > b.size : a.items < b.items; });
  std::vector<Option> kept;
  for (auto& opt : o.list) {
    bool inside = false;
    for (const auto& k : kept) inside = inside || is_subset(opt.covers.data(), k.covers.data(), opt.covers.size());
    if (!inside) kept.push_back(std::move(opt));
  }
  o.list = std::move(kept);
}

BitMatrix Search::without(const BitMatrix& open, const Options& o, const Option& opt) const {
  BitMatrix next = open;
  for (size_t i = 0; i < o.users.size(); ++i)
    for (size_t w = 0; w < wi_; ++w) next.row(o.users[i])[w] &= ~opt.covers[i * wi_ + w];
  return next;
}

// The uncovered assignment with the fewest options (the first such); false
// when the deadline passed while looking.
bool Search::pick(const BitMatrix& open, Options& best) {
  bool have = false;
  for (size_t u = 0; u < open.rows(); ++u) {
    for (size_t p = 0; p < c_.rows.cols(); ++p) {
      if (!open.test(u, p)) continue;
      if (deadline_.passed()) return false;
      Options o = options_at(open, u, p, kOptionCap);
      bool better = !have || (o.truncated != best.truncated ? !o.truncated : o.list.size() < best.list.size());
      if (better) best = std::move(o), have = true;
      if (!best.truncated && best.list.size() <= 1) return true;
    }
  }
  return have;
}

void Search::dfs(const BitMatrix& open, size_t depth) {
  if (stop_) return;
  if (open.empty()) {
    best_ = path_, found_ = true;
    stop_ = best_.size() <= bound_;
    return;
  }
  if (found_ && depth + independent_bound(c_.rows, open, order_) >= best_.size()) return;
  Options o;
  if (!pick(open, o)) {
    stop_ = true, exact_ = false;
    return;
  }
  exact_ = exact_ && !o.truncated;
  for (const Option& opt : o.list) {
    path_.push_back(opt.items);
    dfs(without(open, o, opt), depth + 1);
    path_.pop_back();
    if (stop_ || (found_ && depth + 1 >= best_.size())) return;
  }
}

std::vector<Bits> Search::greedy(BitMatrix open) const {
  std::vector<Bits> roles;
  for (size_t u = 0; u < open.rows(); ++u) {
    while (any_bit(open.row(u), wi_)) {
      size_t p = 0;
      while (!open.test(u, p)) ++p;
      Options o = options_at(open, u, p, kGreedyCap);
      open = without(open, o, o.list.front());
      roles.push_back(o.list.front().items);
    }
  }
  return roles;
}

ComponentCover Search::run() {
  order_ = bound_order(c_.rows, c_.uncovered);
  bound_ = improved_bound(c_.rows, c_.uncovered, order_, 8);
  dfs(c_.uncovered, 0);
  if (!found_) best_ = greedy(c_.uncovered);
  const bool proven = best_.size() <= bound_ || (found_ && exact_);
  if (proven) bound_ = best_.size();
  return ComponentCover{best_, bound_, proven};
}

}  // namespace

ComponentCover cover_component(const Component& comp, Deadline& deadline) { return Search(comp, deadline).run(); }

}  // namespace rolemig::mining
