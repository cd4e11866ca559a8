// The header row of a CSV with named columns (users export, stores file):
// columns found by name, case-insensitive, and the message for a record whose
// width differs from the header's.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "io/csv_reader.h"

namespace rolemig {

// Column positions by header name (case-insensitive); -1 when absent.
struct Columns {
  std::unordered_map<std::string, int> index;
  int operator[](const std::string& name) const {
    auto it = index.find(name);
    return it == index.end() ? -1 : it->second;
  }
};

// Finds the columns of `header`: a column named in `required` that is absent
// is an error (with a "did you mean" for a near miss), a `known` column given
// twice is an error. Throws InputError naming every problem.
Columns read_header(const CsvRecord& header, const std::string& file, const std::vector<std::string>& required,
                    const std::vector<std::string>& known);

// A record whose field count differs from the header's: reported at the
// first extra field, or at the end of the record where the first missing
// field belongs, naming the columns that have no value.
Diagnostic width_error(const std::string& file, const std::vector<std::string>& header, const CsvRecord& rec);

}  // namespace rolemig
