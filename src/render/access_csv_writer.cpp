#include "render/access_csv_writer.h"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "io/csv_field.h"

namespace rolemig {

namespace {

// Why sorting per user gives the global byte order: every row starts with its
// user's key, the email field and its comma. Where neither of two keys is a
// prefix of the other, they differ inside both, so every row of one user
// sorts before every row of the other, as their keys do. Keys that are
// prefixes of others (the same key twice; or, were a field ever to hold an
// unquoted comma, "a," and "a,b,") are sorted together: after sorting the
// keys, a maximal run of keys starting with the run's first key is one
// cluster whose rows are sorted as a whole. Ordering by the bare field would
// be wrong: "a" < "a+b", but "a+b,..." < "a,..." since '+' < ','.
struct UserKey {
  std::string key;  // csv_field(email) + ","
  UserIdx user;
};

std::vector<UserKey> sorted_keys(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<UserKey> keys;
  for (UserIdx u = 0; u < access.size(); ++u) {
    if (!access[u].empty()) keys.push_back(UserKey{csv_field(p.account.users[u].email) + ",", u});
  }
  std::sort(keys.begin(), keys.end(), [](const UserKey& a, const UserKey& b) { return a.key < b.key; });
  return keys;
}

// Appends the rows of one user ("key" + "target,permission\n").
void add_rows(const Plan& p, const AccessMap& access, const std::string& key, const std::vector<std::string>& perm_fields,
              std::vector<std::string>& rows) {
  for (const auto& [t, ps] : access) {
    std::string prefix = key + csv_field(p.account.target_name(t)) + ",";
    ps.for_each([&](PermId id) { rows.push_back(prefix + perm_fields[id] + "\n"); });
  }
}

}  // namespace

void write_access_csv(const Plan& p, const std::vector<AccessMap>& access, std::ostream& out) {
  std::vector<std::string> perm_fields;
  for (const auto& perm : p.catalog.permissions) perm_fields.push_back(csv_field(perm.id));
  const std::vector<UserKey> keys = sorted_keys(p, access);
  out << "email,target,permission\n";
  std::vector<std::string> rows;  // one cluster's
  for (size_t i = 0; i < keys.size();) {
    const std::string_view head = keys[i].key;
    rows.clear();
    for (; i < keys.size() && keys[i].key.starts_with(head); ++i) add_rows(p, access[keys[i].user], keys[i].key, perm_fields, rows);
    std::sort(rows.begin(), rows.end());
    for (const auto& r : rows) out << r;
  }
}

void write_access_before_csv(const Plan& p, std::ostream& out) { write_access_csv(p, p.verification.before, out); }
void write_access_after_csv(const Plan& p, std::ostream& out) { write_access_csv(p, p.verification.after, out); }

}  // namespace rolemig
