#include "render/plan_json_writer.h"

#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "render/plan_view.h"

namespace rolemig {

using json = nlohmann::ordered_json;

namespace {

json summary_json(const Summary& s) {
  json out = json::object();
  for (const SummaryField& f : summary_fields()) out[std::string(f.key)] = s.*f.count;
  return out;
}

json emails(const Account& acc, const std::vector<UserIdx>& users) {
  json out = json::array();
  for (UserIdx u : users) out.push_back(acc.users[u].email);
  return out;
}

json difference_json(const Plan& p, const Difference& d, bool gain) {
  const Account& acc = p.account;
  json j{{"target", acc.target_name(d.target)}, {"permission", p.catalog.permissions[d.perm].id}};
  if (d.waiver) {
    j["waived_by"] = p.rules.waivers[*d.waiver].where.file_line();
    j["waiver_reason"] = p.rules.waivers[*d.waiver].reason;
  }
  if (gain) {
    json by = json::array();
    for (const auto& g : d.granted_by) {
      const std::string& policy = policy_name(p.catalog, g.policy);
      for (uint32_t r : g.rules) {
        by.push_back(json{{"rule", p.mapping.rule_names[r]}, {"group", p.mapping.groups[g.group].name}, {"policy", policy}});
      }
    }
    j["granted_by"] = by;
  } else {
    json from = json::array();
    for (const auto& s : d.from) {
      const Assignment& a = acc.assignments[s.assignment];
      json e{{"where", s.where.file_line()}, {"store", acc.stores[a.store].id}};
      if (s.via_role) {
        e["via"] = "role";
        e["role"] = p.catalog.roles[*a.role].name;
        if (a.role_inferred) e["role_inferred"] = true;
      } else {
        e["via"] = "checkbox";
      }
      from.push_back(e);
    }
    j["from"] = from;
  }
  return j;
}

json admins_json(const Plan& p) {
  const Account& acc = p.account;
  const AdminCheck& a = p.admins;
  json required = json::array();
  for (const auto& r : a.required) required.push_back(json{{"email", acc.users[r.user].email}, {"reason", r.reason}});
  json over = json::array();
  for (const auto& r : a.over_granted) over.push_back(json{{"email", acc.users[r.user].email}, {"reason", r.reason}});
  auto groups = [](const std::vector<AdminImpostor>& list) {
    json out = json::array();
    for (const auto& i : list) out.push_back(json{{"group", i.group}, {"reason", i.reason}});
    return out;
  };
  return json{{"group", a.group},
              {"required", required},
              {"planned", emails(acc, a.planned)},
              {"missing", emails(acc, a.missing)},
              {"unexpected", emails(acc, a.unexpected)},
              {"removed", emails(acc, a.removed)},
              {"over_granted", over},
              {"impostors", groups(a.impostors)},
              {"unverified_groups", groups(a.unverified_groups)},
              {"active_members", a.active_members},
              {"status", a.pass ? "pass" : "fail"}};
}

}  // namespace

json user_verification_json(const Plan& p, const UserVerdict& v) {
  const Account& acc = p.account;
  json gained = json::array(), lost = json::array();
  for (const auto& d : v.gained) gained.push_back(difference_json(p, d, true));
  for (const auto& d : v.lost) lost.push_back(difference_json(p, d, false));
  json assignments = json::array();
  auto [b, e] = acc.assignments_of(v.user);
  for (size_t i = b; i < e; ++i) {
    const Assignment& a = acc.assignments[i];
    json aj{{"store", acc.stores[a.store].id}};
    aj["role"] = a.role ? json(p.catalog.roles[*a.role].name) : json(nullptr);
    if (a.role_inferred) aj["role_inferred"] = true;
    aj["extra_permissions"] = p.catalog.names(a.extras);
    aj["user_status"] = std::string(status_name(a.status));
    aj["where"] = a.where.file_line();
    assignments.push_back(aj);
  }
  json uj{{"email", acc.users[v.user].email}, {"status", std::string(user_status_name(v.status))}};
  if (!v.unknown_grants.empty()) {
    json groups_unknown = json::array();
    for (uint32_t g : v.unknown_grants) groups_unknown.push_back(p.mapping.groups[g].name);
    uj["unverified_by"] = groups_unknown;
  }
  uj["gained"] = gained;
  uj["lost"] = lost;
  uj["assignments"] = assignments;
  return uj;
}

std::string render_summary_json(const Plan& p) { return summary_json(p.summary).dump(2) + "\n"; }

void write_plan_json(const Plan& p, std::ostream& out) {
  const Account& acc = p.account;
  json doc;
  doc["format_version"] = "1.0";
  json inputs = json::array();
  for (const auto& in : p.inputs) inputs.push_back(json{{"kind", in.kind}, {"path", in.path}, {"sha256", in.sha256}});
  doc["inputs"] = inputs;
  doc["summary"] = summary_json(p.summary);

  json groups = json::array();
  for (const Group& g : p.mapping.groups) {
    json grants = json::array();
    for (const Grant& gr : g.grants) {
      grants.push_back(json{{"policy", policy_name(p.catalog, gr)}, {"target", acc.target_name(gr.target)}});
    }
    json gj{{"key", g.key},
            {"name", g.name},
            {"description", g.description},
            {"action", g.action == GroupAction::create ? "create" : "exists"},
            {"grants", grants},
            {"members", emails(acc, g.members)},
            {"rules", g.rules},
            {"add", emails(acc, g.to_add)},
            {"remove", emails(acc, g.to_remove)},
            {"unplanned", emails(acc, g.unplanned)}};
    if (!g.current_id.empty()) gj["current_id"] = g.current_id;
    if (!g.grants_known || (g.action == GroupAction::exists && !g.is_admins)) gj["grants_known"] = g.grants_known;
    groups.push_back(gj);
  }
  doc["groups"] = groups;
  json steps = json::array();
  for (const auto& st : p.mapping.manual_steps) steps.push_back(json{{"group", st.group}, {"reason", st.reason}});
  doc["manual_steps"] = steps;

  json users = json::array();
  for (const auto& v : p.verification.users) users.push_back(user_verification_json(p, v));
  json unmatched = json::array();
  for (size_t w : p.verification.unmatched_waivers) {
    unmatched.push_back(json{{"where", p.rules.waivers[w].where.file_line()}, {"reason", p.rules.waivers[w].reason}});
  }
  doc["verification"] = json{{"users", users}, {"unmatched_waivers", unmatched}};

  doc["admins"] = admins_json(p);
  out << std::setw(2) << doc << '\n';
}

std::string render_plan_json(const Plan& p) {
  std::ostringstream out;
  write_plan_json(p, out);
  return std::move(out).str();
}

std::string render_admins_json(const Plan& p) { return admins_json(p).dump(2) + "\n"; }

}  // namespace rolemig
