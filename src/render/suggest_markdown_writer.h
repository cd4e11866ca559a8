// suggest.md (SPEC 6): the design for a person: the headline, the costs
// compared with the current rules, the groups, the rules, and each decision
// with who it concerns and both covers.
#pragma once

#include <ostream>

#include "plan/suggest.h"

namespace rolemig {

void write_suggest_markdown(const Suggestion& s, std::ostream& out);

}  // namespace rolemig
