#include "model/group.h"

#include "util/offset_index.h"

namespace rolemig {

void Mapping::index(size_t user_count) {
  first_membership = offset_index(memberships, user_count, [](const Membership& m) { return m.user; });
}

}  // namespace rolemig
