#include "io/access_csv_reader.h"

#include <fmt/format.h>

#include "io/csv_field.h"
#include "io/csv_reader.h"
#include "util/text.h"

namespace rolemig {

AccessSnapshot read_access_csv(std::istream& in, const std::string& file) {
  CsvReader reader(in, file);
  CsvRecord rec;
  if (!reader.next(rec))
    throw InputError(Diagnostic{SourceLoc{file, 1, 1}, "expected a header row email,target,permission, found an empty file", "", ""});
  std::vector<std::string> header;
  for (const auto& f : rec.fields) header.push_back(fold_case(trim(f.value)));
  if (header != std::vector<std::string>{"email", "target", "permission"}) {
    throw InputError(Diagnostic{SourceLoc{file, rec.line, 1}, fmt::format("expected the header email,target,permission, found {}", join(header, ",")),
                                rec.first_line(), ""});
  }
  AccessSnapshot snap;
  DiagnosticSink sink;
  while (!sink.full() && reader.next(rec)) {
    if (rec.fields.size() != 3) {
      sink.add(Diagnostic{SourceLoc{file, rec.line, 1}, fmt::format("expected 3 fields, found {}", rec.fields.size()), rec.first_line(), ""});
      continue;
    }
    std::string email = fold_case(csv_unneutralise(rec.fields[0].value));
    snap[email].emplace(csv_unneutralise(rec.fields[1].value), csv_unneutralise(rec.fields[2].value));
  }
  sink.throw_if_any();
  return snap;
}

}  // namespace rolemig
