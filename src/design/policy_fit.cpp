#include "design/policy_fit.h"

#include <algorithm>
#include <cstdint>

namespace rolemig {

namespace {

// Past this many search steps the best superset found so far stands.
constexpr size_t kSearchBudget = 200'000;

struct SupersetSearch {
  const Catalog& cat;
  const PermSet& wanted;
  std::vector<PolicyIdx> candidates;  // by name: each meets `lost`
  std::vector<PolicyIdx> pick, best;
  size_t best_gain = SIZE_MAX;
  size_t steps = 0;

  size_t gain_of(const PermSet& granted) const { return granted.minus(wanted).count(); }

  // Covers the first permission of `open` with each candidate holding it.
  void search(const PermSet& open, const PermSet& granted) {
    size_t gain = gain_of(granted);
    if (gain > best_gain || (gain == best_gain && pick.size() >= best.size()) || ++steps > kSearchBudget) return;
    if (open.empty()) {
      best_gain = gain;
      best = pick;
      return;
    }
    PermId first = open.ids().front();
    for (PolicyIdx p : candidates) {
      const PermSet& perms = cat.policies[p].perms;
      if (!perms.test(first)) continue;
      pick.push_back(p);
      search(open.minus(perms), granted | perms);
      pick.pop_back();
    }
  }
};

}  // namespace

std::vector<PolicyIdx> fitting_policies(const Catalog& cat, const PermSet& wanted, Scope scope) {
  std::vector<PolicyIdx> out;
  for (PolicyIdx p = 0; p < cat.policies.size(); ++p) {
    const Policy& pol = cat.policies[p];
    if (pol.target == scope && !pol.perms.empty() && pol.perms.subset_of(wanted)) out.push_back(p);
  }
  return out;
}

PolicyFit fit_policies(const Catalog& cat, const PermSet& wanted, Scope scope) {
  PolicyFit fit{fitting_policies(cat, wanted, scope), cat.empty_set(), cat.empty_set(), {}, cat.empty_set(), false};
  for (PolicyIdx p : fit.fitting) fit.covered |= cat.policies[p].perms;
  fit.lost = wanted.minus(fit.covered);
  if (fit.lost.empty()) return fit;

  SupersetSearch s{cat, wanted, {}, {}, {}};
  for (PolicyIdx p = 0; p < cat.policies.size(); ++p) {
    const Policy& pol = cat.policies[p];
    if (pol.target == scope && pol.perms.intersects(fit.lost)) s.candidates.push_back(p);
  }
  std::sort(s.candidates.begin(), s.candidates.end(), [&](PolicyIdx a, PolicyIdx b) { return cat.policies[a].name < cat.policies[b].name; });
  s.search(fit.lost, fit.covered);
  if (s.best_gain == SIZE_MAX) return fit;
  fit.superset_exists = true;
  fit.extra = s.best;
  std::sort(fit.extra.begin(), fit.extra.end(), [&](PolicyIdx a, PolicyIdx b) { return cat.policies[a].name < cat.policies[b].name; });
  PermSet granted = fit.covered;
  for (PolicyIdx p : s.best) granted |= cat.policies[p].perms;
  fit.gained = granted.minus(wanted);
  return fit;
}

}  // namespace rolemig
