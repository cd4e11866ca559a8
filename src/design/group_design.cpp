#include "design/group_design.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "design/bundle_finder.h"
#include "mapping/policy_cover.h"
#include "mining/role_miner.h"
#include "util/sha256.h"
#include "util/text.h"
#include "util/unicode.h"

namespace rolemig {

namespace {

void sort_unique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

const std::vector<PolicyIdx>& items_of(const Bundle& b, Scope scope) { return scope == Scope::store ? b.store_items : b.account_items; }

// Mines one scope: bundles x the policies that fit inside them. Adds the
// groups to `d` (one per distinct union of permissions) and to each bundle.
void mine_scope(const Catalog& cat, PolicyCover& cover, Design& d, Scope scope, const DesignSettings& settings) {
  std::vector<uint32_t> rows_of;  // matrix row -> bundle
  mining::Matrix m;
  m.items = static_cast<uint32_t>(cat.policies.size());
  for (uint32_t b = 0; b < d.bundles.size(); ++b) {
    const std::vector<PolicyIdx>& items = items_of(d.bundles[b], scope);
    if (items.empty()) continue;
    rows_of.push_back(b);
    m.rows.emplace_back(items.begin(), items.end());
  }
  mining::Decomposition dec = mining::mine_roles(m, mining::Options{settings.time_limit_seconds});
  d.mining.push_back(MiningRun{scope, m.rows.size(), m.items, dec.roles.size(), dec.lower_bound, dec.optimal, dec.verified, dec.seconds});

  std::vector<uint32_t> group_of_role;
  std::map<std::vector<PermId>, uint32_t> by_perms;  // two roles granting the same permissions are one group
  for (const auto& role : dec.roles) {
    PermSet perms = cat.empty_set();
    for (uint32_t p : role) perms |= cat.policies[p].perms;
    auto [it, fresh] = by_perms.try_emplace(perms.ids(), static_cast<uint32_t>(d.groups.size()));
    if (fresh) {
      DesignedGroup g;
      g.scope = scope == Scope::store ? GroupScope::per_store : GroupScope::account;
      g.grants = cover.cover(perms, scope);
      g.perms = std::move(perms);
      d.groups.push_back(std::move(g));
    }
    group_of_role.push_back(it->second);
  }
  for (size_t r = 0; r < rows_of.size(); ++r) {
    Bundle& b = d.bundles[rows_of[r]];
    for (uint32_t role : dec.user_roles[r]) b.groups.push_back(group_of_role[role]);
  }
}

std::string policy_list(const Catalog& cat, const std::vector<PolicyIdx>& grants) { return join(cat.policy_names(grants), ", "); }

// Past this many policies a shared group is named after its bundles.
constexpr size_t kPoliciesInName = 3;
// Bundles named in a shared group's name.
constexpr size_t kBundlesInName = 2;

// What it grants, when that is short; else the bundles it serves.
std::string shared_name(const Catalog& cat, const Design& d, const DesignedGroup& g) {
  if (g.grants.size() <= kPoliciesInName) return policy_list(cat, g.grants);
  std::vector<std::string> names;
  for (size_t i = 0; i < g.bundles.size() && i < kBundlesInName; ++i) names.push_back(d.bundles[g.bundles[i]].name);
  std::string name = join(names, " & ");
  if (g.bundles.size() > kBundlesInName) name += fmt::format(" +{}", g.bundles.size() - kBundlesInName);
  return name + " shared";
}

// Named after the one bundle it serves, else as shared_name().
// A kind's only group (of a scope) is named after it; a kind's one group of
// several says what it grants.
std::string base_name(const Catalog& cat, const Design& d, const DesignedGroup& g) {
  if (g.bundles.size() != 1) return shared_name(cat, d, g);
  const Bundle& b = d.bundles[g.bundles[0]];
  size_t same_scope = std::count_if(b.groups.begin(), b.groups.end(), [&](uint32_t o) { return d.groups[o].scope == g.scope; });
  if (same_scope == 1) return b.name;
  if (g.grants.size() <= kPoliciesInName) return b.name + ": " + policy_list(cat, g.grants);
  return fmt::format("{} ({} policies)", b.name, g.grants.size());
}

// Drops from each bundle the groups its other groups already cover (the
// largest first keep their place), then the groups no bundle gives.
void drop_redundant(Design& d) {
  std::vector<bool> used(d.groups.size(), false);
  for (Bundle& b : d.bundles) {
    std::vector<uint32_t> order = b.groups;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return d.groups[x].perms.count() < d.groups[y].perms.count(); });
    std::vector<uint32_t> kept = b.groups;
    for (uint32_t g : order) {
      PermSet others(d.groups[g].perms.capacity());
      for (uint32_t o : kept)
        if (o != g) others |= d.groups[o].perms;
      if (d.groups[g].perms.subset_of(others)) kept.erase(std::find(kept.begin(), kept.end(), g));
    }
    b.groups = std::move(kept);
    for (uint32_t g : b.groups) used[g] = true;
  }
  std::vector<uint32_t> new_index(d.groups.size(), UINT32_MAX);
  std::vector<DesignedGroup> groups;
  for (uint32_t g = 0; g < d.groups.size(); ++g) {
    if (!used[g]) continue;
    new_index[g] = static_cast<uint32_t>(groups.size());
    groups.push_back(std::move(d.groups[g]));
  }
  d.groups = std::move(groups);
  for (Bundle& b : d.bundles)
    for (uint32_t& g : b.groups) g = new_index[g];
}

