#include "io/plan_json_reader.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "model/account_builder.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

PlanJsonReader::PlanJsonReader(std::string_view text, std::string file) : parser_(text, std::move(file)), root_(parser_.parse_single()) {
  const JsonValue* groups = root_.is_object() ? root_.find("groups") : nullptr;
  if (!groups || !groups->is_array()) {
    throw InputError(parser_.at(groups ? *groups : root_,
                                fmt::format("expected a plan.json with a 'groups' list, found {}", groups ? groups->kind_name() : "none")));
  }
}

const JsonValue& PlanJsonReader::groups_list() const { return *root_.find("groups"); }

RecordedInputs PlanJsonReader::recorded_inputs() const {
  auto warning_at = [&](const JsonValue& v) {
    Diagnostic d = parser_.at(v, "");
    d.severity = Severity::warning;
    return d;
  };
  RecordedInputs out;
  const JsonValue* list = root_.find("inputs");
  out.listed = list && list->is_array();
  out.at = warning_at(out.listed ? *list : root_);
  if (!out.listed) return out;
  for (const auto& entry : list->items) {
    const JsonValue* kind = entry.is_object() ? entry.find("kind") : nullptr;
    const JsonValue* path = entry.is_object() ? entry.find("path") : nullptr;
    const JsonValue* sha256 = entry.is_object() ? entry.find("sha256") : nullptr;
    if (!kind || !path || !sha256 || !kind->is_string() || !path->is_string() || !sha256->is_string()) continue;
    out.inputs.push_back({kind->text, path->text, sha256->text, warning_at(*path)});
  }
  return out;
}

std::vector<std::string> PlanJsonReader::members() const {
  DiagnosticSink sink;
  auto bad = [&](const JsonValue& v, std::string msg) { sink.add(parser_.at(v, std::move(msg))); };
  std::vector<std::string> emails;
  for (const auto& g : groups_list().items) {
    const JsonValue* members = g.is_object() ? g.find("members") : nullptr;
    if (!members || !members->is_array()) continue;
    for (const auto& m : members->items) {
      if (!m.is_string()) continue;
      if (auto problem = email_problem(m.text))
        bad(m, fmt::format("expected an email address, found {} ({})", quote(m.text), *problem));
      else
        emails.push_back(m.text);
    }
  }
  sink.throw_if_any();  // groups() looks every member up
  return emails;
}

