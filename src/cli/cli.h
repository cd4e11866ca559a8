// The command line (SPEC 3): parses arguments with CLI11 into option structs,
// calls the library, prints, and maps the outcome to an exit status. The one
// place that turns errors into messages.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rolemig {

// Runs `rolemig <args...>` (args excludes the program name). Returns the
// exit status: 0 equal, 1 differences or admin failure, 2 bad input/usage.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace rolemig
