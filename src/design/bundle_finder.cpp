#include "design/bundle_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "util/text.h"

namespace rolemig {

namespace {

constexpr uint32_t kNoRole = UINT32_MAX;

// One distinct (role, permissions) of assignment and who holds it.
struct Kind {
  uint32_t role = kNoRole;
  PermSet perms;
  size_t assignments = 0;
  std::set<UserIdx> users;
  std::set<StoreIdx> stores;
};

std::optional<RoleIdx> role_of(const Kind& k) { return k.role == kNoRole ? std::nullopt : std::optional<RoleIdx>(k.role); }

struct KindKey {
  uint32_t role;
  PermSet perms;
  friend bool operator==(const KindKey&, const KindKey&) = default;
};
struct KindKeyHash {
  size_t operator()(const KindKey& k) const { return k.perms.hash() ^ (size_t{k.role} * 0x9E3779B97F4A7C15ULL); }
};

std::vector<std::string> sorted_ids(const Catalog& cat, const PermSet& s) {
  std::vector<std::string> ids = cat.names(s);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Kinds in a stable order: by role index (role-less last), then by the
// permission ids in byte order.
std::vector<Kind> kinds_of(const Catalog& cat, const Account& account) {
  std::unordered_map<KindKey, size_t, KindKeyHash> index;
  std::vector<Kind> kinds;
  for (const Assignment& a : account.assignments) {
    KindKey key{a.role ? *a.role : kNoRole, a.perms};
    auto [it, fresh] = index.try_emplace(key, kinds.size());
    if (fresh) kinds.push_back(Kind{key.role, a.perms, 0, {}, {}});
    Kind& k = kinds[it->second];
    ++k.assignments;
    k.users.insert(a.user);
    k.stores.insert(a.store);
  }
  std::vector<std::pair<std::vector<std::string>, size_t>> order;
  for (size_t i = 0; i < kinds.size(); ++i) order.emplace_back(sorted_ids(cat, kinds[i].perms), i);
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    const Kind& a = kinds[x.second];
    const Kind& b = kinds[y.second];
    return a.role != b.role ? a.role < b.role : x.first < y.first;
  });
  std::vector<Kind> sorted;
  for (auto& [ids, i] : order) sorted.push_back(std::move(kinds[i]));
  return sorted;
}

class Finder {
 public:
  Finder(const Catalog& cat) : cat_(cat), store_mask_(cat.scope_mask(Scope::store)), account_mask_(cat.scope_mask(Scope::account)) {}

  FoundBundles run(const std::vector<Kind>& kinds) {
    for (const Kind& k : kinds)
      if (k.role != kNoRole) role_bundle(k.role);
    std::sort(out_.bundles.begin(), out_.bundles.end(), [&](const Bundle& a, const Bundle& b) { return a.name < b.name; });
    for (const Kind& k : kinds) add_parts(k);
    for (const Kind& k : kinds) complete(k);
    for (const Kind& k : kinds) decide(k);
    sort_decisions();
    return std::move(out_);
  }

 private:
  bool is_admin_role(uint32_t role) const { return role != kNoRole && cat_.roles[role].account_admin; }

  Bundle make(BundleKind kind, uint32_t role, PermSet has, std::string name) {
    Bundle b;
    b.kind = kind;
    if (role != kNoRole) b.role = role;
    b.perms = role == kNoRole ? has : (cat_.roles[role].perms | has);
    b.has = std::move(has);
    b.name = std::move(name);
    b.admins = kind == BundleKind::role && is_admin_role(role);
    b.store = fit_policies(cat_, store_part(b.perms, b.admins), Scope::store);
    b.account = fit_policies(cat_, b.admins ? cat_.empty_set() : (b.perms & account_mask_), Scope::account);
    return b;
  }

  PermSet store_part(const PermSet& perms, bool admins) const {
    PermSet s = perms & store_mask_;
    if (admins) s.subtract(cat_.admins_grant(Scope::store));
    return s;
  }

  void role_bundle(uint32_t role) {
    for (const Bundle& b : out_.bundles)
      if (b.kind == BundleKind::role && *b.role == role) return;
    out_.bundles.push_back(make(BundleKind::role, role, cat_.empty_set(), cat_.roles[role].name));
  }

  void has_bundle(const PermSet& has, std::string name) {
    if (has.empty()) return;
    for (const Bundle& b : out_.bundles)
      if (b.kind == BundleKind::permissions && b.has == has) return;
    out_.bundles.push_back(make(BundleKind::permissions, kNoRole, has, std::move(name)));
  }

  std::string extra_name(const PermSet& s) const { return "Extra " + join(sorted_ids(cat_, s), ", "); }

  // The largest role (not an account admin) whose permissions `perms` holds;
  // ties by name. kNoRole when none does.
  uint32_t base_role(const PermSet& perms) const {
    uint32_t best = kNoRole;
    for (uint32_t r = 0; r < cat_.roles.size(); ++r) {
      const Role& role = cat_.roles[r];
      if (role.account_admin || role.perms.empty() || !role.perms.subset_of(perms)) continue;
      if (best == kNoRole || role.perms.count() > cat_.roles[best].perms.count() ||
          (role.perms.count() == cat_.roles[best].perms.count() && role.name < cat_.roles[best].name))
        best = r;
    }
    return best;
  }

