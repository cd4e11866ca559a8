// The field names of the group-audit response (SPEC 2.6): audit_fields.yaml in
// <catalog>/graphql/, else the shipped one. They name the fields read from
// --current and written to expected_state.json; they live in data, not code,
// because the beta schema may change.
#pragma once

#include <string>
#include <vector>

namespace rolemig {

struct AuditFields {
  std::vector<std::string> groups = {"data", "account", "userGroups"};
  std::string group_id = "id", group_name = "name", group_description = "description", group_members = "members", group_grants = "grants";
  std::string member_id = "id", member_email = "email";
  std::string grant_policy = "policy", grant_target = "target";
};

// Loads <catalog_dir>/graphql/audit_fields.yaml, else the shipped one.
AuditFields load_audit_fields(const std::string& catalog_dir);

}  // namespace rolemig
