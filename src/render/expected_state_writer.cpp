#include "render/expected_state_writer.h"

#include <iomanip>

#include <nlohmann/json.hpp>

namespace rolemig {

void write_expected_state(const Plan& p, std::ostream& out) {
  const AuditFields& f = p.audit_fields;
  using json = nlohmann::ordered_json;
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

}  // namespace rolemig
