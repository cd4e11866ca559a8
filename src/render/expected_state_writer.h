// expected_state.json: the live account's groups as they will be once the
// plan is applied, in the --current format (audit_fields.yaml names), so
// that planning again with --current expected_state.json has nothing to do.
#pragma once

#include <ostream>

#include "io/current_state_reader.h"
#include "plan/plan.h"

namespace rolemig {

// Field names from plan.audit_fields.
void write_expected_state(const Plan& plan, std::ostream& out);

}  // namespace rolemig
