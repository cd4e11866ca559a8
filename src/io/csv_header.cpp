#include "io/csv_header.h"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.h"

namespace rolemig {

Columns read_header(const CsvRecord& header, const std::string& file, const std::vector<std::string>& required,
                    const std::vector<std::string>& known) {
  Columns cols;
  DiagnosticSink sink;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = fold_case(trim(header.fields[i].value));
    if (!cols.index.emplace(name, static_cast<int>(i)).second && std::find(known.begin(), known.end(), name) != known.end()) {
      sink.add(Diagnostic{SourceLoc{file, header.line, header.fields[i].col}, fmt::format("expected each column once, found {} twice", quote(name)),
                          header.first_line(), ""});
    }
  }
  for (const auto& r : required) {
    if (cols[r] < 0) {
      std::vector<std::string> found;
      for (const auto& f : header.fields) found.push_back(std::string(trim(f.value)));
      std::string hint;
      for (const auto& f : found) {
        if (edit_distance(f, r) <= 2) {
          hint = fmt::format("; did you mean {} for {}?", quote(r), quote(f));
          break;
        }
      }
      sink.add(Diagnostic{SourceLoc{file, header.line, 1}, fmt::format("expected a column named '{}', found columns {}{}", r, join(found, ","), hint),
                          header.first_line(), ""});
    }
  }
  sink.throw_if_any();
  return cols;
}

Diagnostic width_error(const std::string& file, const std::vector<std::string>& header, const CsvRecord& rec) {
  const size_t width = header.size();
  std::string expected = fmt::format("expected {} fields as in the header, found {}", width, rec.fields.size());
  if (rec.fields.size() > width) {
    const CsvField& f = rec.fields[width];
    return Diagnostic{SourceLoc{file, f.line, f.col}, expected + " (a value with a ',' must be in double quotes)", rec.line_text(f.line), ""};
  }
  int last = rec.line + static_cast<int>(std::count(rec.text.begin(), rec.text.end(), '\n')) - (!rec.text.empty() && rec.text.back() == '\n' ? 1 : 0);
  std::string text = rec.line_text(last);
  std::vector<std::string> missing;
  for (size_t i = rec.fields.size(); i < width; ++i) missing.push_back(quote(header[i]));
  return Diagnostic{SourceLoc{file, last, static_cast<int>(text.size()) + 1}, fmt::format("{} (no {})", expected, join(missing, ", ")), text, ""};
}

}  // namespace rolemig
