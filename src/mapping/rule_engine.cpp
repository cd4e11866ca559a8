#include "mapping/rule_engine.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <unordered_map>

#include "mapping/policy_cover.h"
#include "util/text.h"

namespace rolemig {

std::string render_template(std::string_view tmpl, const Store* store, std::string_view role) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find('{', pos);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(pos));
      break;
    }
    out.append(tmpl.substr(pos, open - pos));
    size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) {
      out.append(tmpl.substr(open));
      break;
    }
    std::string_view key = tmpl.substr(open + 1, close - open - 1);
    if (store && key == "store.id") out += store->id;
    else if (store && key == "store.name") out += store->name;
    else if (store && key == "store.region") out += store->region;
    else if (key == "role") out += role;
    else out.append(tmpl.substr(open, close - open + 1));
    pos = close + 1;
  }
  return out;
}

bool rule_matches(const Match& m, const Assignment& a, const Account& acc, const Catalog& cat, bool matched_before) {
  if (m.unmatched && matched_before) return false;
  if (m.role) {
    const RoleMatch& rm = *m.role;
    bool ok = rm.any;
    if (!ok && a.role) {
      bool custom = cat.roles[*a.role].custom;
      ok = (rm.custom && custom) || (rm.standard && !custom) ||
           std::find(rm.roles.begin(), rm.roles.end(), *a.role) != rm.roles.end();
    }
    if (!ok) return false;
  }
  if (!m.stores.empty()) {
    const std::string& id = acc.stores[a.store].id;
    if (std::none_of(m.stores.begin(), m.stores.end(), [&](const std::string& g) { return glob_match(g, id, CaseSensitive::yes); }))
      return false;
  }
  if (m.email && !glob_match(*m.email, acc.users[a.user].email)) return false;
  if (!m.statuses.empty() && std::find(m.statuses.begin(), m.statuses.end(), a.status) == m.statuses.end()) return false;
  if (m.has_permissions && !m.has_permissions->subset_of(a.perms)) return false;
  return true;
}

namespace {

constexpr uint32_t kNoStore = UINT32_MAX;

struct Instance {
  size_t def;
  uint32_t store;  // kNoStore for account groups
  std::vector<Grant> grants;
  std::vector<std::pair<Target, PermSet>> access;  // what it grants, per target
};

// Derived groups are ordered by (store id, sorted residual) (SPEC 2.5): stores
// are interned in id order; `ids` is the residual as byte-order ranks of its
// permission ids, ascending, so that vector comparison is the SPEC's order:
// element by element, a prefix first.
struct DerivedKey {
  StoreIdx store;
  std::vector<uint32_t> ids;
  PermSet residual;
  friend bool operator<(const DerivedKey& a, const DerivedKey& b) {
    return a.store != b.store ? a.store < b.store : a.ids < b.ids;
  }
};

struct DerivedPending {
  size_t rule;
  size_t first_assignment;  // in (email, store) order: names the group
};

class RuleEngine {
 public:
  RuleEngine(const Catalog& cat, const Account& acc, const RuleSet& rs) : cat_(cat), acc_(acc), rs_(rs), cover_(cat) {
    store_mask_ = cat.scope_mask(Scope::store);
    account_mask_ = cat.scope_mask(Scope::account);
    std::vector<PermId> by_id(cat.permissions.size());
    for (PermId p = 0; p < by_id.size(); ++p) by_id[p] = p;
    std::sort(by_id.begin(), by_id.end(), [&](PermId a, PermId b) { return cat.permissions[a].id < cat.permissions[b].id; });
    id_rank_.resize(by_id.size());
    for (uint32_t r = 0; r < by_id.size(); ++r) id_rank_[by_id[r]] = r;
  }

