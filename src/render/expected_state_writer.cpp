#include "render/expected_state_writer.h"

#include <iomanip>
#include <set>

#include <nlohmann/json.hpp>

#include "render/json_stream.h"
#include "render/user_walk.h"

namespace rolemig {

namespace {

using json = nlohmann::ordered_json;

// As a tree: for audit field names that repeat within one object, where the
// tree keeps one member per name.
void write_expected_state_tree(const Plan& p, std::ostream& out) {
  const AuditFields& f = p.audit_fields;
  const Account& acc = p.account;
  json edges = json::array();
  for (const Group& g : p.mapping.groups) {
    json grants = json::array();
    for (const Grant& gr : g.grants) {
      grants.push_back(json{{f.grant_policy, policy_name(p.catalog, gr)}, {f.grant_target, acc.target_name(gr.target)}});
    }
    json members = json::array();
    for (UserIdx u : g.members) {
      json node{{f.member_id, acc.users[u].user_id.empty() ? json(nullptr) : json(acc.users[u].user_id)}, {f.member_email, acc.users[u].email}};
      members.push_back(json{{"node", node}});
    }
    json node{{f.group_id, g.current_id.empty() ? json(nullptr) : json(g.current_id)}, {f.group_name, g.name}, {f.group_description, g.description}};
    // Grants the audit did not show stay unknown: re-planning must not prove them.
    if (g.grants_known) node[f.group_grants] = grants;
    node[f.group_members] = json{{"edges", members}};
    edges.push_back(json{{"node", node}});
  }
  json doc = json{{"edges", edges}};
  for (auto it = f.groups.rbegin(); it != f.groups.rend(); ++it) doc = json{{*it, doc}};
  out << std::setw(2) << doc << '\n';
}

bool distinct(std::initializer_list<std::string_view> keys) { return std::set<std::string_view>(keys).size() == keys.size(); }

void string_or_null(JsonStream& js, const std::string& s) {
  if (s.empty()) {
    js.null();
  } else {
    js.string(s);
  }
}

}  // namespace

void write_expected_state(const Plan& p, std::ostream& out) {
  const AuditFields& f = p.audit_fields;
  if (!distinct({f.group_id, f.group_name, f.group_description, f.group_grants, f.group_members}) || !distinct({f.member_id, f.member_email}) ||
      !distinct({f.grant_policy, f.grant_target})) {
    write_expected_state_tree(p, out);
    return;
  }
  // Streamed, the same bytes as the tree: a group's members are every user
  // of a large account.
  const Account& acc = p.account;
  JsonStream js(out);
  for (const std::string& name : f.groups) {
    js.begin_object();
    js.key(name);
  }
  js.begin_object();
  js.key("edges").begin_array();
  for (const Group& g : p.mapping.groups) {
    js.begin_object();
    js.key("node").begin_object();
    js.key(f.group_id);
    string_or_null(js, g.current_id);
    js.key(f.group_name).string(g.name);
    js.key(f.group_description).string(g.description);
    // Grants the audit did not show stay unknown: re-planning must not prove them.
    if (g.grants_known) {
      js.key(f.group_grants).begin_array();
      for (const Grant& gr : g.grants) {
        js.begin_object();
        js.key(f.grant_policy).string(policy_name(p.catalog, gr));
        js.key(f.grant_target).string(acc.target_name(gr.target));
        js.end_object();
      }
      js.end_array();
    }
    js.key(f.group_members).begin_object();
    js.key("edges").begin_array();
    for_each_user(acc, g.members, [&](const User& u) {
      js.begin_object();
      js.key("node").begin_object();
      js.key(f.member_id);
      string_or_null(js, u.user_id);
      js.key(f.member_email).string(u.email);
      js.end_object();
      js.end_object();
    });
    js.end_array();
    js.end_object();
    js.end_object();
    js.end_object();
  }
  js.end_array();
  js.end_object();
  for (size_t i = 0; i < f.groups.size(); ++i) js.end_object();
  js.flush();
  out << '\n';
}

}  // namespace rolemig
