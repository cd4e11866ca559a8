#include "plan/requests.h"

#include <fmt/format.h>


namespace rolemig {

std::vector<Request> build_requests(const Plan& plan, const Templates& templates, const BatchCaps& caps) {
  using json = nlohmann::ordered_json;
  const Account& acc = plan.account;
  const Mapping& m = plan.mapping;
  std::vector<Request> out;
  for (const Group& g : m.groups) {
    if (g.action != GroupAction::create) continue;
    json grants = json::array();
    for (const Grant& gr : g.grants) {
      grants.push_back({{"policy", gr.policy ? plan.catalog.policies[*gr.policy].name : plan.catalog.admins.name},
                        {"target", acc.target_name(gr.target)}});
    }
    out.push_back(Request{"createUserGroup", templates.at("createUserGroup"),
                          json{{"input", {{"name", g.name}, {"description", g.description}, {"grants", grants}}}}});
  }
  std::vector<std::vector<uint32_t>> wanted(acc.users.size());
  for (uint32_t g = 0; g < m.groups.size(); ++g)
    for (UserIdx u : m.groups[g].to_add) wanted[u].push_back(g);
  std::vector<AddBatch> batches = cover_additions(wanted, caps);
  if (!covers_exactly(wanted, batches)) throw InternalError("the add requests do not cover exactly the memberships to add");
  for (const auto& b : batches) {
    json emails = json::array(), names = json::array();
    for (uint32_t u : b.users) emails.push_back(acc.users[u].email);
    for (uint32_t g : b.groups) names.push_back(m.groups[g].name);
    out.push_back(Request{"addUsersToUserGroups", templates.at("addUsersToUserGroups"),
                          json{{"input", {{"userEmails", emails}, {"userGroupNames", names}}}}});
  }
  out.push_back(Request{"auditUserGroups", templates.at("auditUserGroups"), json{{"first", 50}, {"after", nullptr}}});
  for (const Group& g : m.groups) {
    if (g.to_remove.empty() || g.is_admins) continue;
    for (size_t i = 0; i < g.to_remove.size(); i += caps.max_users) {
      json emails = json::array();
      for (size_t j = i; j < std::min(g.to_remove.size(), i + caps.max_users); ++j) emails.push_back(acc.users[g.to_remove[j]].email);
      out.push_back(Request{"removeUsersFromUserGroup", templates.at("removeUsersFromUserGroup"),
                            json{{"input", {{"userEmails", emails}, {"userGroupName", g.name}}}}});
    }
  }
  return out;
}

}  // namespace rolemig
