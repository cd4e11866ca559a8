#include "io/stores_csv_reader.h"

#include <fmt/format.h>

#include <sstream>
#include <unordered_map>

#include "io/csv_header.h"
#include "io/csv_reader.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

void read_stores_csv(std::istream& in, const std::string& file, AccountBuilder& out) {
  CsvReader reader(in, file);
  CsvRecord rec;
  if (!reader.next(rec)) {
    throw InputError(Diagnostic{SourceLoc{file, 1, 1}, "expected a header row (store_id,name), found an empty file", "", ""});
  }
  Columns cols = read_header(rec, file, {"store_id", "name"}, {"store_id", "name", "region"});
  const size_t width = rec.fields.size();
  std::vector<std::string> header;
  for (const auto& f : rec.fields) header.emplace_back(trim(f.value));
  DiagnosticSink sink;
  std::unordered_map<std::string, SourceLoc> seen;
  while (!sink.full() && reader.next(rec)) {
    if (rec.fields.size() != width) {
      sink.add(width_error(file, header, rec));
      continue;
    }
    auto val = [&](int c) { return c < 0 ? std::string() : std::string(trim(rec.fields[static_cast<size_t>(c)].value)); };
    std::string id = val(cols["store_id"]);
    SourceLoc here{file, rec.line, 1};
    if (id.empty()) {
      sink.add(Diagnostic{here, "expected a store_id, found an empty field", rec.first_line(), ""});
      continue;
    }
    if (auto it = seen.find(id); it != seen.end() || !out.add_store(id, val(cols["name"]), val(cols["region"]))) {
      sink.add(Diagnostic{here, fmt::format("expected each store once, found store {} again", quote(id)), rec.first_line(),
                          it != seen.end() ? "first given at " + it->second.str() : ""});
      continue;
    }
    seen.emplace(id, here);
  }
  sink.throw_if_any();
}

}  // namespace rolemig
