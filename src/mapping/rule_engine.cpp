#include "mapping/rule_engine.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <numeric>
#include <unordered_map>

#include "mapping/policy_cover.h"
#include "model/name_template.h"
#include "util/text.h"

namespace rolemig {

std::string render_template(std::string_view tmpl, const Store* store, std::string_view role) {
  std::string out;
  scan_template(
      tmpl, [&](std::string_view text) { out += text; },
      [&](const Placeholder& p) {
        if (!p.closed)
          out.append(tmpl.substr(p.offset));  // the loader refuses these; kept as written
        else if (store && p.name == "store.id")
          out += store->id;
        else if (store && p.name == "store.name")
          out += store->name;
        else if (store && p.name == "store.region")
          out += store->region;
        else if (p.name == "role")
          out += role;
        else
          out.append(tmpl.substr(p.offset, p.name.size() + 2));
      });
  return out;
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
  friend bool operator<(const DerivedKey& a, const DerivedKey& b) { return a.store != b.store ? a.store < b.store : a.ids < b.ids; }
};

struct DerivedPending {
  size_t rule;
  size_t first_assignment;  // in (email, store) order: names the group
};

// A (store, residual) some assignment derives, in order of first use.
struct Derived {
  DerivedKey key;
  DerivedPending pending;
};

// Derived by (store, residual), for the lookup per assignment: a hash of the
// set, not a walk down a tree comparing sorted id lists.
struct DerivedLookup {
  StoreIdx store;
  PermSet residual;
  bool operator==(const DerivedLookup&) const = default;
};
struct DerivedLookupHash {
  size_t operator()(const DerivedLookup& k) const { return k.residual.hash() * 31 + k.store; }
};

struct DerivedMember {
  size_t assignment;
  size_t rule;
  uint32_t derived;  // index into derived_
};

// A rule group instance an assignment joins, and the rule that put it there.
struct Join {
  uint32_t instance;
  uint32_t rule;
};

struct RawMembership {
  UserIdx user;
  uint32_t group;  // index into the unordered groups: rule groups (one per instance), then derived ones
  uint32_t rule;
};

// What the rules make of one assignment besides the rule groups it joins.
struct AssignmentDecision {
  std::optional<size_t> derive_rule;  // the first matching derive rule
  PermSet residual;                   // under derive_rule: what the rule groups leave; else empty (no bits)
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

  Mapping run();
  enum class WithCover { yes, no };
  AssignmentTrace trace(size_t ai, WithCover cover = WithCover::yes);

 private:
  // The per-assignment step, for the plan and for traces alike.
  AssignmentDecision decide(const Assignment& a, std::vector<Join>& joins, AssignmentTrace* trace);
  std::optional<size_t> match_rules(const Assignment& a, std::vector<Join>& joins, AssignmentTrace* trace);
  PermSet residual_of(const Assignment& a, const Join* begin, const Join* end) const;
  std::vector<Grant> derived_grants(const PermSet& residual, StoreIdx store);
  // The phases of run().
  void decide_all();
  std::vector<Group> name_rule_groups();
  Group rule_group(const Instance& inst) const;
  Diagnostic name_clash(size_t first, size_t second, const std::string& name) const;
  void add_derived_groups(std::vector<Group>& groups);
  std::string derived_name(const DerivedPending& pending, const Store& store);
  void add_memberships(const std::vector<uint32_t>& new_index, Mapping& m);
  void list_members_and_rules(Mapping& m) const;
  uint32_t instance_of(size_t def, uint32_t store);

