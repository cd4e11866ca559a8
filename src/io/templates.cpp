#include "io/templates.h"

#include <filesystem>

#include "io/catalog_loader.h"
#include "util/file.h"

namespace rolemig {

namespace fs = std::filesystem;

namespace {
const char* const kOperations[] = {"createUserGroup", "addUsersToUserGroups", "removeUsersFromUserGroup", "auditUserGroups"};
}

Templates load_templates(const std::string& catalog_dir) {
  Templates t;
  fs::path own = fs::path(catalog_dir) / "graphql";
  fs::path shipped = fs::path(default_catalog_dir()) / "graphql";
  for (const char* op : kOperations) {
    fs::path p = own / (std::string(op) + ".graphql");
    if (!fs::exists(p)) p = shipped / (std::string(op) + ".graphql");
    t[op] = read_file(p.string());
  }
  return t;
}

}  // namespace rolemig
