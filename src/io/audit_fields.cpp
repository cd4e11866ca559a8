#include "io/audit_fields.h"

#include <fmt/format.h>

#include "io/catalog_loader.h"
#include "io/yaml_doc.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

AuditFields load_audit_fields(const std::string& catalog_dir) {
  const std::string path = catalog_file(catalog_dir, "graphql/audit_fields.yaml");
  AuditFields f;
  YamlDoc doc(read_file(path), path);
  DiagnosticSink sink;
  const auto& root = doc.root();
  if (!doc.expect_map(root, "audit_fields.yaml", sink)) sink.throw_if_any();
  doc.check_keys(root, {"groups", "group", "member", "grant"}, "audit_fields.yaml", sink);
  auto get = [&](const YAML::Node& parent, const char* key, std::string& out) {
    if (parent && parent[key]) out = doc.scalar(parent[key], fmt::format("'{}'", key), sink).value_or(out);
  };
  if (root["groups"]) {
    if (auto g = doc.scalar(root["groups"], "'groups'", sink)) f.groups = split(*g, '.');
  }
  if (root["group"] && doc.expect_map(root["group"], "'group'", sink)) {
    doc.check_keys(root["group"], {"id", "name", "description", "members", "grants"}, "'group'", sink);
    get(root["group"], "id", f.group_id);
    get(root["group"], "name", f.group_name);
    get(root["group"], "description", f.group_description);
    get(root["group"], "members", f.group_members);
    get(root["group"], "grants", f.group_grants);
  }
  if (root["member"] && doc.expect_map(root["member"], "'member'", sink)) {
    doc.check_keys(root["member"], {"id", "email"}, "'member'", sink);
    get(root["member"], "id", f.member_id);
    get(root["member"], "email", f.member_email);
  }
  if (root["grant"] && doc.expect_map(root["grant"], "'grant'", sink)) {
    doc.check_keys(root["grant"], {"policy", "target"}, "'grant'", sink);
    get(root["grant"], "policy", f.grant_policy);
    get(root["grant"], "target", f.grant_target);
  }
  sink.throw_if_any();
  return f;
}

}  // namespace rolemig