  const Catalog& cat_;
  const Account& acc_;
  const RuleSet& rs_;
  PolicyCover cover_;
  PermSet store_mask_, account_mask_;
  std::vector<uint32_t> id_rank_;  // per PermId: its rank in byte order of permission ids
  std::vector<Instance> instances_;
  std::unordered_map<uint64_t, uint32_t> instance_index_;
  // What run() gathers from the assignments, then turns into groups.
  std::vector<RawMembership> raw_;
  std::vector<Derived> derived_;
  std::unordered_map<DerivedLookup, uint32_t, DerivedLookupHash> derived_index_;  // derived_ by (store, residual)
  std::vector<DerivedMember> derived_members_;
  std::unordered_map<std::string, size_t> name_owner_;  // group name -> instance; SIZE_MAX: a derived group
};

// Appends the rule groups assignment `a` joins to `joins`; returns the first
// matching derive rule. With a `trace`, records every rule's outcome there.
std::optional<size_t> RuleEngine::match_rules(const Assignment& a, std::vector<Join>& joins, AssignmentTrace* trace) {
  bool matched = false;
  std::optional<size_t> derive_rule;
  for (size_t ri = 0; ri < rs_.rules.size(); ++ri) {
    const Rule& rule = rs_.rules[ri];
    std::optional<MatchKey> failed = failed_match_key(rule.match, a, acc_, cat_, matched);
    if (trace) trace->rules.push_back(RuleTrace{ri, failed ? RuleOutcome::failed : RuleOutcome::matched, failed});
    if (failed) continue;
    matched = true;
    for (size_t g : rule.groups) {
      uint32_t inst = instance_of(g, rs_.groups[g].scope == GroupScope::per_store ? a.store : kNoStore);
      joins.push_back(Join{inst, static_cast<uint32_t>(ri)});
    }
    if (rule.derive && !derive_rule) derive_rule = ri;
    if (rule.final) {
      if (trace) {
        trace->stopped_by = ri;
        for (size_t rest = ri + 1; rest < rs_.rules.size(); ++rest) trace->rules.push_back(RuleTrace{rest, RuleOutcome::not_reached, {}});
      }
      break;
    }
  }
  return derive_rule;
}

// The assignment's permissions that the rule groups [begin, end) do not grant
// it: store-scope ones on its store, account-scope ones on the account.
PermSet RuleEngine::residual_of(const Assignment& a, const Join* begin, const Join* end) const {
  PermSet granted_store = cat_.empty_set(), granted_account = cat_.empty_set();
  for (const Join* j = begin; j != end; ++j) {
    for (const auto& [t, ps] : instances_[j->instance].access) {
      if (t == Target::store(a.store)) granted_store |= ps;
      if (t.is_account()) granted_account |= ps;
    }
  }
  return (a.perms & store_mask_).subtract(granted_store) | (a.perms & account_mask_).subtract(granted_account);
}

AssignmentDecision RuleEngine::decide(const Assignment& a, std::vector<Join>& joins, AssignmentTrace* trace) {
  size_t first = joins.size();
  AssignmentDecision d{match_rules(a, joins, trace), PermSet()};
  if (d.derive_rule) d.residual = residual_of(a, joins.data() + first, joins.data() + joins.size());
  return d;
}

// A derived group's grants: the cover of the residual's store part at the
// store, then of its account part at `account`. Empty: nothing fits.
std::vector<Grant> RuleEngine::derived_grants(const PermSet& residual, StoreIdx store) {
  std::vector<Grant> grants;
  for (PolicyIdx p : cover_.cover(residual & store_mask_, Scope::store)) grants.push_back(Grant{p, Target::store(store)});
  for (PolicyIdx p : cover_.cover(residual & account_mask_, Scope::account)) grants.push_back(Grant{p, Target::account()});
  return grants;
}

AssignmentTrace RuleEngine::trace(size_t ai, WithCover cover) {
  if (ai >= acc_.assignments.size()) throw InternalError(fmt::format("trace of assignment {} of {}", ai, acc_.assignments.size()));
  const Assignment& a = acc_.assignments[ai];
  AssignmentTrace t;
  std::vector<Join> joins;
  AssignmentDecision d = decide(a, joins, &t);
  t.derive_rule = d.derive_rule;
  t.residual = d.derive_rule ? std::move(d.residual) : cat_.empty_set();
  if (cover == WithCover::yes && !t.residual.empty()) t.cover = derived_grants(t.residual, a.store);
  return t;
}

// Phase 1, match and residual: every assignment's rule groups go to raw_, and
// a non-empty residual under a derive rule to derived_ and derived_members_.
void RuleEngine::decide_all() {
  std::vector<Join> joins;
  for (size_t ai = 0; ai < acc_.assignments.size(); ++ai) {
    const Assignment& a = acc_.assignments[ai];
    joins.clear();
    AssignmentDecision d = decide(a, joins, nullptr);
    for (const Join& j : joins) raw_.push_back(RawMembership{a.user, j.instance, j.rule});
    if (!d.derive_rule || d.residual.empty()) continue;
    // The first assignment to derive a (store, residual) names its group.
    auto [it, fresh] = derived_index_.try_emplace(DerivedLookup{a.store, d.residual}, static_cast<uint32_t>(derived_.size()));
    if (fresh) {
      std::vector<uint32_t> ids;
      d.residual.for_each([&](PermId p) { ids.push_back(id_rank_[p]); });
      std::sort(ids.begin(), ids.end());
      derived_.push_back(Derived{DerivedKey{a.store, std::move(ids), std::move(d.residual)}, DerivedPending{*d.derive_rule, ai}});
    }
    derived_members_.push_back(DerivedMember{ai, *d.derive_rule, it->second});
  }
}

Group RuleEngine::rule_group(const Instance& inst) const {
  const GroupDef& def = rs_.groups[inst.def];
  const Store* store = inst.store == kNoStore ? nullptr : &acc_.stores[inst.store];
  Group g;
  g.is_admins = def.builtin_admins;
  g.name = def.builtin_admins ? cat_.admins.name : render_template(def.name, store);
  g.description = def.builtin_admins ? "The account's default group: every account-level permission" : render_template(def.description, store);
  g.key = store ? fmt::format("{}@{}", def.id, store->id) : def.id;
  g.action = def.builtin_admins ? GroupAction::exists : GroupAction::create;
  g.grants = inst.grants;
  return g;
}

// Two instances, `first` named `name` before `second`, render the same name.
Diagnostic RuleEngine::name_clash(size_t first, size_t second, const std::string& name) const {
  const Instance* a = &instances_[first];
  const Instance* b = &instances_[second];
  if (a->def == b->def && acc_.stores[b->store].id < acc_.stores[a->store].id) std::swap(a, b);
  if (a->def == b->def) {
    // One per-store definition, two stores: their names (or ids) coincide.
    const Store& sa = acc_.stores[a->store];
    const Store& sb = acc_.stores[b->store];
    return diagnostic_at(rs_.groups[b->def].where,
                         fmt::format("expected unique group names, found {} rendered by group '{}' for both store {} and store {} "
                                     "(both stores are named {}; give them distinct names in the stores file or use {{store.id}})",
                                     quote(name), rs_.groups[a->def].id, sa.id, sb.id, quote(sa.name)),
                         rs_.groups[b->def].where_line);
  }
  auto who = [&](const Instance& x) {
    std::string w = fmt::format("group '{}'", rs_.groups[x.def].id);
    if (x.store != kNoStore) w += fmt::format(" for store {}", acc_.stores[x.store].id);
    return w;
  };
  Diagnostic d = diagnostic_at(rs_.groups[b->def].where,
                               fmt::format("expected unique group names, found {} rendered by {} and by {}", quote(name), who(*a), who(*b)),
                               rs_.groups[b->def].where_line);
  d.note = fmt::format("{} is defined at {}", rs_.groups[a->def].id, rs_.groups[a->def].where.str());
  return d;
}

// Phase 2, naming: one group per rule group instance, in instance order. Throws
// one InputError for every name that clashes or reads as Account Administrators.
std::vector<Group> RuleEngine::name_rule_groups() {
  std::vector<Group> groups;
  DiagnosticSink sink;
  for (size_t i = 0; i < instances_.size(); ++i) {
    Group g = rule_group(instances_[i]);
    const GroupDef& def = rs_.groups[instances_[i].def];
    // A name rendered from placeholders may still read as Account Administrators.
    if (!def.builtin_admins && is_admins_lookalike(cat_, g.name)) {
      sink.add(diagnostic_at(def.where, admins_lookalike_message(cat_, g.name), def.where_line));
    }
    auto [it, fresh] = name_owner_.emplace(g.name, i);
    if (!fresh) sink.add(name_clash(it->second, i, g.name));
    groups.push_back(std::move(g));
  }
  sink.throw_if_any();
  return groups;
}

// A derived group's name: the rule's group_name (or the default) rendered from
// its first member, then the first free " (n)" suffix.
std::string RuleEngine::derived_name(const DerivedPending& pending, const Store& store) {
  const Assignment& first = acc_.assignments[pending.first_assignment];
  const Rule& rule = rs_.rules[pending.rule];
  std::string role = first.role ? cat_.roles[*first.role].name : "";
  std::string tmpl = rule.group_name ? *rule.group_name : (first.role ? "{store.name} {role}" : "{store.name} access");
  std::string base = render_template(tmpl, &store, first.role ? std::string_view(role) : std::string_view("no role"));
  if (is_admins_lookalike(cat_, base)) throw InputError(diagnostic_at(rule.where, admins_lookalike_message(cat_, base), rule.where_line));
  std::string name = base;
  for (int n = 2; name_owner_.count(name); ++n) name = fmt::format("{} ({})", base, n);
  name_owner_.emplace(name, SIZE_MAX);
  return name;
}

// Phase 3, derived groups: one per (store, residual) that some policy covers,
// in (store id, sorted residual) order, appended to `groups`; their members to raw_.
void RuleEngine::add_derived_groups(std::vector<Group>& groups) {
  std::vector<uint32_t> order(derived_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return derived_[a].key < derived_[b].key; });
  constexpr uint32_t kNoGroup = UINT32_MAX;
  std::vector<uint32_t> derived_group(derived_.size(), kNoGroup);
  std::map<StoreIdx, size_t> per_store_count;
  for (uint32_t i : order) {
    const auto& [key, pending] = derived_[i];
    Group g;
    g.derived = true;
    g.grants = derived_grants(key.residual, key.store);
    if (g.grants.empty()) continue;  // would grant nothing: not created
    const Store& store = acc_.stores[key.store];
    g.name = derived_name(pending, store);
    g.description = fmt::format("Derived by rule '{}': permissions of {} not covered by other groups", rs_.rules[pending.rule].name, store.name);
    g.key = fmt::format("derived@{}#{}", store.id, ++per_store_count[key.store]);
    derived_group[i] = static_cast<uint32_t>(groups.size());
    groups.push_back(std::move(g));
  }
  for (const auto& dm : derived_members_) {
    const uint32_t g = derived_group[dm.derived];
    if (g == kNoGroup) continue;
    raw_.push_back(RawMembership{acc_.assignments[dm.assignment].user, g, static_cast<uint32_t>(dm.rule)});
  }
}

