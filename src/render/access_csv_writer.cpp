#include "render/access_csv_writer.h"

#include <algorithm>

#include "io/csv_field.h"

namespace rolemig {

std::string render_access_csv(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<std::string> rows;
  for (UserIdx u = 0; u < access.size(); ++u) {
    std::string email = csv_field(p.account.users[u].email);
    for (const auto& [t, ps] : access[u]) {
      std::string target = csv_field(p.account.target_name(t));
      ps.for_each([&](PermId id) { rows.push_back(email + "," + target + "," + csv_field(p.catalog.permissions[id].id) + "\n"); });
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string out = "email,target,permission\n";
  for (const auto& r : rows) out += r;
  return out;
}

}  // namespace rolemig
