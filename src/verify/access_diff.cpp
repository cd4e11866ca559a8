#include "verify/access_diff.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace rolemig {

std::vector<UserAccessDiff> diff_access(const AccessSnapshot& before, const AccessSnapshot& after) {
  std::set<std::string> emails;
  for (const auto& [e, _] : before) emails.insert(e);
  for (const auto& [e, _] : after) emails.insert(e);
  static const std::set<std::pair<std::string, std::string>> kNone;
  std::vector<UserAccessDiff> out;
  for (const auto& e : emails) {
    auto b = before.find(e);
    auto a = after.find(e);
    const auto& bs = b == before.end() ? kNone : b->second;
    const auto& as = a == after.end() ? kNone : a->second;
    UserAccessDiff d{e, {}, {}};
    std::set_difference(as.begin(), as.end(), bs.begin(), bs.end(), std::back_inserter(d.gained));
    std::set_difference(bs.begin(), bs.end(), as.begin(), as.end(), std::back_inserter(d.lost));
    if (!d.gained.empty() || !d.lost.empty()) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace rolemig