  Mapping run() {
    struct RawMembership {
      UserIdx user;
      uint32_t instance;  // < instances_.size(): rule group; else derived index + offset
      uint32_t rule;
    };
    std::vector<RawMembership> raw;
    std::map<DerivedKey, DerivedPending> derived;
    struct DerivedMember {
      size_t assignment;
      size_t rule;
      DerivedKey key;
    };
    std::vector<DerivedMember> derived_members;
    std::vector<uint32_t> explicit_instances;
    instance_of(0, kNoStore);  // Account Administrators is always listed

    for (size_t ai = 0; ai < acc_.assignments.size(); ++ai) {
      const Assignment& a = acc_.assignments[ai];
      bool matched = false;
      std::optional<size_t> derive_rule;
      explicit_instances.clear();
      for (size_t ri = 0; ri < rs_.rules.size(); ++ri) {
        const Rule& rule = rs_.rules[ri];
        if (!rule_matches(rule.match, a, acc_, cat_, matched)) continue;
        matched = true;
        for (size_t g : rule.groups) {
          uint32_t inst = instance_of(g, rs_.groups[g].scope == GroupScope::per_store ? a.store : kNoStore);
          raw.push_back({a.user, inst, static_cast<uint32_t>(ri)});
          explicit_instances.push_back(inst);
        }
        if (rule.derive && !derive_rule) derive_rule = ri;
        if (rule.final) break;
      }
      if (!derive_rule) continue;
      PermSet granted_store = cat_.empty_set(), granted_account = cat_.empty_set();
      for (uint32_t inst : explicit_instances) {
        for (const auto& [t, ps] : instances_[inst].access) {
          if (t == Target::store(a.store)) granted_store |= ps;
          if (t.is_account()) granted_account |= ps;
        }
      }
      PermSet residual = (a.perms & store_mask_).subtract(granted_store) | (a.perms & account_mask_).subtract(granted_account);
      if (residual.empty()) continue;
      std::vector<uint32_t> ids;
      residual.for_each([&](PermId p) { ids.push_back(id_rank_[p]); });
      std::sort(ids.begin(), ids.end());
      DerivedKey key{a.store, std::move(ids), residual};
      derived.emplace(key, DerivedPending{*derive_rule, ai});
      derived_members.push_back(DerivedMember{ai, *derive_rule, std::move(key)});
    }

    // Group names: rule groups first (clashes are errors), then derived
    // groups take the next free " (n)" suffix in (store id, sorted residual) order.
    Mapping m;
    std::vector<Group> groups;
    std::unordered_map<std::string, size_t> name_owner;  // name -> instance
    DiagnosticSink sink;
    for (size_t i = 0; i < instances_.size(); ++i) {
      const Instance& inst = instances_[i];
      const GroupDef& def = rs_.groups[inst.def];
      const Store* store = inst.store == kNoStore ? nullptr : &acc_.stores[inst.store];
      Group g;
      g.is_admins = def.builtin_admins;
      g.name = def.builtin_admins ? cat_.admins.name : render_template(def.name, store);
      g.description = def.builtin_admins ? "The account's default group: every account-level permission"
                                         : render_template(def.description, store);
      g.key = store ? fmt::format("{}@{}", def.id, store->id) : def.id;
      g.action = def.builtin_admins ? GroupAction::exists : GroupAction::create;
      g.grants = inst.grants;
      // A name rendered from placeholders may still read as Account Administrators.
      if (!def.builtin_admins && is_admins_lookalike(cat_, g.name)) {
        sink.add(diagnostic_at(def.where, admins_lookalike_message(cat_, g.name), def.where_line));
      }
      auto [it, fresh] = name_owner.emplace(g.name, i);
      if (!fresh) {
        const Instance* a = &instances_[it->second];
        const Instance* b = &inst;
        if (a->def == b->def && acc_.stores[b->store].id < acc_.stores[a->store].id) std::swap(a, b);
        std::string message;
        if (a->def == b->def) {
          // One per-store definition, two stores: their names (or ids) coincide.
          const Store& sa = acc_.stores[a->store];
          const Store& sb = acc_.stores[b->store];
          message = fmt::format("expected unique group names, found {} rendered by group '{}' for both store {} and store {} "
                                "(both stores are named {}; give them distinct names in the stores file or use {{store.id}})",
                                quote(g.name), rs_.groups[a->def].id, sa.id, sb.id, quote(sa.name));
        } else {
          auto who = [&](const Instance& x) {
            std::string w = fmt::format("group '{}'", rs_.groups[x.def].id);
            if (x.store != kNoStore) w += fmt::format(" for store {}", acc_.stores[x.store].id);
            return w;
          };
          message = fmt::format("expected unique group names, found {} rendered by {} and by {}", quote(g.name), who(*a), who(*b));
        }
        Diagnostic d = diagnostic_at(rs_.groups[b->def].where, message, rs_.groups[b->def].where_line);
        if (a->def != b->def) d.note = fmt::format("{} is defined at {}", rs_.groups[a->def].id, rs_.groups[a->def].where.str());
        sink.add(d);
      }
      groups.push_back(std::move(g));
    }
    sink.throw_if_any();

    std::map<DerivedKey, uint32_t> derived_group;
    std::map<StoreIdx, size_t> per_store_count;
    for (const auto& [key, pending] : derived) {
      Group g;
      g.derived = true;
      PermSet store_part = key.residual & store_mask_, account_part = key.residual & account_mask_;
      for (PolicyIdx p : cover_.cover(store_part, Scope::store)) g.grants.push_back(Grant{p, Target::store(key.store)});
      for (PolicyIdx p : cover_.cover(account_part, Scope::account)) g.grants.push_back(Grant{p, Target::account()});
      if (g.grants.empty()) continue;  // would grant nothing: not created
      const Assignment& first = acc_.assignments[pending.first_assignment];
      const Store& store = acc_.stores[key.store];
      const Rule& rule = rs_.rules[pending.rule];
      std::string role = first.role ? cat_.roles[*first.role].name : "";
      std::string tmpl = rule.group_name ? *rule.group_name : (first.role ? "{store.name} {role}" : "{store.name} access");
      std::string base = render_template(tmpl, &store, first.role ? std::string_view(role) : std::string_view("no role"));
      std::string name = base;
      if (is_admins_lookalike(cat_, base)) throw InputError(diagnostic_at(rule.where, admins_lookalike_message(cat_, base), rule.where_line));
      for (int n = 2; name_owner.count(name); ++n) name = fmt::format("{} ({})", base, n);
      name_owner.emplace(name, SIZE_MAX);
      g.name = name;
      g.description = fmt::format("Derived by rule '{}': permissions of {} not covered by other groups", rule.name, store.name);
      g.key = fmt::format("derived@{}#{}", store.id, ++per_store_count[key.store]);
      derived_group.emplace(key, static_cast<uint32_t>(groups.size()));
      groups.push_back(std::move(g));
    }
    for (const auto& dm : derived_members) {
      auto it = derived_group.find(dm.key);
      if (it == derived_group.end()) continue;
      raw.push_back({acc_.assignments[dm.assignment].user, it->second, static_cast<uint32_t>(dm.rule)});
    }

    // Order groups: Account Administrators first, then by name.
    std::vector<uint32_t> order(groups.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if (groups[a].is_admins != groups[b].is_admins) return groups[a].is_admins;
      return groups[a].name < groups[b].name;
    });
    std::vector<uint32_t> new_index(groups.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
      new_index[order[i]] = i;
      m.groups.push_back(std::move(groups[order[i]]));
    }
    for (const auto& r : rs_.rules) m.rule_names.push_back(r.name);

