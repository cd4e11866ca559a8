// suggest.json (SPEC 6): the design for scripts: groups with grants and
// member counts, the rules' bundles, the mining engine's bound and proof,
// every decision with its subset and superset covers, and the costs compared.
#pragma once

#include <ostream>
#include <string>

#include "plan/suggest.h"

namespace rolemig {

void write_suggest_json(const Suggestion& s, std::ostream& out);

// `suggest --format json` on stdout: the headline, the counts and the costs.
std::string suggest_summary_json(const Suggestion& s);

}  // namespace rolemig