// Phase 4, ordering: moves `groups` into m.groups, Account Administrators
// first, then by name. Returns each group's new index by its old one.
std::vector<uint32_t> order_groups(std::vector<Group>& groups, Mapping& m) {
  std::vector<uint32_t> order(groups.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return group_order_less(groups[a], groups[b]); });
  std::vector<uint32_t> new_index(groups.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    new_index[order[i]] = i;
    m.groups.push_back(std::move(groups[order[i]]));
  }
  return new_index;
}

// Phase 5, memberships: raw_ sorted by (user, group, rule) and merged into one
// membership per (user, group) that lists each rule once.
void RuleEngine::add_memberships(const std::vector<uint32_t>& new_index, Mapping& m) {
  std::sort(raw_.begin(), raw_.end(), [&](const RawMembership& a, const RawMembership& b) {
    uint32_t ga = new_index[a.group], gb = new_index[b.group];
    return a.user != b.user ? a.user < b.user : ga != gb ? ga < gb : a.rule < b.rule;
  });
  for (const auto& r : raw_) {
    uint32_t g = new_index[r.group];
    if (!m.memberships.empty() && m.memberships.back().user == r.user && m.memberships.back().group == g) {
      auto& rules = m.memberships.back().rules;
      if (rules.back() != r.rule) rules.push_back(r.rule);
      continue;
    }
    m.memberships.push_back(Membership{r.user, g, {r.rule}});
  }
}

