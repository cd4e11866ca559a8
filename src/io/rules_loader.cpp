#include "io/rules_loader.h"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

#include "io/catalog_loader.h"
#include "io/yaml_doc.h"
#include "util/text.h"

namespace rolemig {

namespace {

const std::vector<std::string> kStorePlaceholders = {"store.id", "store.name", "store.region"};
// SPEC 2.5 lists no {store.region} for a derived group's name.
const std::vector<std::string> kDerivePlaceholders = {"store.id", "store.name", "role"};

bool valid_group_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

class RulesLoader {
 public:
  RulesLoader(const Catalog& cat, const YamlDoc& doc) : cat_(cat), doc_(doc) {}

  RuleSet load() {
    RuleSet rs;
    rs.file = doc_.file();
    GroupDef admins;
    admins.id = std::string(kAdminsGroupId);
    admins.name = cat_.admins.name;
    admins.scope = GroupScope::account;
    admins.builtin_admins = true;
    admins.where = SourceLoc{"(built in)", 0, 0};
    rs.groups.push_back(admins);
    group_index_.emplace(admins.id, 0);

    const auto& root = doc_.root();
    if (!doc_.expect_map(root, "a rules file", sink_)) sink_.throw_if_any();
    doc_.check_keys(root, {"version", "groups", "rules", "waivers"}, "a rules file", sink_);
    if (!doc_.require(root, "version", "a rules file", sink_)) sink_.throw_if_any();
    if (auto v = doc_.scalar(root["version"], "'version'", sink_); v && *v != "1") {
      sink_.add(doc_.at(root["version"], fmt::format("expected version 1, found {}", quote(*v))));
    }
    if (root["groups"] && doc_.expect_seq(root["groups"], "'groups'", sink_)) {
      for (const auto& g : root["groups"]) load_group(rs, g);
    }
    if (root["rules"] && doc_.expect_seq(root["rules"], "'rules'", sink_)) {
      std::unordered_map<std::string, SourceLoc> names;
      for (const auto& r : root["rules"]) load_rule(rs, r, names);
    }
    if (root["waivers"] && !root["waivers"].IsNull() && doc_.expect_seq(root["waivers"], "'waivers'", sink_)) {
      for (const auto& w : root["waivers"]) load_waiver(rs, w);
    }
    sink_.throw_if_any();
    return rs;
  }

 private:
  // Reports the first unknown placeholder; returns false if there was one.
  // No placeholder is allowed only in an account group's texts.
  bool check_template(const YAML::Node& n, const std::string& tmpl, const std::vector<std::string>& allowed) {
    auto bad = unknown_placeholder_at(tmpl, allowed);
    if (!bad) return true;
    if (allowed.empty()) {
      sink_.add(doc_.at(n, fmt::format("expected no placeholders in an account group (it has no store), found {}", bad->shown())));
    } else {
      sink_.add(doc_.at(n, fmt::format("expected placeholders {}, found {}{}", "{" + join(allowed, "} {") + "}", bad->shown(),
                                       did_you_mean(std::string(bad->name), allowed))));
    }
    return false;
  }

  // A derive rule's group_name: reported at the placeholder itself.
  void check_derive_name(const YAML::Node& n, const std::string& tmpl) {
    auto bad = unknown_placeholder_at(tmpl, kDerivePlaceholders);
    if (!bad) return;
    sink_.add(doc_.at_offset(n, bad->offset,
                             fmt::format("expected placeholders {}, found {}{}", "{" + join(kDerivePlaceholders, "} {") + "}", bad->shown(),
                                         did_you_mean(std::string(bad->name), kDerivePlaceholders))));
  }

  // An unclosed '[' would leave a glob matching nothing, silently.
  void check_glob(const YAML::Node& n, const std::string& glob) {
    size_t open = glob_unclosed_at(glob);
    if (open == std::string::npos) return;
    sink_.add(doc_.at_offset(n, open, fmt::format("expected a glob whose '[' is closed by ']', found {}", quote(glob))));
  }

