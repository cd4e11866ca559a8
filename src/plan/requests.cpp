#include "plan/requests.h"

#include <fmt/format.h>

#include <map>

namespace rolemig {

namespace {

// The audit reads groups a page at a time.
constexpr size_t kAuditPageSize = 50;

Request request(const Templates& templates, const char* operation, RequestVariables variables) {
  return Request{operation, templates.at(operation), {std::move(variables)}};
}

// Consecutive requests of one mutation, k at a time into one request each.
std::vector<Request> batched(std::vector<Request> single, const Templates& templates, size_t k) {
  if (k <= 1) return single;
  std::vector<Request> out;
  std::map<std::pair<std::string, size_t>, std::string> queries;  // (operation, mutations) -> query
  for (size_t i = 0; i < single.size();) {
    const std::string op = single[i].operation;
    if (op == "auditUserGroups") {
      out.push_back(std::move(single[i++]));
      continue;
    }
    size_t end = i;
    while (end < single.size() && end - i < k && single[end].operation == op) ++end;
    if (end - i == 1) {
      out.push_back(std::move(single[i++]));
      continue;
    }
    auto [q, fresh] = queries.try_emplace({op, end - i});
    if (fresh) q->second = batched_query(templates, op, end - i);
    Request r{op, q->second, {}};
    for (; i < end; ++i) r.mutations.push_back(std::move(single[i].mutations.front()));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<Request> build_requests(const Plan& plan, const Templates& templates, const BatchCaps& caps) {
  const Account& acc = plan.account;
  const Mapping& m = plan.mapping;
  std::vector<Request> out;
  for (uint32_t g = 0; g < m.groups.size(); ++g) {
    if (m.groups[g].action == GroupAction::create) out.push_back(request(templates, "createUserGroup", CreateGroup{g}));
  }
  std::vector<std::vector<uint32_t>> wanted(acc.users.size());
  for (uint32_t g = 0; g < m.groups.size(); ++g)
    for (UserIdx u : m.groups[g].to_add) wanted[u].push_back(g);
  std::vector<AddBatch> batches = cover_additions(wanted, caps);
  if (!covers_exactly(wanted, batches)) throw InternalError("the add requests do not cover exactly the memberships to add");
  for (auto& b : batches) {
    out.push_back(request(templates, "addUsersToUserGroups", AddUsers{std::move(b.users), std::move(b.groups)}));
  }
  out.push_back(request(templates, "auditUserGroups", AuditGroups{kAuditPageSize}));
  for (uint32_t g = 0; g < m.groups.size(); ++g) {
    const Group& group = m.groups[g];
    if (group.to_remove.empty() || group.is_admins) continue;
    for (size_t i = 0; i < group.to_remove.size(); i += caps.max_users) {
      auto end = group.to_remove.begin() + static_cast<std::ptrdiff_t>(std::min(group.to_remove.size(), i + caps.max_users));
      std::vector<UserIdx> users(group.to_remove.begin() + static_cast<std::ptrdiff_t>(i), end);
      out.push_back(request(templates, "removeUsersFromUserGroup", RemoveUsers{std::move(users), g}));
    }
  }
  return batched(std::move(out), templates, caps.mutations_per_request);
}

}  // namespace rolemig
