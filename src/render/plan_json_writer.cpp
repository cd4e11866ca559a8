#include "render/plan_json_writer.h"

#include <charconv>
#include <sstream>

#include <nlohmann/json.hpp>

#include "render/json_stream.h"
#include "render/user_walk.h"
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

namespace {

// SourceLoc::file_line() and Account::target_name() without building them.
void write_file_line(JsonStream& js, const SourceLoc& where) {
  if (where.line <= 0) {
    js.string(where.file);
    return;
  }
  char line[16];
  auto [end, ec] = std::to_chars(line, line + sizeof line, where.line);
  js.string_of_parts({where.file, ":", std::string_view(line, static_cast<size_t>(end - line))});
}

void write_target(JsonStream& js, const Account& acc, Target t) {
  if (t.is_account()) {
    js.string(kAccountTarget);
  } else {
    js.string_of_parts({kStoreTargetPrefix, acc.stores[t.store_idx()].id});
  }
}

void write_emails(JsonStream& js, const Account& acc, const std::vector<UserIdx>& users) {
  js.begin_array();
  for_each_user(acc, users, [&](const User& u) { js.string(u.email); });
  js.end_array();
}

void write_difference(JsonStream& js, const Plan& p, const Difference& d, bool gain) {
  const Account& acc = p.account;
  js.begin_object();
  js.key("target");
  write_target(js, acc, d.target);
  js.key("permission").string(p.catalog.permissions[d.perm].id);
  if (d.waiver) {
    js.key("waived_by");
    write_file_line(js, p.rules.waivers[*d.waiver].where);
    js.key("waiver_reason").string(p.rules.waivers[*d.waiver].reason);
  }
  if (gain) {
    js.key("granted_by").begin_array();
    for (const auto& g : d.granted_by) {
      const std::string& policy = policy_name(p.catalog, g.policy);
      for (uint32_t r : g.rules) {
        js.begin_object();
        js.key("rule").string(p.mapping.rule_names[r]);
        js.key("group").string(p.mapping.groups[g.group].name);
        js.key("policy").string(policy);
        js.end_object();
      }
    }
    js.end_array();
  } else {
    js.key("from").begin_array();
    for (const auto& s : d.from) {
      const Assignment& a = acc.assignments[s.assignment];
      js.begin_object();
      js.key("where");
      write_file_line(js, s.where);
      js.key("store").string(acc.stores[a.store].id);
      if (s.via_role) {
        js.key("via").string("role");
        js.key("role").string(p.catalog.roles[*a.role].name);
        if (a.role_inferred) js.key("role_inferred").boolean(true);
      } else {
        js.key("via").string("checkbox");
      }
      js.end_object();
    }
    js.end_array();
  }
  js.end_object();
}

// One verification.users[] entry.
void write_user_verification(JsonStream& js, const Plan& p, const UserVerdict& v) {
  const Account& acc = p.account;
  js.begin_object();
  js.key("email").string(acc.users[v.user].email);
  js.key("status").string(user_status_name(v.status));
  if (!v.unknown_grants.empty()) {
    js.key("unverified_by").begin_array();
    for (uint32_t g : v.unknown_grants) js.string(p.mapping.groups[g].name);
    js.end_array();
  }
  js.key("gained").begin_array();
  for (const auto& d : v.gained) write_difference(js, p, d, true);
  js.end_array();
  js.key("lost").begin_array();
  for (const auto& d : v.lost) write_difference(js, p, d, false);
  js.end_array();
  js.key("assignments").begin_array();
  auto [b, e] = acc.assignments_of(v.user);
  for (size_t i = b; i < e; ++i) {
    const Assignment& a = acc.assignments[i];
    js.begin_object();
    js.key("store").string(acc.stores[a.store].id);
    js.key("role");
    if (a.role) {
      js.string(p.catalog.roles[*a.role].name);
    } else {
      js.null();
    }
    if (a.role_inferred) js.key("role_inferred").boolean(true);
    js.key("extra_permissions").begin_array();
    a.extras.for_each([&](PermId id) { js.string(p.catalog.permissions[id].id); });
    js.end_array();
    js.key("user_status").string(status_name(a.status));
    js.key("where");
    write_file_line(js, a.where);
    js.end_object();
  }
  js.end_array();
  js.end_object();
}

void write_group(JsonStream& js, const Plan& p, const Group& g) {
  const Account& acc = p.account;
  js.begin_object();
  js.key("key").string(g.key);
  js.key("name").string(g.name);
  js.key("description").string(g.description);
  js.key("action").string(g.action == GroupAction::create ? "create" : "exists");
  js.key("grants").begin_array();
  for (const Grant& gr : g.grants) {
    js.begin_object();
    js.key("policy").string(policy_name(p.catalog, gr));
    js.key("target");
    write_target(js, acc, gr.target);
    js.end_object();
  }
  js.end_array();
  js.key("members");
  write_emails(js, acc, g.members);
  js.key("rules").begin_array();
  for (const std::string& r : g.rules) js.string(r);
  js.end_array();
  js.key("add");
  write_emails(js, acc, g.to_add);
  js.key("remove");
  write_emails(js, acc, g.to_remove);
  js.key("unplanned");
  write_emails(js, acc, g.unplanned);
  if (!g.current_id.empty()) js.key("current_id").string(g.current_id);
  if (!g.grants_known || (g.action == GroupAction::exists && !g.is_admins)) js.key("grants_known").boolean(g.grants_known);
  js.end_object();
}

}  // namespace

json user_verification_json(const Plan& p, const UserVerdict& v) {
  std::ostringstream text;
  JsonStream js(text);
  write_user_verification(js, p, v);
  js.flush();
  return json::parse(std::move(text).str());
}

std::string render_summary_json(const Plan& p) { return summary_json(p.summary).dump(2) + "\n"; }

void write_plan_json(const Plan& p, std::ostream& out) {
  // Streamed: a tree of a large account's plan would hold every user entry.
  JsonStream js(out);
  js.begin_object();
  js.key("format_version").string("1.0");
  json inputs = json::array();
  for (const auto& in : p.inputs) inputs.push_back(json{{"kind", in.kind}, {"path", in.path}, {"sha256", in.sha256}});
  js.key("inputs").tree(inputs);
  js.key("summary").tree(summary_json(p.summary));
  js.key("groups").begin_array();
  for (const Group& g : p.mapping.groups) write_group(js, p, g);
  js.end_array();
  json steps = json::array();
  for (const auto& st : p.mapping.manual_steps) steps.push_back(json{{"group", st.group}, {"reason", st.reason}});
  js.key("manual_steps").tree(steps);
  js.key("verification").begin_object();
  js.key("users").begin_array();
  for (const auto& v : p.verification.users) write_user_verification(js, p, v);
  js.end_array();
  json unmatched = json::array();
  for (size_t w : p.verification.unmatched_waivers) {
    unmatched.push_back(json{{"where", p.rules.waivers[w].where.file_line()}, {"reason", p.rules.waivers[w].reason}});
  }
  js.key("unmatched_waivers").tree(unmatched);
  js.end_object();
  js.key("admins").tree(admins_json(p));
  js.end_object();
  js.flush();
  out << '\n';
}

std::string render_plan_json(const Plan& p) {
  std::ostringstream out;
  write_plan_json(p, out);
  return std::move(out).str();
}

std::string render_admins_json(const Plan& p) { return admins_json(p).dump(2) + "\n"; }

}  // namespace rolemig
