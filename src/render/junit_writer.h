// A JUnit XML report of a plan, verification or admin check, so that CI
// systems show a migration like a test run: one testcase per user (failing
// when access differs or cannot be verified; the failure's text is the
// user's differences as the terminal words them) and one per Account
// Administrators check (SPEC 5). No timings: identical inputs give
// identical bytes.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "plan/plan.h"

namespace rolemig {

// Which suites a report holds: check-admins checks the group alone.
enum class JunitSuites { users_and_admins, admins };

// `command` names the run ("plan", "verify", "check-admins") in the root
// element's name: "rolemig plan".
void write_junit(const Plan& plan, std::string_view command, JunitSuites suites, std::ostream& out);

// Text for XML content and attribute values: printable() first (control
// characters, which XML 1.0 cannot carry even as references, and bytes that
// are not UTF-8 become \n, \xNN, \u0080 ...; so do U+FFFE and U+FFFF), then
// &, <, >, " and ' as entities.
std::string xml_escape(std::string_view s);

}  // namespace rolemig
