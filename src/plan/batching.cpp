#include "plan/batching.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <set>
#include <unordered_map>

#include "util/flat_index.h"

namespace rolemig {

namespace {

using Set = std::vector<uint32_t>;  // sorted group ids

constexpr size_t kExactClasses = 10;    // distinct group sets for the exact search
constexpr size_t kGreedyClasses = 300;  // ... and for the greedy one
constexpr size_t kMaxCandidates = 2048;

bool subset(const Set& a, const Set& b) { return std::includes(b.begin(), b.end(), a.begin(), a.end()); }

Set intersect(const Set& a, const Set& b) {
  Set out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }

struct Class {
  Set groups;
  std::vector<uint32_t> users;
};

// Emits the requests for block (T, users), split by the caps.
void emit(const Set& t, const std::vector<uint32_t>& users, const BatchCaps& caps, std::vector<AddBatch>& out) {
  for (size_t gi = 0; gi < t.size(); gi += caps.max_groups) {
    Set gs(t.begin() + static_cast<long>(gi), t.begin() + static_cast<long>(std::min(t.size(), gi + caps.max_groups)));
    for (size_t ui = 0; ui < users.size(); ui += caps.max_users) {
      std::vector<uint32_t> us(users.begin() + static_cast<long>(ui), users.begin() + static_cast<long>(std::min(users.size(), ui + caps.max_users)));
      out.push_back(AddBatch{us, gs});
    }
  }
}

size_t cost(size_t users, size_t groups, const BatchCaps& caps) { return ceil_div(users, caps.max_users) * ceil_div(groups, caps.max_groups); }

std::vector<AddBatch> by_class(const std::vector<Class>& classes, const BatchCaps& caps) {
  std::vector<AddBatch> out;
  for (const auto& c : classes) emit(c.groups, c.users, caps, out);
  return out;
}

std::vector<AddBatch> by_group(const std::vector<Class>& classes, const BatchCaps& caps) {
  std::map<uint32_t, std::vector<uint32_t>> users_of;
  for (const auto& c : classes)
    for (uint32_t g : c.groups) users_of[g].insert(users_of[g].end(), c.users.begin(), c.users.end());
  std::vector<AddBatch> out;
  for (auto& [g, us] : users_of) {
    std::sort(us.begin(), us.end());
    emit({g}, us, caps, out);
  }
  return out;
}

// Candidate blocks: the group sets closed under intersection (a block can
// always grow to the intersection of the sets containing it).
std::vector<Set> closure(const std::vector<Class>& classes) {
  std::set<Set> seen;
  std::vector<Set> todo;
  for (const auto& c : classes)
    if (seen.insert(c.groups).second) todo.push_back(c.groups);
  for (size_t i = 0; i < todo.size() && seen.size() < kMaxCandidates; ++i) {
    for (const auto& c : classes) {
      Set x = intersect(todo[i], c.groups);
      if (!x.empty() && seen.insert(x).second) todo.push_back(x);
    }
  }
  return {seen.begin(), seen.end()};
}

// Users of the classes whose sets contain t.
std::vector<uint32_t> users_for(const Set& t, const std::vector<Class>& classes) {
  std::vector<uint32_t> us;
  for (const auto& c : classes)
    if (subset(t, c.groups)) us.insert(us.end(), c.users.begin(), c.users.end());
  std::sort(us.begin(), us.end());
  return us;
}

// Minimum number of blocks, when no candidate needs splitting by the caps.
std::optional<std::vector<AddBatch>> exact(const std::vector<Class>& classes, const std::vector<Set>& cands, const BatchCaps& caps) {
  for (const auto& t : cands) {
    if (t.size() > caps.max_groups || users_for(t, classes).size() > caps.max_users) return std::nullopt;
  }
  // Elements: (class, group) pairs.
  std::vector<std::pair<size_t, uint32_t>> elems;
  for (size_t i = 0; i < classes.size(); ++i)
    for (uint32_t g : classes[i].groups) elems.emplace_back(i, g);
  std::vector<std::vector<size_t>> covers(elems.size());  // candidates covering each element
  for (size_t e = 0; e < elems.size(); ++e)
    for (size_t k = 0; k < cands.size(); ++k)
      if (subset(cands[k], classes[elems[e].first].groups) && std::binary_search(cands[k].begin(), cands[k].end(), elems[e].second))
        covers[e].push_back(k);
  auto covered_by = [&](size_t k, size_t e) {
    return subset(cands[k], classes[elems[e].first].groups) && std::binary_search(cands[k].begin(), cands[k].end(), elems[e].second);
  };
  std::vector<size_t> pick;
  size_t steps = 0;
  std::function<bool(size_t)> dfs = [&](size_t depth) -> bool {
    if (++steps > 1'000'000) return false;
    size_t first = elems.size();
    for (size_t e = 0; e < elems.size(); ++e) {
      bool done = std::any_of(pick.begin(), pick.end(), [&](size_t k) { return covered_by(k, e); });
      if (!done) {
        first = e;
        break;
      }
    }
    if (first == elems.size()) return true;
    if (depth == 0) return false;
    for (size_t k : covers[first]) {
      pick.push_back(k);
      if (dfs(depth - 1)) return true;
      pick.pop_back();
    }
    return false;
  };
  for (size_t depth = 1; depth <= elems.size(); ++depth) {
    pick.clear();
    if (dfs(depth)) {
      std::sort(pick.begin(), pick.end());
      std::vector<AddBatch> out;
      for (size_t k : pick) emit(cands[k], users_for(cands[k], classes), caps, out);
      return out;
    }
    if (steps > 1'000'000) return std::nullopt;
  }
  return std::nullopt;
}

// Greedy: repeatedly the block with the most new pairs per request.
std::vector<AddBatch> greedy(const std::vector<Class>& classes, const std::vector<Set>& cands, const BatchCaps& caps) {
  std::vector<Set> remaining;
  for (const auto& c : classes) remaining.push_back(c.groups);
  std::vector<AddBatch> out;
  while (true) {
    double best_ratio = 0;
    size_t best = cands.size();
    for (size_t k = 0; k < cands.size(); ++k) {
      size_t gain = 0, users = 0;
      for (size_t i = 0; i < classes.size(); ++i) {
        if (!subset(cands[k], classes[i].groups)) continue;
        size_t fresh = intersect(cands[k], remaining[i]).size();
        if (fresh == 0) continue;
        gain += fresh * classes[i].users.size();
        users += classes[i].users.size();
      }
      if (gain == 0) continue;
      double ratio = static_cast<double>(gain) / static_cast<double>(cost(users, cands[k].size(), caps));
      if (ratio > best_ratio) best_ratio = ratio, best = k;
    }
    if (best == cands.size()) break;
    std::vector<uint32_t> us;
    for (size_t i = 0; i < classes.size(); ++i) {
      if (!subset(cands[best], classes[i].groups) || intersect(cands[best], remaining[i]).empty()) continue;
      us.insert(us.end(), classes[i].users.begin(), classes[i].users.end());
      Set rest;
      std::set_difference(remaining[i].begin(), remaining[i].end(), cands[best].begin(), cands[best].end(), std::back_inserter(rest));
      remaining[i] = std::move(rest);
    }
    std::sort(us.begin(), us.end());
    emit(cands[best], us, caps, out);
  }
  return out;
}

}  // namespace

std::vector<AddBatch> cover_additions(const std::vector<std::vector<uint32_t>>& wanted, const BatchCaps& caps) {
  // Users by the set of groups they want, found by a hash of the set (a
  // million users are as many lookups), then listed in set order.
  struct SetHash {
    size_t operator()(const Set& s) const {
      uint64_t h = s.size();
      for (uint32_t g : s) h = mix64(h ^ g);
      return h;
    }
  };
  std::unordered_map<Set, uint32_t, SetHash> class_of;
  std::vector<Class> classes;
  for (uint32_t u = 0; u < wanted.size(); ++u) {
    if (wanted[u].empty()) continue;
    auto [it, fresh] = class_of.try_emplace(wanted[u], static_cast<uint32_t>(classes.size()));
    if (fresh) classes.push_back(Class{wanted[u], {}});
    classes[it->second].users.push_back(u);
  }
  std::sort(classes.begin(), classes.end(), [](const Class& a, const Class& b) { return a.groups < b.groups; });
  if (classes.empty()) return {};
  std::vector<AddBatch> best = by_class(classes, caps);
  auto consider = [&](std::vector<AddBatch> other) {
    if (other.size() < best.size()) best = std::move(other);
  };
  consider(by_group(classes, caps));
  if (classes.size() <= kGreedyClasses) {
    std::vector<Set> cands = closure(classes);
    if (classes.size() <= kExactClasses) {
      if (auto e = exact(classes, cands, caps)) consider(std::move(*e));
    }
    consider(greedy(classes, cands, caps));
  }
  return best;
}

bool covers_exactly(const std::vector<std::vector<uint32_t>>& wanted, const std::vector<AddBatch>& batches) {
  // The two sets of (user, group) pairs, as sorted vectors: a million
  // memberships are two sorts, not two million tree nodes.
  auto pair = [](uint32_t u, uint32_t g) { return (uint64_t{u} << 32) | g; };
  std::vector<uint64_t> want, got;
  for (uint32_t u = 0; u < wanted.size(); ++u)
    for (uint32_t g : wanted[u]) want.push_back(pair(u, g));
  for (const auto& b : batches)
    for (uint32_t u : b.users)
      for (uint32_t g : b.groups) got.push_back(pair(u, g));
  for (auto* v : {&want, &got}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return want == got;
}

}  // namespace rolemig
