#include "verify/access.h"

#include <algorithm>

namespace rolemig {

void normalize(AccessMap& m) {
  std::sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  AccessMap out;
  for (auto& [t, ps] : m) {
    if (!out.empty() && out.back().first == t)
      out.back().second |= ps;
    else
      out.emplace_back(t, std::move(ps));
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const auto& e) { return e.second.empty(); }), out.end());
  m = std::move(out);
}

AccessMap legacy_access(const Account& acc, const Catalog& cat, UserIdx u) {
  AccessMap out;
  const PermSet& store_mask = cat.scope_mask(Scope::store);
  const PermSet& account_mask = cat.scope_mask(Scope::account);
  auto [b, e] = acc.assignments_of(u);
  for (size_t i = b; i < e; ++i) {
    const Assignment& a = acc.assignments[i];
    out.emplace_back(Target::store(a.store), a.perms & store_mask);
    out.emplace_back(Target::account(), a.perms & account_mask);
  }
  normalize(out);
  return out;
}

void grant_access(const Account& acc, const Catalog& cat, const Grant& g, AccessMap& out) {
  for_each_granted(cat, acc.stores.size(), g, [&](Target t, const PermSet& perms) { out.emplace_back(t, perms); });
}

AccessMap target_access(const Account& acc, const Catalog& cat, const Mapping& m, UserIdx u) {
  AccessMap out;
  auto [b, e] = m.memberships_of(u);
  for (size_t i = b; i < e; ++i) {
    for (const Grant& g : m.groups[m.memberships[i].group].grants) grant_access(acc, cat, g, out);
  }
  normalize(out);
  return out;
}

}  // namespace rolemig
