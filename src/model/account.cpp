#include "model/account.h"

#include <algorithm>

#include "util/offset_index.h"
#include "util/text.h"

namespace rolemig {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::active: return "active";
    case Status::invited: return "invited";
    case Status::suspended: return "suspended";
  }
  return "active";
}

std::optional<Status> parse_status(std::string_view s) {
  std::string f = fold_case(trim(s));
  if (f.empty() || f == "active") return Status::active;
  if (f == "invited" || f == "pending") return Status::invited;
  if (f == "suspended" || f == "inactive" || f == "disabled") return Status::suspended;
  return std::nullopt;
}

void Account::index_assignments() {
  first_assignment = offset_index(assignments, users.size(), [](const Assignment& a) { return a.user; });
}

std::string Account::target_name(Target t) const {
  return t.is_account() ? std::string(kAccountTarget) : std::string(kStoreTargetPrefix) + stores[t.store_idx()].id;
}

std::optional<Target> Account::find_target(std::string_view name) const {
  auto parsed = parse_target_name(name);
  if (!parsed) return std::nullopt;
  if (!parsed->store_id) return Target::account();
  auto s = find_store(*parsed->store_id);
  return s ? std::optional<Target>(Target::store(*s)) : std::nullopt;
}

std::optional<StoreIdx> Account::find_store(std::string_view id) const {
  auto it = std::lower_bound(stores.begin(), stores.end(), id, [](const Store& s, std::string_view v) { return s.id < v; });
  if (it == stores.end() || it->id != id) return std::nullopt;
  return static_cast<StoreIdx>(it - stores.begin());
}

std::optional<UserIdx> Account::find_user(std::string_view email) const {
  std::string f = fold_case(email);
  auto it = std::lower_bound(users.begin(), users.end(), f, [](const User& u, const std::string& v) { return u.email < v; });
  if (it == users.end() || it->email != f) return std::nullopt;
  return static_cast<UserIdx>(it - users.begin());
}

}  // namespace rolemig
