// What `rolemig lint` prints (SPEC 3): one line per finding, then a summary
// line (text), or one JSON object.
#pragma once

#include <ostream>

#include "verify/rules_lint.h"

namespace rolemig {

// "FILE:LINE:COL: KIND: message" per finding, then the summary line: the
// findings per kind and, with an export, the coverage. Every value passes
// through printable(). Ends with a newline.
void write_lint_text(const LintReport& report, std::ostream& out);

// {"findings": [{kind, file, line, col, message}], "coverage": {...} or null},
// two-space indented, ending with a newline.
void write_lint_json(const LintReport& report, std::ostream& out);

}  // namespace rolemig