    std::sort(raw.begin(), raw.end(), [&](const RawMembership& a, const RawMembership& b) {
      uint32_t ga = new_index[a.instance], gb = new_index[b.instance];
      return a.user != b.user ? a.user < b.user : ga != gb ? ga < gb : a.rule < b.rule;
    });
    for (const auto& r : raw) {
      uint32_t g = new_index[r.instance];
      if (!m.memberships.empty() && m.memberships.back().user == r.user && m.memberships.back().group == g) {
        auto& rules = m.memberships.back().rules;
        if (rules.back() != r.rule) rules.push_back(r.rule);
        continue;
      }
      m.memberships.push_back(Membership{r.user, g, {r.rule}});
    }
    std::vector<std::vector<bool>> group_rules(m.groups.size(), std::vector<bool>(rs_.rules.size(), false));
    for (const auto& ms : m.memberships) {
      m.groups[ms.group].members.push_back(ms.user);
      for (uint32_t r : ms.rules) group_rules[ms.group][r] = true;
    }
    for (size_t g = 0; g < m.groups.size(); ++g) {
      for (size_t r = 0; r < rs_.rules.size(); ++r)
        if (group_rules[g][r]) m.groups[g].rules.push_back(rs_.rules[r].name);
    }
    m.index(acc_.users.size());
    return m;
  }

 private:
  uint32_t instance_of(size_t def, uint32_t store) {
    uint64_t key = (uint64_t{static_cast<uint32_t>(def)} << 32) | store;
    auto [it, fresh] = instance_index_.emplace(key, static_cast<uint32_t>(instances_.size()));
    if (!fresh) return it->second;
    Instance inst{def, store, {}, {}};
    const GroupDef& gd = rs_.groups[def];
    if (gd.builtin_admins) {
      inst.grants.push_back(Grant{std::nullopt, Target::account()});
      inst.access.emplace_back(Target::account(), cat_.admins_grant(Scope::account));
      if (cat_.admins.all_store) {
        for (StoreIdx s = 0; s < acc_.stores.size(); ++s) inst.access.emplace_back(Target::store(s), cat_.admins_grant(Scope::store));
      }
    }
    for (const GrantDef& g : gd.grants) {
      Target t = Target::account();
      if (g.kind == GrantDef::Kind::store) {
        t = Target::store(store);
      } else if (g.kind == GrantDef::Kind::fixed_store) {
        auto s = acc_.find_store(g.store_id);
        if (!s) throw InternalError("grant store " + g.store_id + " was not registered with the account");
        t = Target::store(*s);
      }
      Grant grant{g.policy, t};
      if (std::find(inst.grants.begin(), inst.grants.end(), grant) == inst.grants.end()) inst.grants.push_back(grant);
      inst.access.emplace_back(t, cat_.policies[g.policy].perms);
    }
    instances_.push_back(std::move(inst));
    return static_cast<uint32_t>(instances_.size() - 1);
  }

  const Catalog& cat_;
  const Account& acc_;
  const RuleSet& rs_;
  PolicyCover cover_;
  PermSet store_mask_, account_mask_;
  std::vector<uint32_t> id_rank_;  // per PermId: its rank in byte order of permission ids
  std::vector<Instance> instances_;
  std::unordered_map<uint64_t, uint32_t> instance_index_;
};

}  // namespace

Mapping apply_rules(const Catalog& catalog, const Account& account, const RuleSet& rules) {
  return RuleEngine(catalog, account, rules).run();
}

}  // namespace rolemig
