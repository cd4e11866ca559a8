// Designs the groups for an account (SPEC 6): finds the bundles
// (bundle_finder.h), then mines, per scope, the fewest groups whose union
// gives every bundle exactly the policies that fit inside it
// (mining/role_miner.h over bundles x policies), and names them after the
// bundles they come from.
#pragma once

#include "design/design.h"

namespace rolemig {

struct DesignSettings {
  double time_limit_seconds = 10.0;  // for each run of the mining engine
};

Design design_groups(const Catalog& cat, const Account& account, const DesignSettings& settings = {});

// A rules.yaml group id or rule name for a display name: its ASCII letters
// (accents dropped: ascii_fold) and digits in lowercase, other runs as '-';
// "x" and 8 hex digits of its SHA-256 when nothing is left.
std::string slug(std::string_view name);

// slug() cut to at most 60 characters, at a '-': group ids and rule names.
std::string short_slug(std::string_view name);

}  // namespace rolemig
