#include "plan/requests.h"

#include <filesystem>
#include <fmt/format.h>

#include "plan/pipeline.h"
#include "util/file.h"

namespace rolemig {

namespace fs = std::filesystem;

namespace {
const char* const kOperations[] = {"createUserGroup", "addUsersToUserGroups", "removeUsersFromUserGroup", "auditUserGroups"};
}

Templates load_templates(const std::string& catalog_dir) {
  Templates t;
  fs::path own = fs::path(catalog_dir) / "graphql";
  fs::path shipped = fs::path(default_catalog_dir()) / "graphql";
  for (const char* op : kOperations) {
    fs::path p = own / (std::string(op) + ".graphql");
    if (!fs::exists(p)) p = shipped / (std::string(op) + ".graphql");
    t[op] = read_file(p.string());
  }
  return t;
}

std::vector<Request> build_requests(const Plan& plan, const Templates& templates) {
  using json = nlohmann::ordered_json;
  const Account& acc = plan.account;
  const Mapping& m = plan.mapping;
  std::vector<Request> out;
  auto target_name = [&](Target t) { return acc.target_name(t); };
  for (const Group& g : m.groups) {
    if (g.action != GroupAction::create) continue;
    json grants = json::array();
    for (const Grant& gr : g.grants) {
      grants.push_back({{"policy", gr.policy ? plan.catalog.policies[*gr.policy].name : plan.catalog.admins.name},
                        {"target", target_name(gr.target)}});
    }
    out.push_back(Request{"createUserGroup", templates.at("createUserGroup"),
                          json{{"input", {{"name", g.name}, {"description", g.description}, {"grants", grants}}}}});
  }
  // Adds: users with identical sets of groups share one request; when that
  // takes more requests than there are groups receiving members, one request
  // per group (all its members) is used instead.
  std::map<std::vector<uint32_t>, std::vector<UserIdx>> by_set;
  for (UserIdx u = 0; u < acc.users.size(); ++u) {
    auto [b, e] = m.memberships_of(u);
    if (b == e) continue;
    std::vector<uint32_t> set;
    for (size_t i = b; i < e; ++i) set.push_back(m.memberships[i].group);
    by_set[set].push_back(u);
  }
  size_t receiving = 0;
  for (const Group& g : m.groups) receiving += !g.members.empty();
  auto add_request = [&](const std::vector<uint32_t>& groups, const std::vector<UserIdx>& users) {
    json emails = json::array(), names = json::array();
    for (UserIdx u : users) emails.push_back(acc.users[u].email);
    for (uint32_t g : groups) names.push_back(m.groups[g].name);
    out.push_back(Request{"addUsersToUserGroups", templates.at("addUsersToUserGroups"),
                          json{{"input", {{"userEmails", emails}, {"userGroupNames", names}}}}});
  };
  if (by_set.size() <= receiving) {
    // Ordered by the sorted group-index lists, i.e. by plan group order.
    for (const auto& [groups, users] : by_set) add_request(groups, users);
  } else {
    for (uint32_t g = 0; g < m.groups.size(); ++g)
      if (!m.groups[g].members.empty()) add_request({g}, m.groups[g].members);
  }
  out.push_back(Request{"auditUserGroups", templates.at("auditUserGroups"), json{{"first", 50}, {"after", nullptr}}});
  return out;
}

}  // namespace rolemig