  // A role's checkboxes; a role-less set's largest role and its rest.
  void add_parts(const Kind& k) {
    if (k.role != kNoRole) {
      PermSet extra = k.perms.minus(cat_.roles[k.role].perms);
      has_bundle(extra, extra_name(extra));
      return;
    }
    uint32_t base = base_role(k.perms);
    if (base == kNoRole) return;  // complete() gives the whole set a bundle
    has_bundle(cat_.roles[base].perms, cat_.roles[base].name + " permissions");
    PermSet rest = k.perms.minus(cat_.roles[base].perms);
    has_bundle(rest, extra_name(rest));
  }

  struct Coverage {
    PermSet store, account;
  };

  // What the bundles matching kind `k` grant together.
  Coverage covered(const Kind& k) const {
    Coverage c{cat_.empty_set(), cat_.empty_set()};
    for (const Bundle& b : out_.bundles) {
      if (!bundle_matches(b, role_of(k), k.perms)) continue;
      c.store |= b.store.covered;
      c.account |= b.account.covered;
      if (b.admins) {
        c.store |= cat_.admins_grant(Scope::store);
        c.account |= cat_.admins_grant(Scope::account);
      }
    }
    return c;
  }

  // What a bundle of the kind's own would grant.
  Coverage achievable(const Kind& k) const {
    bool admins = is_admin_role(k.role);
    Coverage c{fit_policies(cat_, store_part(k.perms, admins), Scope::store).covered, cat_.empty_set()};
    if (admins) {
      c.store |= cat_.admins_grant(Scope::store);
      c.account = cat_.admins_grant(Scope::account);
    } else {
      c.account = fit_policies(cat_, k.perms & account_mask_, Scope::account).covered;
    }
    return c;
  }

  void complete(const Kind& k) {
    Coverage have = covered(k), best = achievable(k);
    if (best.store.subset_of(have.store) && best.account.subset_of(have.account)) return;
    if (k.role == kNoRole) {
      out_.bundles.push_back(make(BundleKind::permissions, kNoRole, k.perms, fmt::format("Permission set {}", ++permission_sets_)));
      return;
    }
    PermSet extra = k.perms.minus(cat_.roles[k.role].perms);
    out_.bundles.push_back(
        make(BundleKind::role_and_checkboxes, k.role, extra, cat_.roles[k.role].name + " with " + join(sorted_ids(cat_, extra), ", ")));
  }

  void decide(const Kind& k) {
    bool admins = is_admin_role(k.role);
    note(k, Scope::store, store_part(k.perms, admins));
    if (!admins) note(k, Scope::account, k.perms & account_mask_);
  }

  void note(const Kind& k, Scope scope, const PermSet& wanted) {
    if (wanted.empty()) return;
    PolicyFit fit = fit_policies(cat_, wanted, scope);
    if (fit.lost.empty()) return;
    auto same = [&](const Decision& d) { return d.scope == scope && d.role == role_of(k) && d.wanted == wanted; };
    auto it = std::find_if(out_.decisions.begin(), out_.decisions.end(), same);
    if (it == out_.decisions.end()) {
      Decision d;
      d.scope = scope;
      d.role = role_of(k);
      d.wanted = wanted;
      d.checkboxes = d.role ? wanted.minus(cat_.roles[*d.role].perms) : wanted;
      d.fit = std::move(fit);
      out_.decisions.push_back(std::move(d));
      it = out_.decisions.end() - 1;
    }
    it->assignments += k.assignments;
    merge_sorted(it->users, k.users);
    merge_sorted(it->stores, k.stores);
  }

  template <typename T>
  static void merge_sorted(std::vector<T>& into, const std::set<T>& more) {
    std::vector<T> merged;
    std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(merged));
    into = std::move(merged);
  }

  // Most users first; ties by scope, role name, permission ids.
  void sort_decisions() {
    auto key = [&](const Decision& d) {
      return std::make_tuple(-static_cast<long>(d.users.size()), d.scope == Scope::account, d.role ? cat_.roles[*d.role].name : std::string("\xff"),
                             sorted_ids(cat_, d.wanted));
    };
    std::stable_sort(out_.decisions.begin(), out_.decisions.end(), [&](const Decision& a, const Decision& b) { return key(a) < key(b); });
  }

  const Catalog& cat_;
  PermSet store_mask_, account_mask_;
  FoundBundles out_;
  size_t permission_sets_ = 0;
};

}  // namespace

bool bundle_matches(const Bundle& b, std::optional<RoleIdx> role, const PermSet& perms) {
  bool same_role = b.role && role && *b.role == *role;
  switch (b.kind) {
    case BundleKind::role: return same_role;
    case BundleKind::role_and_checkboxes: return same_role && b.has.subset_of(perms);
    case BundleKind::permissions: return b.has.subset_of(perms);
  }
  return false;
}

FoundBundles find_bundles(const Catalog& cat, const Account& account) {
  std::vector<Kind> kinds = kinds_of(cat, account);
  FoundBundles found = Finder(cat).run(kinds);
  for (Bundle& b : found.bundles)
    for (const Kind& k : kinds)
      if (bundle_matches(b, role_of(k), k.perms)) b.assignments += k.assignments;
  return found;
}

}  // namespace rolemig
