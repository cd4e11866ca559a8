#include "render/requests_jsonl_writer.h"

#include <string>

#include <nlohmann/json.hpp>

#include "io/templates.h"
#include "render/user_walk.h"

namespace rolemig {

namespace {

using json = nlohmann::ordered_json;

// Overloads for std::visit, one per kind of request.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

json emails(const Account& acc, const std::vector<UserIdx>& users) {
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(users.size());
  for_each_user(acc, users, [&](const User& u) { out.push_back(u.email); });
  return out;
}

json create_input(const Plan& p, const Group& g) {
  json grants = json::array();
  for (const Grant& gr : g.grants) {
    grants.push_back({{"policy", policy_name(p.catalog, gr)}, {"target", p.account.target_name(gr.target)}});
  }
  return json{{"name", g.name}, {"description", g.description}, {"grants", grants}};
}

json variables_json(const Plan& p, const RequestVariables& variables) {
  const std::vector<Group>& groups = p.mapping.groups;
  return std::visit(Overloaded{
                        [&](const CreateGroup& c) {
                          return json{{"input", create_input(p, groups[c.group])}};
                        },
                        [&](const AddUsers& a) {
                          json names = json::array();
                          for (uint32_t g : a.groups) names.push_back(groups[g].name);
                          return json{{"input", {{"userEmails", emails(p.account, a.users)}, {"userGroupNames", names}}}};
                        },
                        [](const AuditGroups& a) {
                          return json{{"first", a.first}, {"after", nullptr}};
                        },
                        [&](const RemoveUsers& r) {
                          return json{{"input", {{"userEmails", emails(p.account, r.users)}, {"userGroupName", groups[r.group].name}}}};
                        },
                    },
                    variables);
}

// One mutation's variables as they are; several under their aliases' names
// (input_1, input_2, ...: batched_query's renaming).
json request_variables(const Plan& p, const Request& r) {
  if (r.mutations.size() == 1) return variables_json(p, r.mutations.front());
  json out = json::object();
  for (size_t k = 0; k < r.mutations.size(); ++k) {
    const json one = variables_json(p, r.mutations[k]);
    for (auto it = one.begin(); it != one.end(); ++it) out[it.key() + variable_suffix(k + 1)] = it.value();
  }
  return out;
}

}  // namespace

void write_requests_jsonl(const Plan& p, std::ostream& out) {
  // dump() is what `out << json` prints (no indent), made into one string
  // first: the stream adapter's put() per character cost more than the tree.
  for (const auto& r : p.requests) {
    std::string line = json{{"operation", r.operation}, {"query", r.query}, {"variables", request_variables(p, r)}}.dump();
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
}

}  // namespace rolemig
