// expected_state.json: the live account's groups as they will be once the
// plan is applied, in the --current format (audit_fields.yaml names), so
// that planning again with --current expected_state.json has nothing to do.
#pragma once

#include <string>

#include "io/current_state_reader.h"
#include "plan/plan.h"

namespace rolemig {

std::string render_expected_state(const Plan& plan, const AuditFields& fields);

}  // namespace rolemig
