// The files `plan` writes into --out (SPEC 4), each with its writer. The one
// list both writes them and names them on the terminal ("Wrote ...").
#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include "plan/plan.h"

namespace rolemig {

struct OutputFile {
  std::string_view name;
  void (*write)(const Plan& plan, std::ostream& out);
};

// In the order written and listed.
std::span<const OutputFile> plan_outputs();

}  // namespace rolemig
