#include "mapping/edited_plan.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace rolemig {

void credit_rules(Mapping& edited, const Mapping& derived) {
  // (user, group name) -> names of the rules that produce it.
  std::map<std::pair<UserIdx, std::string_view>, std::set<std::string_view>> produced;
  for (const auto& ms : derived.memberships) {
    auto& names = produced[{ms.user, derived.groups[ms.group].name}];
    for (uint32_t r : ms.rules) names.insert(derived.rule_names[r]);
  }
  std::vector<std::set<std::string_view>> credited(edited.memberships.size());
  std::set<std::string_view> all;
  for (size_t i = 0; i < edited.memberships.size(); ++i) {
    const Membership& ms = edited.memberships[i];
    auto it = produced.find({ms.user, edited.groups[ms.group].name});
    if (it != produced.end() && !it->second.empty())
      credited[i] = it->second;
    else
      credited[i] = {kEditedPlanRule};
    all.insert(credited[i].begin(), credited[i].end());
  }
  std::vector<std::string> names(all.begin(), all.end());
  std::map<std::string_view, uint32_t> index;
  for (uint32_t r = 0; r < names.size(); ++r) index.emplace(names[r], r);
  for (size_t i = 0; i < edited.memberships.size(); ++i) {
    auto& rules = edited.memberships[i].rules;
    rules.clear();
    for (auto name : credited[i]) rules.push_back(index.at(name));
  }
  edited.rule_names = std::move(names);
}

}  // namespace rolemig
