#include "mining/clique_cover_search.h"

#include <algorithm>
#include <set>

#include "mining/lower_bound.h"

namespace rolemig::mining {

namespace {

// How many distinct groups around one assignment are looked at before the
// list is cut (and the search no longer exact).
constexpr size_t kOptionCap = 512;
constexpr size_t kGreedyCap = 64;

// One way to cover an assignment (u,p): a group's items (within u's), and
// which uncovered assignments it covers. Both are kept on the words where
// u's row is not zero (Options::words): the rest are zero.
struct Option {
  Bits items;   // on Options::words
  Bits covers;  // per user of Options::users, a row on Options::words
  size_t size = 0;
};

struct Options {
  std::vector<uint32_t> words;  // the words of u's row that are not zero
  std::vector<uint32_t> users;  // users holding p with an uncovered assignment among u's items
  std::vector<Option> list;     // largest first
  bool truncated = false;
};

class Search {
 public:
  Search(const Component& comp, Deadline& deadline) : c_(comp), cols_(transposed(comp.rows)), wi_(comp.rows.stride()), deadline_(deadline) {}
  ComponentCover run();

 private:
  Options options_at(const BitMatrix& open, size_t u, size_t p, size_t cap) const;
  std::vector<Bits> intersections(const Options& o, const Bits& reach, size_t cap, bool& truncated) const;
  void keep_maximal(Options& o) const;
  void dfs(const BitMatrix& open, size_t depth);
  bool pick(const BitMatrix& open, Options& best);
  void remove(BitMatrix& open, const Options& o, const Option& opt) const;
  Bits full_items(const Options& o, const Option& opt) const;
  std::vector<Bits> greedy(BitMatrix open) const;
  std::vector<Bits> user_rows() const;

  const Component& c_;
  BitMatrix cols_;
  size_t wi_;
  Deadline& deadline_;
  std::vector<Cell> order_;
  size_t bound_ = 0;
  std::vector<Bits> path_, best_;
  bool exact_ = true, stop_ = false;
};

// Every intersection of `reach` with users' rows: the groups around (u,p)
// that differ in what they may cover.
std::vector<Bits> Search::intersections(const Options& o, const Bits& reach, size_t cap, bool& truncated) const {
  const size_t nw = o.words.size();
  std::set<Bits> seen{reach};
  std::vector<Bits> family{reach};
  for (uint32_t v : o.users) {
    const Word* row_v = c_.rows.row(v);
    for (size_t i = 0, n = family.size(); i < n; ++i) {
      Bits t(nw);
      for (size_t k = 0; k < nw; ++k) t[k] = family[i][k] & row_v[o.words[k]];
      if (seen.count(t)) continue;
      if (family.size() >= cap) {
        truncated = true;
        return family;
      }
      seen.insert(t);
      family.push_back(std::move(t));
    }
  }
  return family;
}

Options Search::options_at(const BitMatrix& open, size_t u, size_t p, size_t cap) const {
  Options o;
  const Word* row_u = c_.rows.row(u);
  for (size_t w = 0; w < wi_; ++w)
    if (row_u[w]) o.words.push_back(static_cast<uint32_t>(w));
  const size_t nw = o.words.size();
  Bits reach(nw);  // the uncovered items of those users within u's items
  for_each_bit(cols_.row(p), cols_.stride(), [&](size_t v) {
    Word any = 0;
    for (size_t k = 0; k < nw; ++k) {
      Word x = open.row(v)[o.words[k]] & row_u[o.words[k]];
      reach[k] |= x;
      any |= x;
    }
    if (any) o.users.push_back(static_cast<uint32_t>(v));
  });
  for (auto& items : intersections(o, reach, cap, o.truncated)) {
    Option opt{std::move(items), Bits(o.users.size() * nw), 0};
    for (size_t i = 0; i < o.users.size(); ++i) {
      const Word* row_v = c_.rows.row(o.users[i]);
      bool holds = true;
      for (size_t k = 0; k < nw && holds; ++k) holds = !(opt.items[k] & ~row_v[o.words[k]]);
      if (!holds) continue;
      for (size_t k = 0; k < nw; ++k) opt.covers[i * nw + k] = open.row(o.users[i])[o.words[k]] & opt.items[k];
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

void Search::remove(BitMatrix& open, const Options& o, const Option& opt) const {
  const size_t nw = o.words.size();
  for (size_t i = 0; i < o.users.size(); ++i)
    for (size_t k = 0; k < nw; ++k) open.row(o.users[i])[o.words[k]] &= ~opt.covers[i * nw + k];
}

Bits Search::full_items(const Options& o, const Option& opt) const {
  Bits items(wi_);
  for (size_t k = 0; k < o.words.size(); ++k) items[o.words[k]] = opt.items[k];
  return items;
}

// The uncovered assignment with the fewest options (the first such); false
// when the deadline passed while looking.
bool Search::pick(const BitMatrix& open, Options& best) {
  bool have = false;
  for (size_t u = 0; u < open.rows(); ++u) {
    for (size_t p = 0; p < c_.rows.cols(); ++p) {
      if (!open.test(u, p)) continue;
      if (deadline_.passed_now()) return false;
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
    best_ = path_;  // pruning lets only better covers get here
    stop_ = best_.size() <= bound_;
    return;
  }
  if (depth + independent_bound(c_.rows, open, order_, deadline_) >= best_.size()) return;
  Options o;
  if (!pick(open, o)) {
    stop_ = true, exact_ = false;
    return;
  }
  exact_ = exact_ && !o.truncated;
  for (const Option& opt : o.list) {
    path_.push_back(full_items(o, opt));
    BitMatrix next = open;
    remove(next, o, opt);
    dfs(next, depth + 1);
    path_.pop_back();
    if (stop_ || depth + 1 >= best_.size()) return;
  }
}

std::vector<Bits> Search::greedy(BitMatrix open) const {
  std::vector<Bits> roles;
  for (size_t u = 0; u < open.rows(); ++u) {
    while (any_bit(open.row(u), wi_)) {
      size_t p = 0;
      while (!open.test(u, p)) ++p;
      Options o = options_at(open, u, p, kGreedyCap);
      remove(open, o, o.list.front());
      roles.push_back(full_items(o, o.list.front()));
    }
  }
  return roles;
}

// Each user's own items as a role: always a cover, never more roles than
// users.
std::vector<Bits> Search::user_rows() const {
  std::vector<Bits> roles;
  for (size_t u = 0; u < c_.rows.rows(); ++u) roles.emplace_back(c_.rows.row(u), c_.rows.row(u) + wi_);
  return roles;
}

// The search starts from the better of two covers found without it, so it
// only ever improves on them, and a deadline keeps the better one.
ComponentCover Search::run() {
  order_ = bound_order(c_.rows, c_.uncovered);
  bound_ = improved_bound(c_.rows, c_.uncovered, order_, 8, deadline_);
  best_ = user_rows();
  if (best_.size() > bound_) {
    std::vector<Bits> g = greedy(c_.uncovered);
    if (g.size() < best_.size()) best_ = std::move(g);
  }
  stop_ = best_.size() <= bound_;
  dfs(c_.uncovered, 0);
  const bool proven = best_.size() <= bound_ || exact_;
  if (proven) bound_ = best_.size();
  return ComponentCover{best_, bound_, proven};
}

}  // namespace

ComponentCover cover_component(const Component& comp, Deadline& deadline) { return Search(comp, deadline).run(); }

}  // namespace rolemig::mining
