#include "verify/access_diff.h"

#include <iterator>
#include <range/v3/algorithm/set_algorithm.hpp>
#include <range/v3/view/map.hpp>
#include <range/v3/view/set_algorithm.hpp>

namespace rolemig {

std::vector<UserAccessDiff> diff_access(const AccessSnapshot& before, const AccessSnapshot& after) {
  static const AccessSnapshot::mapped_type kNone;
  auto rows_of = [](const AccessSnapshot& snap, const std::string& email) -> const AccessSnapshot::mapped_type& {
    auto it = snap.find(email);
    return it == snap.end() ? kNone : it->second;
  };
  std::vector<UserAccessDiff> out;
  // Every email of either snapshot, once, in order.
  for (const std::string& email : ranges::views::set_union(before | ranges::views::keys, after | ranges::views::keys)) {
    const auto& was = rows_of(before, email);
    const auto& is = rows_of(after, email);
    UserAccessDiff d{email, {}, {}};
    ranges::set_difference(is, was, std::back_inserter(d.gained));
    ranges::set_difference(was, is, std::back_inserter(d.lost));
    if (!d.gained.empty() || !d.lost.empty()) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace rolemig
