#include "design/bundle_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "mapping/policy_cover.h"
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
  std::set<std::pair<UserIdx, StoreIdx>> holders;
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

// Kinds in a stable order: by role index (role-less last), then by the
// permission ids in byte order.
std::vector<Kind> kinds_of(const Catalog& cat, const Account& account) {
  std::unordered_map<KindKey, size_t, KindKeyHash> index;
  std::vector<Kind> kinds;
  for (const Assignment& a : account.assignments) {
    KindKey key{a.role ? *a.role : kNoRole, a.perms};
    auto [it, fresh] = index.try_emplace(key, kinds.size());
    if (fresh) kinds.push_back(Kind{key.role, a.perms, 0, {}, {}, {}});
    Kind& k = kinds[it->second];
    ++k.assignments;
    k.users.insert(a.user);
    k.stores.insert(a.store);
    k.holders.insert({a.user, a.store});
  }
  std::vector<std::pair<std::vector<std::string>, size_t>> order;
  for (size_t i = 0; i < kinds.size(); ++i) order.emplace_back(cat.sorted_names(kinds[i].perms), i);
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
  explicit Finder(const Catalog& cat) : cat_(cat), store_mask_(cat.scope_mask(Scope::store)), account_mask_(cat.scope_mask(Scope::account)) {}

  FoundBundles run(const std::vector<Kind>& kinds) {
    std::vector<Bundle> roles, checkboxes, roleless;
    std::set<uint32_t> roles_seen;
    for (const Kind& k : kinds) {
      if (k.role != kNoRole && roles_seen.insert(k.role).second) roles.push_back(role_bundle(k.role));
      if (k.role != kNoRole && !k.perms.subset_of(cat_.roles[k.role].perms)) checkboxes.push_back(checkbox_bundle(k));
      if (k.role == kNoRole) roleless.push_back(roleless_bundle(k));
      decide(k);
    }
    std::sort(roles.begin(), roles.end(), [](const Bundle& a, const Bundle& b) { return a.name < b.name; });
    // Most checkboxes (or permissions) first: a kind's own rule is the first
    // of its group whose match holds for it.
    auto by_size = [&](const Bundle& a, const Bundle& b) {
      size_t x = a.has.count(), y = b.has.count();
      return x != y ? x > y : a.name < b.name;
    };
    std::stable_sort(checkboxes.begin(), checkboxes.end(), by_size);
    std::stable_sort(roleless.begin(), roleless.end(), by_size);
    for (auto* part : {&roles, &checkboxes, &roleless})
      for (Bundle& b : *part)
        if (!b.store_items.empty() || !b.account_items.empty() || b.admins) out_.bundles.push_back(std::move(b));
    for (const Kind& k : kinds) count(k);
    sort_decisions();
    return std::move(out_);
  }

 private:
  bool is_admin_role(uint32_t role) const { return role != kNoRole && cat_.roles[role].account_admin; }

  // What the policies must give of `perms` at each scope: for an account
  // admin, less what Account Administrators grants (whatever it grants
  // beyond the role is a gain the catalog makes, which the plan reports).
  PermSet store_part(const PermSet& perms, bool admins) const {
    PermSet s = perms & store_mask_;
    if (admins) s.subtract(cat_.admins_grant(Scope::store));
    return s;
  }
  PermSet account_part(const PermSet& perms, bool admins) const {
    PermSet a = perms & account_mask_;
    if (admins) a.subtract(cat_.admins_grant(Scope::account));
    return a;
  }

  std::vector<PolicyIdx> fitting(const PermSet& wanted, Scope scope) const { return fitting_policies(cat_, wanted, scope); }

  static std::vector<PolicyIdx> minus(const std::vector<PolicyIdx>& all, const std::vector<PolicyIdx>& known) {
    std::vector<PolicyIdx> out;
    std::set_difference(all.begin(), all.end(), known.begin(), known.end(), std::back_inserter(out));
    return out;
  }

  Bundle make(BundleKind kind, uint32_t role, const PermSet& perms, std::string name) {
    Bundle b;
    b.kind = kind;
    if (role != kNoRole) b.role = role;
    b.perms = perms;
    b.has = role == kNoRole ? perms : perms.minus(cat_.roles[role].perms);
    b.name = std::move(name);
    bool admins = is_admin_role(role);
    b.admins = kind == BundleKind::role && admins;
    b.store_items = fitting(store_part(perms, admins), Scope::store);
    b.account_items = fitting(account_part(perms, admins), Scope::account);
    return b;
  }

  Bundle role_bundle(uint32_t role) { return make(BundleKind::role, role, cat_.roles[role].perms, cat_.roles[role].name); }

  // "Role", "Role with A, B"; role-less: "Role permissions with A, B" after
  // the largest role the set holds, else "a role-less set of N permissions".
  std::string kind_name(const Kind& k) const { return set_name(k.role, k.perms); }

  // The name of `perms` held with `held_role` (kNoRole: role-less).
  std::string set_name(uint32_t held_role, const PermSet& perms) const {
    uint32_t role = held_role != kNoRole ? held_role : base_role(perms);
    if (role == kNoRole) return fmt::format("a role-less set of {} {}", perms.count(), perms.count() == 1 ? "permission" : "permissions");
    PermSet rest = perms.minus(cat_.roles[role].perms);
    std::string name = cat_.roles[role].name + (held_role == kNoRole ? " permissions" : "");
    return rest.empty() ? name : name + " with " + join(cat_.sorted_names(rest), ", ");
  }

  Bundle checkbox_bundle(const Kind& k) {
    const Role& role = cat_.roles[k.role];
    Bundle b = make(BundleKind::role_and_checkboxes, k.role, k.perms, kind_name(k));
    bool admins = is_admin_role(k.role);
    b.store_items = minus(b.store_items, fitting(store_part(role.perms, admins), Scope::store));
    b.account_items = minus(b.account_items, fitting(account_part(role.perms, admins), Scope::account));
    return b;
  }

  Bundle roleless_bundle(const Kind& k) { return make(BundleKind::permissions, kNoRole, k.perms, kind_name(k)); }

  // The largest role (not an account admin) whose permissions `perms` holds;
  // ties by name. kNoRole when none does.
  uint32_t base_role(const PermSet& perms) const {
    uint32_t best = kNoRole;
    for (uint32_t r = 0; r < cat_.roles.size(); ++r) {
      const Role& role = cat_.roles[r];
      if (role.account_admin || role.perms.empty() || !role.perms.subset_of(perms)) continue;
      size_t n = role.perms.count(), best_n = best == kNoRole ? 0 : cat_.roles[best].perms.count();
      if (best == kNoRole || n > best_n || (n == best_n && role.name < cat_.roles[best].name)) best = r;
    }
    return best;
  }

  // Counts each kind's assignments on the rules that match them: its role's
  // rule, then the first role-with-checkboxes rule (final) or role-less rule
  // (unmatched) whose match holds.
  void count(const Kind& k) {
    bool stopped = false;
    for (Bundle& b : out_.bundles) {
      bool holds = b.kind == BundleKind::role                  ? b.role == role_of(k)
                   : b.kind == BundleKind::role_and_checkboxes ? b.role == role_of(k) && b.has.subset_of(k.perms)
                                                               : k.role == kNoRole && b.has.subset_of(k.perms);
      if (!holds || (stopped && b.kind != BundleKind::role)) continue;
      b.assignments += k.assignments;
      stopped = stopped || b.kind != BundleKind::role;
    }
  }

  void decide(const Kind& k) {
    bool admins = is_admin_role(k.role);
    note(k, Scope::store, store_part(k.perms, admins));
    note(k, Scope::account, account_part(k.perms, admins));
  }

  void note(const Kind& k, Scope scope, const PermSet& wanted) {
    if (wanted.empty()) return;
    PolicyFit fit = fit_policies(cat_, wanted, scope);
    if (fit.lost.empty()) return;
    auto same = [&](const Decision& d) { return d.scope == scope && d.role == role_of(k) && d.wanted == wanted; };
    auto it = std::find_if(out_.decisions.begin(), out_.decisions.end(), same);
    if (it == out_.decisions.end()) {
      Decision d;
      d.name = set_name(k.role, wanted);
      d.scope = scope;
      d.role = role_of(k);
      d.wanted = wanted;
      d.checkboxes = d.role ? wanted.minus(cat_.roles[*d.role].perms) : wanted;
      d.subset_cover = cover_.cover(fit.covered, scope);
      d.fit = std::move(fit);
      out_.decisions.push_back(std::move(d));
      it = out_.decisions.end() - 1;
    }
    it->assignments += k.assignments;
    merge_sorted(it->users, k.users);
    merge_sorted(it->stores, k.stores);
    merge_sorted(it->holders, k.holders);
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
                             cat_.sorted_names(d.wanted));
    };
    std::stable_sort(out_.decisions.begin(), out_.decisions.end(), [&](const Decision& a, const Decision& b) { return key(a) < key(b); });
  }

  const Catalog& cat_;
  PermSet store_mask_, account_mask_;
  PolicyCover cover_{cat_};
  FoundBundles out_;
};

}  // namespace

FoundBundles find_bundles(const Catalog& cat, const Account& account) { return Finder(cat).run(kinds_of(cat, account)); }

}  // namespace rolemig
