// Reads the groups of a plan.json (perhaps edited by a reviewer) back into a
// Mapping for `rolemig verify`. Members the legacy inputs do not know are
// added to the account as users with no legacy access, so their access shows
// as gains. Memberships carry no rules (plan.json does not say why each
// member is there): see credit_rules in mapping/edited_plan.h.
#pragma once

#include <string>
#include <string_view>

#include "model/access_snapshot.h"
#include "model/account.h"
#include "model/catalog.h"
#include "model/group.h"

namespace rolemig {

// `text` is the plan.json as read (read_input); `file` names it in messages.
Mapping read_plan_groups(std::string_view text, const std::string& file, const Catalog& catalog, Account& account);

// The access a plan.json's groups give, as a snapshot comparable with an
// access CSV (for `rolemig diff`). Account Administrators grants per the
// catalog; its store-scope grant (if any) applies to the stores the plan names.
AccessSnapshot read_plan_access(const std::string& path, const Catalog& catalog);

}  // namespace rolemig
