#include "model/group.h"

namespace rolemig {

void Mapping::index(size_t user_count) {
  first_membership.assign(user_count + 1, memberships.size());
  for (size_t i = memberships.size(); i-- > 0;) first_membership[memberships[i].user] = i;
  for (size_t u = user_count; u-- > 0;) first_membership[u] = std::min(first_membership[u], first_membership[u + 1]);
}

}  // namespace rolemig