// `text` with braces made parentheses, so that a role's name cannot read as
// a {placeholder} in a group's name or description.
std::string literal(std::string text) {
  for (char& c : text) {
    if (c == '{') c = '(';
    if (c == '}') c = ')';
  }
  return text;
}

std::string full_name(const DesignedGroup& g, const std::string& base) {
  return g.scope == GroupScope::per_store ? "{store.name} " + literal(base) : literal(base) + " (account)";
}

// Kinds a description names before "and N more".
constexpr size_t kKindsInDescription = 3;

std::string describe(const Catalog& cat, const Design& d, const DesignedGroup& g) {
  std::vector<std::string> kinds;
  for (size_t i = 0; i < g.bundles.size() && i < kKindsInDescription; ++i) kinds.push_back(d.bundles[g.bundles[i]].name);
  std::string who = join(kinds, "; ");
  if (g.bundles.size() > kKindsInDescription) who += fmt::format(" and {} more", g.bundles.size() - kKindsInDescription);
  return fmt::format("Grants {} {}. For {}", literal(policy_list(cat, g.grants)),
                     g.scope == GroupScope::per_store ? "on {store.name}" : "on the account", literal(who));
}

}  // namespace

// Longest id: past it a name's slug is cut at a '-'.
constexpr size_t kIdLength = 60;

std::string short_slug(std::string_view name) {
  std::string s = slug(name);
  if (s.size() <= kIdLength) return s;
  s.resize(kIdLength);
  if (size_t dash = s.rfind('-'); dash != std::string::npos && dash > 0) s.resize(dash);
  return s;
}

namespace {

// The names a group would have in the plan: a per-store template on every
// store (a superset of those where it has members), compared as plan
// compares them (name_key).
class RenderedNames {
 public:
  explicit RenderedNames(const std::vector<Store>& stores) : stores_(stores) {}

  bool taken(const DesignedGroup& g, const std::string& base) const {
    for (const std::string& n : rendered(g, base))
      if (keys_.count(n)) return true;
    return false;
  }
  void take(const DesignedGroup& g, const std::string& base) {
    for (std::string& n : rendered(g, base)) keys_.insert(std::move(n));
  }

 private:
  std::vector<std::string> rendered(const DesignedGroup& g, const std::string& base) const {
    if (g.scope == GroupScope::account) return {name_key(full_name(g, base))};
    std::vector<std::string> out;
    for (const Store& s : stores_) out.push_back(name_key(s.name + " " + literal(base)));
    return out;
  }

  const std::vector<Store>& stores_;
  std::set<std::string> keys_;
};

void name_groups(const Catalog& cat, const Account& account, Design& d) {
  for (uint32_t b = 0; b < d.bundles.size(); ++b)
    for (uint32_t g : d.bundles[b].groups) d.groups[g].bundles.push_back(b);
  RenderedNames names(account.stores);
  std::set<std::string> ids;
  for (DesignedGroup& g : d.groups) {
    std::string base = base_name(cat, d, g);
    if (names.taken(g, base)) base = shared_name(cat, d, g);
    if (names.taken(g, base)) base = policy_list(cat, g.grants);
    for (int n = 2; names.taken(g, base); ++n) base = fmt::format("{} ({})", policy_list(cat, g.grants), n);
    names.take(g, base);
    g.name = full_name(g, base);
    g.description = describe(cat, d, g);
    std::string id = std::string(g.scope == GroupScope::per_store ? "store-" : "account-") + short_slug(base);
    std::string unique = id;
    for (int n = 2; ids.count(unique); ++n) unique = fmt::format("{}-{}", id, n);
    ids.insert(unique);
    g.id = std::move(unique);
  }
}

// Groups in (scope, name) order; bundles' lists follow.
void sort_groups(Design& d) {
  std::vector<uint32_t> order(d.groups.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const DesignedGroup &x = d.groups[a], &y = d.groups[b];
    return x.scope != y.scope ? x.scope == GroupScope::per_store : x.name < y.name;
  });
  std::vector<uint32_t> new_index(order.size());
  std::vector<DesignedGroup> sorted;
  for (uint32_t i = 0; i < order.size(); ++i) {
    new_index[order[i]] = i;
    sorted.push_back(std::move(d.groups[order[i]]));
  }
  d.groups = std::move(sorted);
  for (auto& b : d.bundles) {
    for (auto& g : b.groups) g = new_index[g];
    sort_unique(b.groups);
  }
}

}  // namespace

std::string slug(std::string_view name) {
  std::string out;
  for (char c : ascii_fold(name)) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a'), alnum = true;
    if (alnum)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" + sha256_hex(name).substr(0, 8) : out;
}

Design design_groups(const Catalog& cat, const Account& account, const DesignSettings& settings) {
  FoundBundles found = find_bundles(cat, account);
  Design d;
  d.bundles = std::move(found.bundles);
  d.decisions = std::move(found.decisions);
  PolicyCover cover(cat);
  mine_scope(cat, cover, d, Scope::store, settings);
  mine_scope(cat, cover, d, Scope::account, settings);
  for (auto& b : d.bundles) sort_unique(b.groups);
  drop_redundant(d);
  name_groups(cat, account, d);
  sort_groups(d);
  return d;
}

}  // namespace rolemig