  void load_group(RuleSet& rs, const YAML::Node& g) {
    if (!doc_.expect_map(g, "a group", sink_)) return;
    doc_.check_keys(g, {"id", "name", "description", "scope", "grants"}, "a group", sink_);
    if (!doc_.require(g, "id", "a group", sink_) || !doc_.require(g, "name", "a group", sink_) || !doc_.require(g, "scope", "a group", sink_)) {
      return;
    }
    GroupDef def;
    auto id = doc_.scalar(g["id"], "'id'", sink_);
    auto name = doc_.scalar(g["name"], "'name'", sink_);
    auto scope = doc_.scalar(g["scope"], "'scope'", sink_);
    if (!id || !name || !scope) return;
    def.id = *id;
    def.name = *name;
    def.where = doc_.loc(g["id"]);
    def.where_line = doc_.excerpt(g["id"]);
    if (g["description"]) def.description = doc_.scalar(g["description"], "'description'", sink_).value_or("");
    if (!valid_group_id(def.id)) {
      sink_.add(doc_.at(g["id"], fmt::format("expected a group id of [a-z0-9-]+, found {}", quote(def.id))));
    }
    if (*scope == "per-store") {
      def.scope = GroupScope::per_store;
    } else if (*scope == "account") {
      def.scope = GroupScope::account;
    } else {
      sink_.add(doc_.at(g["scope"], fmt::format("expected scope 'per-store' or 'account', found {}{}", quote(*scope),
                                                did_you_mean(*scope, {"per-store", "account"}))));
      return;
    }
    const auto& allowed = def.scope == GroupScope::per_store ? kStorePlaceholders : std::vector<std::string>{};
    bool name_ok = check_template(g["name"], def.name, allowed);
    if (g["description"]) check_template(g["description"], def.description, allowed);
    // A name with a bad placeholder is reported once, not again for lacking the store.
    if (name_ok && def.scope == GroupScope::per_store && def.name.find("{store.id}") == std::string::npos &&
        def.name.find("{store.name}") == std::string::npos) {
      sink_.add(doc_.at(g["name"], fmt::format("expected a per-store group name using {{store.id}} or {{store.name}}, found {}", quote(def.name))));
    }
    // A look-alike of Account Administrators would pass for it (SPEC 2.5, 5).
    if (is_admins_lookalike(cat_, def.name)) {
      sink_.add(doc_.at(g["name"], admins_lookalike_message(cat_, def.name)));
    }
    if (g["grants"] && doc_.expect_seq(g["grants"], "'grants'", sink_)) {
      for (const auto& gr : g["grants"]) load_grant(def, gr);
    }
    if (auto it = group_index_.find(def.id); it != group_index_.end()) {
      Diagnostic d = doc_.at(g["id"], fmt::format("expected a unique group id, found {} again", quote(def.id)));
      d.note = it->second == 0 ? "it is built in" : "first given at " + rs.groups[it->second].where.str();
      sink_.add(d);
      return;
    }
    group_index_.emplace(def.id, rs.groups.size());
    rs.groups.push_back(std::move(def));
  }

  void load_grant(GroupDef& def, const YAML::Node& gr) {
    if (!doc_.expect_map(gr, "a grant", sink_)) return;
    doc_.check_keys(gr, {"policy", "target"}, "a grant", sink_);
    if (!doc_.require(gr, "policy", "a grant", sink_) || !doc_.require(gr, "target", "a grant", sink_)) return;
    auto policy = doc_.scalar(gr["policy"], "'policy'", sink_);
    auto target = doc_.scalar(gr["target"], "'target'", sink_);
    if (!policy || !target) return;
    GrantDef grant;
    grant.where = doc_.loc(gr);
    auto p = cat_.find_policy(*policy);
    if (!p) {
      sink_.add(doc_.at(gr["policy"], fmt::format("expected a policy defined in policies.yaml, found {}{}", quote(*policy),
                                                  did_you_mean(*policy, cat_.policy_names()))));
      return;
    }
    grant.policy = *p;
    if (*target == "store") {
      grant.kind = GrantDef::Kind::store;
      if (def.scope == GroupScope::account) {
        sink_.add(
            doc_.at(gr["target"],
                    "expected target 'account' or 'store:<id>' in an account group, found 'store' (only a per-store group has a store of its own)"));
        return;
      }
    } else if (auto name = parse_target_name(*target)) {
      grant.kind = name->store_id ? GrantDef::Kind::fixed_store : GrantDef::Kind::account;
      if (name->store_id) grant.store_id = std::string(*name->store_id);
    } else {
      sink_.add(doc_.at(gr["target"], fmt::format("expected target 'store', 'account' or 'store:<id>', found {}", quote(*target))));
      return;
    }
    Scope kind = grant.kind == GrantDef::Kind::account ? Scope::account : Scope::store;
    if (cat_.policies[grant.policy].target != kind) {
      sink_.add(doc_.at(gr["target"], fmt::format("expected {} target for policy {} (its target is {}), found {}",
                                                  cat_.policies[grant.policy].target == Scope::account ? "an account" : "a store", quote(*policy),
                                                  scope_name(cat_.policies[grant.policy].target), quote(*target))));
      return;
    }
    def.grants.push_back(std::move(grant));
  }

