// CSV fields as rolemig writes them and reads them back (access snapshots).
//
// Neutralisation: a field that starts with '=', '+', '-', '@', a tab or a
// carriage return (after any apostrophes it already starts with) is written
// with one more leading apostrophe so no spreadsheet evaluates it as a
// formula; fields holding ',', '"' or a line break are quoted (RFC 4180). The
// reader strips that one apostrophe again, so `rolemig diff` reads back
// exactly what was written ("'-x" is written "''-x" and read back "'-x").
#pragma once

#include <string>
#include <string_view>

namespace rolemig {

std::string csv_field(std::string_view value);
std::string csv_unneutralise(std::string_view value);

}  // namespace rolemig
