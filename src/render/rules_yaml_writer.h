// rules.yaml as `suggest` drafts it (SPEC 2.5, 6): the designed groups, one
// rule per bundle, and each decision as a commented-out waiver a person may
// uncomment to accept the loss it states. `plan --rules` reads it unchanged.
#pragma once

#include <ostream>
#include <string>

#include "plan/suggest.h"

namespace rolemig {

void write_drafted_rules(const Suggestion& s, std::ostream& out);

// A decision in one sentence: who loses what, and what the superset cover
// would grant instead. Also the drafted waiver's reason.
std::string decision_summary(const Catalog& cat, const Decision& d);

}  // namespace rolemig
