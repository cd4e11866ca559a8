#include "verify/access_verifier.h"

#include <algorithm>

#include "util/text.h"

namespace rolemig {

std::string_view user_status_name(UserStatus s) {
  switch (s) {
    case UserStatus::equal: return "equal";
    case UserStatus::gains: return "gains";
    case UserStatus::losses: return "losses";
    case UserStatus::gains_and_losses: return "gains_and_losses";
    case UserStatus::unverified: return "unverified";
  }
  return "equal";
}

bool waiver_matches(const Waiver& w, const Account& acc, UserIdx u, Target t, PermId p, bool gain) {
  if (w.change == Change::loss && gain) return false;
  if (w.change == Change::gain && !gain) return false;
  if (w.permissions && !w.permissions->test(p)) return false;
  if (w.email && !glob_match(*w.email, acc.users[u].email)) return false;
  // A store glob matches store ids only; the account only by its own name (SPEC 2.5):
  // `store: "*"` must not hide an account-level difference such as a user-management gain.
  if (!w.stores.empty()) {
    auto names_target = [&](const std::string& g) {
      return t.is_account() ? g == "account" : glob_match(g, acc.stores[t.store_idx()].id, CaseSensitive::yes);
    };
    if (std::none_of(w.stores.begin(), w.stores.end(), names_target)) return false;
  }
  if (w.roles.empty() && w.statuses.empty()) return true;
  // Role and status: held on the difference's store; for the account, on any store.
  bool role_ok = w.roles.empty(), status_ok = w.statuses.empty();
  auto [b, e] = acc.assignments_of(u);
  for (size_t i = b; i < e; ++i) {
    const Assignment& a = acc.assignments[i];
    if (!t.is_account() && a.store != t.store_idx()) continue;
    if (a.role && std::find(w.roles.begin(), w.roles.end(), *a.role) != w.roles.end()) role_ok = true;
    if (std::find(w.statuses.begin(), w.statuses.end(), a.status) != w.statuses.end()) status_ok = true;
  }
  return role_ok && status_ok;
}

namespace {

// Calls f(target, perm) for each pair in `a` and not in `b`.
template <typename F>
void each_missing(const AccessMap& a, const AccessMap& b, F&& f) {
  size_t j = 0;
  for (const auto& entry : a) {  // not a structured binding: clang 14 cannot capture one
    const Target& t = entry.first;
    const PermSet& ps = entry.second;
    while (j < b.size() && b[j].first < t) ++j;
    PermSet d = (j < b.size() && b[j].first == t) ? ps.minus(b[j].second) : ps;
    d.for_each([&](PermId p) { f(t, p); });
  }
}

}  // namespace

UserStatus status_of(const UserVerdict& v) {
  bool gains = std::any_of(v.gained.begin(), v.gained.end(), [](const Difference& d) { return !d.waiver; });
  bool losses = std::any_of(v.lost.begin(), v.lost.end(), [](const Difference& d) { return !d.waiver; });
  return verdict_of(!v.unknown_grants.empty(), gains, losses);
}

UserStatus verdict_of(bool unverified, bool gains, bool losses) {
  if (unverified) return UserStatus::unverified;
  return gains && losses ? UserStatus::gains_and_losses : gains ? UserStatus::gains : losses ? UserStatus::losses : UserStatus::equal;
}

Verification verify_access(const Account& acc, const Catalog& cat, const Mapping& m, const RuleSet& rules) {
  Verification v;
  std::vector<bool> waiver_used(rules.waivers.size(), false);
  v.before.reserve(acc.users.size());
  v.after.reserve(acc.users.size());
  auto by_name = [&](const Difference& x, const Difference& y) {
    return x.target.code != y.target.code ? x.target < y.target : cat.permissions[x.perm].id < cat.permissions[y.perm].id;
  };
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    AccessMap before = legacy_access(acc, cat, u);
    AccessMap after = target_access(acc, cat, m, u);
    UserVerdict verdict{u, {}, {}, {}, UserStatus::equal};
    {
      auto [b, e] = m.memberships_of(u);
      for (size_t i = b; i < e; ++i)
        if (!m.groups[m.memberships[i].group].grants_known) verdict.unknown_grants.push_back(m.memberships[i].group);
    }
    auto apply_waiver = [&](Difference& d, bool gain) {
      for (size_t w = 0; w < rules.waivers.size(); ++w) {
        if (!waiver_matches(rules.waivers[w], acc, u, d.target, d.perm, gain)) continue;
        waiver_used[w] = true;  // a later waiver that also holds is not "unmatched"
        if (!d.waiver) {
          d.waiver = w;
          ++v.waived;
        }
      }
    };
    each_missing(before, after, [&](Target t, PermId p) {
      Difference d{t, p, std::nullopt, {}, {}};
      auto [b, e] = acc.assignments_of(u);
      for (size_t i = b; i < e; ++i) {
        const Assignment& a = acc.assignments[i];
        if (!t.is_account() && a.store != t.store_idx()) continue;
        if (!a.perms.test(p)) continue;
        bool via_role = a.role && cat.roles[*a.role].perms.test(p);
        // A role is given by the first row; an inferred one by the rows' permission lists.
        d.from.push_back(LossSource{i, via_role, via_role && !a.role_inferred ? a.where : a.checkbox_where(p)});
      }
      apply_waiver(d, false);
      verdict.lost.push_back(std::move(d));
    });
    each_missing(after, before, [&](Target t, PermId p) {
      Difference d{t, p, std::nullopt, {}, {}};
      auto [b, e] = m.memberships_of(u);
      for (size_t i = b; i < e; ++i) {
        const Membership& ms = m.memberships[i];
        for (const Grant& g : m.groups[ms.group].grants) {
          AccessMap ga;
          grant_access(acc, cat, g, ga);
          for (const auto& [gt, gps] : ga) {
            if (gt == t && gps.test(p)) d.granted_by.push_back(GainSource{ms.group, g.policy, ms.rules});
          }
        }
      }
      apply_waiver(d, true);
      verdict.gained.push_back(std::move(d));
    });
    std::sort(verdict.lost.begin(), verdict.lost.end(), by_name);
    std::sort(verdict.gained.begin(), verdict.gained.end(), by_name);
    verdict.status = status_of(verdict);
    v.users_equal += verdict.status == UserStatus::equal;
    v.users_unverified += verdict.status == UserStatus::unverified;
    v.users_gaining += verdict.status == UserStatus::gains || verdict.status == UserStatus::gains_and_losses;
    v.users_losing += verdict.status == UserStatus::losses || verdict.status == UserStatus::gains_and_losses;
    v.users.push_back(std::move(verdict));
    v.before.push_back(std::move(before));
    v.after.push_back(std::move(after));
  }
  for (size_t w = 0; w < rules.waivers.size(); ++w)
    if (!waiver_used[w]) v.unmatched_waivers.push_back(w);
  return v;
}

}  // namespace rolemig
