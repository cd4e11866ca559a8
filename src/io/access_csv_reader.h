// Reads an access CSV (`email,target,permission`, as render/access_csv_writer
// writes it) back for `rolemig diff`; neutralised fields are restored
// (io/csv_field.h).
#pragma once

#include <istream>
#include <string>

#include "model/access_snapshot.h"

namespace rolemig {

// Throws InputError with positions.
AccessSnapshot read_access_csv(std::istream& in, const std::string& file);

}  // namespace rolemig
