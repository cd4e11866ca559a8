#include "io/templates.h"

#include <fmt/format.h>

#include "io/catalog_loader.h"
#include "util/file.h"

namespace rolemig {

namespace {
const char* const kOperations[] = {"createUserGroup", "addUsersToUserGroups", "removeUsersFromUserGroup", "auditUserGroups"};
}

Templates load_templates(const std::string& catalog_dir) {
  Templates t;
  for (const char* op : kOperations) t[op] = read_file(catalog_file(catalog_dir, fmt::format("graphql/{}.graphql", op)));
  return t;
}

}  // namespace rolemig
