#include "mapping/policy_cover.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace rolemig {

namespace {
// Past this many search steps for one set, fall back to a greedy cover: the
// result is still exact when a cover exists, perhaps not minimal.
constexpr size_t kSearchBudget = 2'000'000;

// The policies a cover may use, in name order, and what they cover together.
struct Candidates {
  std::vector<PolicyIdx> policies;
  PermSet target;
};

Candidates candidates(const Catalog& cat, const std::vector<PolicyIdx>& by_name, const PermSet& wanted, Scope scope) {
  Candidates c{{}, cat.empty_set()};
  for (PolicyIdx p : by_name) {
    const Policy& pol = cat.policies[p];
    if (pol.target != scope || pol.perms.empty() || !pol.perms.subset_of(wanted)) continue;
    c.policies.push_back(p);
    c.target |= pol.perms;
  }
  return c;
}

// Iterative deepening over combinations in lexicographic (name) order: the
// first cover found at the smallest size is the answer. nullopt: the search
// budget ran out first.
std::optional<std::vector<PolicyIdx>> minimal_cover(const Catalog& cat, const Candidates& c) {
  const std::vector<PolicyIdx>& cand = c.policies;
  const size_t n = cand.size();
  std::vector<PermSet> suffix(n + 1, cat.empty_set());
  for (size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] | cat.policies[cand[i]].perms;
  std::vector<size_t> pick;
  size_t steps = 0;
  std::function<bool(size_t, size_t, const PermSet&)> dfs = [&](size_t start, size_t k, const PermSet& covered) -> bool {
    if (pick.size() == k) return covered == c.target;
    for (size_t i = start; i + (k - pick.size()) <= n; ++i) {
      if (++steps > kSearchBudget) return false;
      if (!((covered | suffix[i]) == c.target)) break;  // the rest cannot complete it
      const PermSet& ps = cat.policies[cand[i]].perms;
      if (ps.subset_of(covered)) continue;  // adds nothing: never in a minimal cover
      pick.push_back(i);
      if (dfs(i + 1, k, covered | ps)) return true;
      pick.pop_back();
    }
    return false;
  };
  for (size_t k = 1; k <= n && steps <= kSearchBudget; ++k) {
    pick.clear();
    if (dfs(0, k, cat.empty_set())) {
      std::vector<PolicyIdx> out;
      for (size_t i : pick) out.push_back(cand[i]);
      return out;
    }
  }
  return std::nullopt;
}

// Most new permissions first, ties by name; then drop any policy the others
// already cover. Sorted by name.
std::vector<PolicyIdx> greedy_cover(const Catalog& cat, const Candidates& c) {
  const std::vector<PolicyIdx>& cand = c.policies;
  const size_t n = cand.size();
  std::vector<PolicyIdx> out;
  PermSet covered = cat.empty_set();
  while (!(covered == c.target)) {
    size_t best = n, best_gain = 0;
    for (size_t i = 0; i < n; ++i) {
      size_t gain = cat.policies[cand[i]].perms.minus(covered).count();
      if (gain > best_gain) best = i, best_gain = gain;
    }
    out.push_back(cand[best]);
    covered |= cat.policies[cand[best]].perms;
  }
  for (size_t i = out.size(); i-- > 0;) {
    PermSet rest = cat.empty_set();
    for (size_t j = 0; j < out.size(); ++j)
      if (j != i) rest |= cat.policies[out[j]].perms;
    if (rest == c.target) out.erase(out.begin() + static_cast<long>(i));
  }
  std::sort(out.begin(), out.end(), [&](PolicyIdx a, PolicyIdx b) { return cat.policies[a].name < cat.policies[b].name; });
  return out;
}

}  // namespace

PolicyCover::PolicyCover(const Catalog& catalog) : cat_(catalog) {
  for (PolicyIdx p = 0; p < catalog.policies.size(); ++p) by_name_.push_back(p);
  std::sort(by_name_.begin(), by_name_.end(), [&](PolicyIdx a, PolicyIdx b) { return catalog.policies[a].name < catalog.policies[b].name; });
}

const std::vector<PolicyIdx>& PolicyCover::cover(const PermSet& wanted, Scope scope) {
  auto& memo = memo_[scope == Scope::store ? 0 : 1];
  auto it = memo.find(wanted);
  if (it != memo.end()) return it->second;
  return memo.emplace(wanted, compute(wanted, scope)).first->second;
}

std::vector<PolicyIdx> PolicyCover::compute(const PermSet& wanted, Scope scope) const {
  Candidates c = candidates(cat_, by_name_, wanted, scope);
  if (c.policies.empty()) return {};
  if (auto exact = minimal_cover(cat_, c)) return std::move(*exact);
  return greedy_cover(cat_, c);
}

}  // namespace rolemig
