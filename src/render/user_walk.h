// Walking a list of users (a group's members) for their emails.
#pragma once

#include <vector>

#include "model/account.h"

namespace rolemig {

// Calls visit(user) for each of `users` in order, asking memory for the users
// and their emails a few ahead. A large group's members lie far apart in
// memory, so each email read would otherwise wait on memory; at a million
// users that wait was most of writing the member lists.
template <class Visit>
void for_each_user(const Account& acc, const std::vector<UserIdx>& users, Visit&& visit) {
  constexpr size_t kUserAhead = 16, kEmailAhead = 8;
  const size_t n = users.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kUserAhead < n) __builtin_prefetch(&acc.users[users[i + kUserAhead]]);
    if (i + kEmailAhead < n) __builtin_prefetch(acc.users[users[i + kEmailAhead]].email.data());
    visit(acc.users[users[i]]);
  }
}

}  // namespace rolemig