  std::optional<RoleMatch> load_role_match(const YAML::Node& n) {
    RoleMatch rm;
    for (const auto& [name, node] : doc_.scalar_list(n, "'role'", YamlDoc::OneName::allowed, sink_)) {
      if (name == "*")
        rm.any = true;
      else if (name == "custom:*")
        rm.custom = true;
      else if (name == "standard:*")
        rm.standard = true;
      else if (auto r = cat_.find_role(name))
        rm.roles.push_back(*r);
      else {
        std::vector<std::string> names = cat_.role_names();
        names.insert(names.end(), {"*", "custom:*", "standard:*"});
        sink_.add(doc_.at(node, fmt::format("expected a standard or custom role, found {}{}", quote(name), did_you_mean(name, names))));
      }
    }
    return rm;
  }

  std::vector<Status> load_statuses(const YAML::Node& n) {
    std::vector<Status> out;
    for (const auto& [s, node] : doc_.scalar_list(n, "'status'", YamlDoc::OneName::allowed, sink_)) {
      auto st = parse_status(s);
      if (st && !trim(s).empty())
        out.push_back(*st);
      else
        sink_.add(doc_.at(node, fmt::format("expected a status (active, invited, suspended), found {}{}", quote(s),
                                            did_you_mean(s, {"active", "invited", "suspended"}))));
    }
    return out;
  }

  Match load_match(const YAML::Node& m) {
    Match match;
    if (m.IsNull()) return match;
    if (!doc_.expect_map(m, "'match'", sink_)) return match;
    doc_.check_keys(m, {"role", "store", "email", "status", "has_permissions", "unmatched"}, "a rule's match", sink_);
    if (m["role"]) match.role = load_role_match(m["role"]);
    if (m["store"]) {
      for (auto& [s, node] : doc_.scalar_list(m["store"], "'store'", YamlDoc::OneName::allowed, sink_)) {
        check_glob(node, s);
        match.stores.push_back(s);
      }
    }
    if (m["email"]) {
      match.email = doc_.scalar(m["email"], "'email'", sink_);
      if (match.email) check_glob(m["email"], *match.email);
    }
    if (m["status"]) match.statuses = load_statuses(m["status"]);
    if (m["has_permissions"]) match.has_permissions = doc_.permission_list(cat_, m["has_permissions"], "'has_permissions'", sink_);
    if (m["unmatched"]) match.unmatched = doc_.boolean(m["unmatched"], "'unmatched'", sink_).value_or(false);
    return match;
  }

  void load_rule(RuleSet& rs, const YAML::Node& r, std::unordered_map<std::string, SourceLoc>& names) {
    if (!doc_.expect_map(r, "a rule", sink_)) return;
    doc_.check_keys(r, {"name", "match", "groups", "derive", "group_name", "final"}, "a rule", sink_);
    if (!doc_.require(r, "name", "a rule", sink_)) return;
    Rule rule;
    auto name = doc_.scalar(r["name"], "'name'", sink_);
    if (!name) return;
    rule.name = *name;
    rule.where = doc_.loc(r["name"]);
    rule.where_line = doc_.excerpt(r["name"]);
    if (auto it = names.find(rule.name); it != names.end()) {
      Diagnostic d = doc_.at(r["name"], fmt::format("expected a unique rule name, found {} again", quote(rule.name)));
      d.note = "first given at " + it->second.str();
      sink_.add(d);
    }
    names.emplace(rule.name, rule.where);
    if (r["match"]) rule.match = load_match(r["match"]);
    if (r["groups"]) {
      std::vector<std::string> ids;
      for (const auto& g : rs.groups) ids.push_back(g.id);
      for (const auto& [gid, node] : doc_.scalar_list(r["groups"], "'groups'", YamlDoc::OneName::refused, sink_)) {
        auto it = group_index_.find(gid);
        if (it == group_index_.end()) {
          sink_.add(doc_.at(node, fmt::format("expected a group id defined under 'groups' (or account-administrators), found {}{}", quote(gid),
                                              did_you_mean(gid, ids))));
        } else {
          rule.groups.push_back(it->second);
        }
      }
    }
    // An invalid 'derive' is reported once, not again as a missing one.
    std::optional<bool> derive = r["derive"] ? doc_.boolean(r["derive"], "'derive'", sink_) : std::optional<bool>(false);
    rule.derive = derive.value_or(false);
    if (r["final"]) rule.final = doc_.boolean(r["final"], "'final'", sink_).value_or(false);
    if (r["group_name"]) {
      rule.group_name = doc_.scalar(r["group_name"], "'group_name'", sink_);
      if (!rule.derive && derive) {
        sink_.add(doc_.at(r["group_name"], "expected 'group_name' only on a rule with 'derive: true', found it without"));
      } else if (rule.group_name) {
        check_derive_name(r["group_name"], *rule.group_name);
      }
    }
    if (derive && !rule.derive && !r["groups"]) {
      sink_.add(doc_.at(r, fmt::format("expected rule {} to have 'groups' or 'derive: true', found neither", quote(rule.name))));
    } else if (derive && !rule.derive && r["groups"].IsSequence() && r["groups"].size() == 0) {
      // A rule that contributes nothing is almost always a mistake.
      sink_.add(doc_.at(r["groups"],
                        fmt::format("expected rule {} to list at least one group (or 'derive: true'), found an empty list", quote(rule.name))));
    }
    rs.rules.push_back(std::move(rule));
  }

