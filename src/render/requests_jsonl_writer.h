// requests.jsonl (SPEC 4): one compact {"operation", "query", "variables"}
// object per line, in the order to send them.
#pragma once

#include <ostream>

#include "plan/plan.h"

namespace rolemig {

void write_requests_jsonl(const Plan& plan, std::ostream& out);

}  // namespace rolemig