Mapping PlanJsonReader::groups(const Catalog& cat, const Account& acc) const {
  DiagnosticSink sink;
  auto bad = [&](const JsonValue& v, std::string msg) { sink.add(parser_.at(v, std::move(msg))); };
  Mapping map;
  struct Raw {
    UserIdx user;
    uint32_t group;
  };
  std::vector<Raw> raw;
  std::set<std::string> names;
  for (const auto& g : groups_list().items) {
    if (!g.is_object()) {
      bad(g, fmt::format("expected a group object, found {}", g.kind_name()));
      continue;
    }
    auto str = [&](const char* key, bool required) -> std::string {
      const JsonValue* v = g.find(key);
      if (!v) {
        if (required) bad(g, fmt::format("expected a group to have '{}', found none", key));
        return "";
      }
      if (!v->is_string()) {
        bad(*v, fmt::format("expected '{}' to be a string, found {}", key, v->kind_name()));
        return "";
      }
      return v->text;
    };
    Group grp;
    grp.name = str("name", true);
    grp.key = str("key", false);
    grp.description = str("description", false);
    grp.action = str("action", false) == "exists" ? GroupAction::exists : GroupAction::create;
    grp.is_admins = grp.name == cat.admins.name;
    // A live group whose grants the audit did not show stays unverifiable.
    // plan.json states it for every live group but Account Administrators;
    // where the flag is gone, the group is not proven (fail closed).
    if (const JsonValue* known = g.find("grants_known")) {
      if (known->kind != JsonValue::Kind::boolean)
        bad(*known, fmt::format("expected 'grants_known' to be true or false, found {}", known->kind_name()));
      else
        grp.grants_known = known->boolean || grp.is_admins;
    } else if (grp.action == GroupAction::exists && !grp.is_admins) {
      grp.grants_known = false;
    }
    if (!names.insert(grp.name).second) bad(g, fmt::format("expected unique group names, found {} again", quote(grp.name)));
    if (const JsonValue* grants = g.find("grants"); grants && grants->is_array()) {
      for (const auto& gr : grants->items) {
        const JsonValue* pol = gr.is_object() ? gr.find("policy") : nullptr;
        const JsonValue* tgt = gr.is_object() ? gr.find("target") : nullptr;
        if (!pol || !pol->is_string() || !tgt || !tgt->is_string()) {
          bad(gr, "expected a grant {\"policy\": string, \"target\": string}, found something else");
          continue;
        }
        Grant grant;
        if (pol->text == cat.admins.name && !grp.is_admins) {
          // Its members would hold account-admin access outside the checks.
          bad(*pol, fmt::format("expected the {} grant only on the {} group, found it on {}", quote(cat.admins.name), quote(cat.admins.name),
                                quote(grp.name)));
          continue;
        }
        if (pol->text != cat.admins.name) {
          auto p = cat.find_policy(pol->text);
          if (!p) {
            bad(*pol,
                fmt::format("expected a policy defined in policies.yaml, found {}{}", quote(pol->text), did_you_mean(pol->text, cat.policy_names())));
            continue;
          }
          grant.policy = *p;
        }
        if (auto t = acc.find_target(tgt->text)) {
          grant.target = *t;
        } else {
          bad(*tgt, fmt::format("expected 'account' or 'store:<id>' of a store in the inputs, found {}", quote(tgt->text)));
          continue;
        }
        Scope want = grant.target.is_account() ? Scope::account : Scope::store;
        if (grant.policy && cat.policies[*grant.policy].target != want) {
          bad(*tgt, fmt::format("expected a {} target for policy {}, found {}", scope_name(cat.policies[*grant.policy].target), quote(pol->text),
                                quote(tgt->text)));
          continue;
        }
        grp.grants.push_back(grant);
      }
    } else {
      bad(g, "expected a group to have a 'grants' list, found none");
    }
    if (const JsonValue* rules = g.find("rules"); rules && rules->is_array()) {
      for (const auto& r : rules->items)
        if (r.is_string()) grp.rules.push_back(r.text);
    }
    uint32_t gi = static_cast<uint32_t>(map.groups.size());
    if (const JsonValue* members = g.find("members"); members && members->is_array()) {
      for (const auto& m : members->items) {
        if (!m.is_string()) {
          bad(m, fmt::format("expected a member email string, found {}", m.kind_name()));
          continue;
        }
        raw.push_back({*acc.find_user(m.text), gi});
      }
    } else {
      bad(g, "expected a group to have a 'members' list, found none");
    }
    map.groups.push_back(std::move(grp));
  }
  sink.throw_if_any();
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) { return a.user != b.user ? a.user < b.user : a.group < b.group; });
  raw.erase(std::unique(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) { return a.user == b.user && a.group == b.group; }), raw.end());
  for (const auto& r : raw) {
    map.groups[r.group].members.push_back(r.user);
    map.memberships.push_back(Membership{r.user, r.group, {}});
  }
  map.index(acc.users.size());
  return map;
}

std::set<std::string> PlanJsonReader::store_ids() const {
  std::set<std::string> store_ids;
  for (const auto& g : groups_list().items) {
    const JsonValue* grants = g.is_object() ? g.find("grants") : nullptr;
    if (!grants || !grants->is_array()) continue;
    for (const auto& gr : grants->items) {
      const JsonValue* t = gr.is_object() ? gr.find("target") : nullptr;
      if (!t || !t->is_string()) continue;
      if (auto name = parse_target_name(t->text); name && name->store_id) store_ids.emplace(*name->store_id);
    }
  }
  // Stores the users hold assignments on count too: Account Administrators
  // may grant store permissions everywhere.
  if (const JsonValue* ver = root_.find("verification"); ver && ver->is_object()) {
    if (const JsonValue* users = ver->find("users"); users && users->is_array()) {
      for (const auto& u : users->items) {
        const JsonValue* as = u.is_object() ? u.find("assignments") : nullptr;
        if (!as || !as->is_array()) continue;
        for (const auto& a : as->items) {
          const JsonValue* st = a.is_object() ? a.find("store") : nullptr;
          if (st && st->is_string()) store_ids.insert(st->text);
        }
      }
    }
  }
  return store_ids;
}

AccessSnapshot read_plan_access(const std::string& path, const Catalog& cat) {
  // A throwaway account: the stores the plan names and its members, with no
  // legacy access; then the group reader.
  std::string text = read_file(path, kExportLimit);
  PlanJsonReader plan(text, path);
  AccountBuilder builder(cat);
  for (const auto& id : plan.store_ids()) builder.touch_store(id);
  for (const auto& email : plan.members()) builder.touch_user(email);
  Account acc = builder.finish();
  Mapping m = plan.groups(cat, acc);
  AccessSnapshot snap;
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    auto& rows = snap[acc.users[u].email];
    auto [b, e] = m.memberships_of(u);
    for (size_t i = b; i < e; ++i) {
      for (const Grant& g : m.groups[m.memberships[i].group].grants) {
        for_each_granted(cat, acc.stores.size(), g, [&](Target t, const PermSet& perms) {
          perms.for_each([&](PermId p) { rows.emplace(acc.target_name(t), cat.permissions[p].id); });
        });
      }
    }
  }
  return snap;
}

}  // namespace rolemig