  void load_waiver(RuleSet& rs, const YAML::Node& w) {
    if (!doc_.expect_map(w, "a waiver", sink_)) return;
    doc_.check_keys(w, {"match", "permissions", "change", "reason"}, "a waiver", sink_);
    Waiver waiver;
    waiver.where = doc_.loc(w);
    if (!doc_.require(w, "reason", "a waiver", sink_)) return;
    waiver.reason = doc_.scalar(w["reason"], "'reason'", sink_).value_or("");
    if (trim(waiver.reason).empty()) sink_.add(doc_.at(w["reason"], "expected a waiver reason, found an empty one"));
    if (const auto m = w["match"]; m && !m.IsNull() && doc_.expect_map(m, "a waiver's match", sink_)) {
      doc_.check_keys(m, {"email", "status", "store", "role"}, "a waiver's match", sink_);
      if (m["email"]) {
        waiver.email = doc_.scalar(m["email"], "'email'", sink_);
        if (waiver.email) check_glob(m["email"], *waiver.email);
      }
      if (m["status"]) waiver.statuses = load_statuses(m["status"]);
      if (m["store"]) {
        for (auto& [s, node] : doc_.scalar_list(m["store"], "'store'", YamlDoc::OneName::allowed, sink_)) {
          check_glob(node, s);
          waiver.stores.push_back(s);
        }
      }
      if (m["role"]) {
        for (const auto& [name, node] : doc_.scalar_list(m["role"], "'role'", YamlDoc::OneName::allowed, sink_)) {
          if (auto r = cat_.find_role(name))
            waiver.roles.push_back(*r);
          else
            sink_.add(
                doc_.at(node, fmt::format("expected a standard or custom role, found {}{}", quote(name), did_you_mean(name, cat_.role_names()))));
        }
      }
    }
    if (w["permissions"]) waiver.permissions = doc_.permission_list(cat_, w["permissions"], "'permissions'", sink_);
    // Required: a waiver written with losses in mind must not silently hide
    // gains (or the reverse).
    if (doc_.require(w, "change", "a waiver", sink_)) {
      auto c = doc_.scalar(w["change"], "'change'", sink_).value_or("");
      if (c == "loss")
        waiver.change = Change::loss;
      else if (c == "gain")
        waiver.change = Change::gain;
      else if (c == "any")
        waiver.change = Change::any;
      else
        sink_.add(doc_.at(w["change"],
                          fmt::format("expected change 'loss', 'gain' or 'any', found {}{}", quote(c), did_you_mean(c, {"loss", "gain", "any"}))));
    }
    rs.waivers.push_back(std::move(waiver));
  }

  const Catalog& cat_;
  const YamlDoc& doc_;
  DiagnosticSink sink_;
  std::unordered_map<std::string, size_t> group_index_;
};

}  // namespace

std::optional<Placeholder> unknown_placeholder_at(std::string_view tmpl, const std::vector<std::string>& allowed) {
  std::optional<Placeholder> bad;
  scan_template(
      tmpl, [](std::string_view) {},
      [&](const Placeholder& p) {
        if (!bad && (!p.closed || std::find(allowed.begin(), allowed.end(), p.name) == allowed.end())) bad = p;
      });
  return bad;
}

std::optional<std::string> unknown_placeholder(std::string_view tmpl, const std::vector<std::string>& allowed) {
  auto bad = unknown_placeholder_at(tmpl, allowed);
  return bad ? std::optional<std::string>(bad->name) : std::nullopt;
}

RuleSet load_rules(const Catalog& catalog, const std::string& text, const std::string& file) {
  YamlDoc doc(text, shown_catalog_path(file));
  return RulesLoader(catalog, doc).load();
}

}  // namespace rolemig
