// Reads the groups of a plan.json (perhaps edited by a reviewer) back into a
// Mapping for `rolemig verify`. Memberships carry no rules (plan.json does not
// say why each member is there): see credit_rules in mapping/edited_plan.h.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/json_value.h"
#include "model/access_snapshot.h"
#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

// One entry of a plan.json's `inputs` list: what the plan was made from.
struct RecordedInput {
  std::string kind;    // users, stores, roles, rules, catalog, current
  std::string path;    // as given when the plan was made
  std::string sha256;  // of the bytes read then
  Diagnostic at;       // a warning at the entry's path, message empty
};

// The `inputs` list of a plan.json. `at` is a warning at the list (at the
// document when there is none), message empty.
struct RecordedInputs {
  bool listed = false;  // false: the plan has no `inputs` list
  std::vector<RecordedInput> inputs;
  Diagnostic at;
};

// A plan.json parsed once and read in two passes: its members first, so that
// those the legacy inputs do not know join the account as users with no
// legacy access (AccountBuilder::touch_user) before it is finished; then its
// groups, against the finished account.
class PlanJsonReader {
 public:
  // `text` is the plan.json as read (read_input) and must outlive the reader;
  // `file` names it in messages. Throws InputError on a syntax error, or when
  // there is no 'groups' list.
  PlanJsonReader(std::string_view text, std::string file);

  // The members' emails as written, in document order. Throws InputError
  // naming every malformed one.
  std::vector<std::string> members() const;
  // The groups; every member must be a user of `account`. Throws InputError
  // with every problem found.
  Mapping groups(const Catalog& catalog, const Account& account) const;
  // The inputs the plan records, in document order. An entry that is not an
  // object with string `kind`, `path` and `sha256` is left out: it names no
  // input rolemig can compare (plan.json is a reviewer's to edit).
  RecordedInputs recorded_inputs() const;
  // The store ids the groups' grants and the verification's assignments name.
  std::set<std::string> store_ids() const;

 private:
  const JsonValue& groups_list() const;

  JsonParser parser_;
  JsonValue root_;
};

// The access a plan.json's groups give, as a snapshot comparable with an
// access CSV (for `rolemig diff`). Account Administrators grants per the
// catalog; its store-scope grant (if any) applies to the stores the plan names.
AccessSnapshot read_plan_access(const std::string& path, const Catalog& catalog);

}  // namespace rolemig