// Each group's members (in user order) and the names of the rules that put them there (in rule order).
void RuleEngine::list_members_and_rules(Mapping& m) const {
  std::vector<std::vector<bool>> group_rules(m.groups.size(), std::vector<bool>(rs_.rules.size(), false));
  for (const auto& ms : m.memberships) {
    m.groups[ms.group].members.push_back(ms.user);
    for (uint32_t r : ms.rules) group_rules[ms.group][r] = true;
  }
  for (size_t g = 0; g < m.groups.size(); ++g) {
    for (size_t r = 0; r < rs_.rules.size(); ++r)
      if (group_rules[g][r]) m.groups[g].rules.push_back(rs_.rules[r].name);
  }
}

Mapping RuleEngine::run() {
  instance_of(0, kNoStore);  // Account Administrators is always listed
  decide_all();
  // Group names: rule groups first (clashes are errors), then derived
  // groups take the next free " (n)" suffix in (store id, sorted residual) order.
  std::vector<Group> groups = name_rule_groups();
  add_derived_groups(groups);
  Mapping m;
  std::vector<uint32_t> new_index = order_groups(groups, m);
  for (const auto& r : rs_.rules) m.rule_names.push_back(r.name);
  add_memberships(new_index, m);
  list_members_and_rules(m);
  m.index(acc_.users.size());
  return m;
}

// The instance of group definition `def` for `store` (kNoStore: an account
// group), made on first use with its grants and what they grant per target.
uint32_t RuleEngine::instance_of(size_t def, uint32_t store) {
  uint64_t key = (uint64_t{static_cast<uint32_t>(def)} << 32) | store;
  auto [it, fresh] = instance_index_.emplace(key, static_cast<uint32_t>(instances_.size()));
  if (!fresh) return it->second;
  Instance inst{def, store, {}, {}};
  const GroupDef& gd = rs_.groups[def];
  if (gd.builtin_admins) {
    inst.grants.push_back(Grant{std::nullopt, Target::account()});
    for_each_granted(cat_, acc_.stores.size(), inst.grants.back(), [&](Target t, const PermSet& perms) { inst.access.emplace_back(t, perms); });
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

}  // namespace

Mapping apply_rules(const Catalog& catalog, const Account& account, const RuleSet& rules) { return RuleEngine(catalog, account, rules).run(); }

AssignmentTrace trace_assignment(const Catalog& catalog, const Account& account, const RuleSet& rules, size_t assignment) {
  return RuleEngine(catalog, account, rules).trace(assignment);
}

void trace_assignments(const Catalog& catalog, const Account& account, const RuleSet& rules,
                       const std::function<void(size_t, const AssignmentTrace&)>& visit) {
  RuleEngine engine(catalog, account, rules);
  for (size_t ai = 0; ai < account.assignments.size(); ++ai) visit(ai, engine.trace(ai, RuleEngine::WithCover::no));
}

}  // namespace rolemig
