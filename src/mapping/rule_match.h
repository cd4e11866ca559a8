// Whether a rule's `match` holds for an assignment (SPEC 2.5), and if not,
// which key fails: the rule engine decides with it and traces with it.
#pragma once

#include <optional>
#include <string_view>

#include "model/account.h"
#include "model/catalog.h"
#include "model/rules.h"

namespace rolemig {

// The keys of a rule's `match`, in the order they are checked.
enum class MatchKey { unmatched, role, store, email, status, has_permissions };

// The key as written in rules.yaml: "unmatched", "role", "store", ...
std::string_view match_key_name(MatchKey k);

// The first key of `m`, in MatchKey order, that does not hold for assignment
// `a`; nullopt when `m` holds. `matched_before`: an earlier rule matched it.
std::optional<MatchKey> failed_match_key(const Match& m, const Assignment& a, const Account& account, const Catalog& catalog, bool matched_before);

// Whether `m` holds for assignment `a`; `matched_before`: an earlier rule matched it.
bool rule_matches(const Match& m, const Assignment& a, const Account& account, const Catalog& catalog, bool matched_before);

}  // namespace rolemig
