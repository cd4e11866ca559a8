// Reads the live account's groups (SPEC 2.6, --current): the responses of the
// group-audit query, in the same page forms as the users export. Field names
// come from audit_fields.yaml (mappings/graphql/, or <catalog>/graphql/), not
// from code, because the beta schema may change.
#pragma once

#include <string>
#include <vector>

#include "io/audit_fields.h"
#include "util/error.h"

namespace rolemig {

struct CurrentGrant {
  std::string policy;
  std::string target;
  SourceLoc where;
  Excerpt where_line{};  // of where's line: resolving the grant later reports there
};

struct CurrentMember {
  std::string email;  // case-folded
  std::string id;
};

struct CurrentGroup {
  std::string id;
  std::string name;
  std::string description;
  bool grants_known = false;
  std::vector<CurrentGrant> grants;
  std::vector<CurrentMember> members;
  SourceLoc where;
};

// Groups in first-seen order. A group is identified by its id (by its name
// when it has none): the same id on several pages is one group, its members
// merged; two ids with one name are an error naming both places. Throws
// InputError with positions.
std::vector<CurrentGroup> read_current_state(std::string_view text, const std::string& file, const AuditFields& fields);
// The same into `out`, merged with the groups of earlier responses there.
void read_current_state(std::string_view text, const std::string& file, const AuditFields& fields, std::vector<CurrentGroup>& out);

}  // namespace rolemig
