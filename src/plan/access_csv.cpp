#include "plan/access_csv.h"

#include <algorithm>
#include <fmt/format.h>

#include "io/csv_reader.h"
#include "util/text.h"

namespace rolemig {

namespace {

// Whether a spreadsheet could read `v` as a formula once its leading
// apostrophes are gone: the neutralising apostrophe is added (and stripped)
// before any apostrophes a value already starts with, so a value such as
// "'-x" survives the round trip (written "''-x", read back "'-x").
bool formula_after_apostrophes(std::string_view v) {
  size_t i = v.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  char c = v[i];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (formula_after_apostrophes(v)) v = "'" + v;
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_unneutralise(std::string_view value) {
  if (!value.empty() && value[0] == '\'' && formula_after_apostrophes(value)) return std::string(value.substr(1));
  return std::string(value);
}

std::string render_access_csv(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<std::string> rows;
  for (UserIdx u = 0; u < access.size(); ++u) {
    std::string email = csv_field(p.account.users[u].email);
    for (const auto& [t, ps] : access[u]) {
      std::string target = csv_field(p.account.target_name(t));
      ps.for_each([&](PermId id) { rows.push_back(email + "," + target + "," + csv_field(p.catalog.permissions[id].id) + "\n"); });
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string out = "email,target,permission\n";
  for (const auto& r : rows) out += r;
  return out;
}

AccessSnapshot read_access_csv(std::istream& in, const std::string& file) {
  CsvReader reader(in, file);
  CsvRecord rec;
  if (!reader.next(rec)) throw InputError(Diagnostic{SourceLoc{file, 1, 1}, "expected a header row email,target,permission, found an empty file", "", ""});
  std::vector<std::string> header;
  for (const auto& f : rec.fields) header.push_back(fold_case(trim(f.value)));
  if (header != std::vector<std::string>{"email", "target", "permission"}) {
    throw InputError(Diagnostic{SourceLoc{file, rec.line, 1}, fmt::format("expected the header email,target,permission, found {}", join(header, ",")),
                                rec.first_line, ""});
  }
  AccessSnapshot snap;
  DiagnosticSink sink;
  while (!sink.full() && reader.next(rec)) {
    if (rec.fields.size() != 3) {
      sink.add(Diagnostic{SourceLoc{file, rec.line, 1}, fmt::format("expected 3 fields, found {}", rec.fields.size()), rec.first_line, ""});
      continue;
    }
    std::string email = fold_case(csv_unneutralise(rec.fields[0].value));
    snap[email].emplace(csv_unneutralise(rec.fields[1].value), csv_unneutralise(rec.fields[2].value));
  }
  sink.throw_if_any();
  return snap;
}

}  // namespace rolemig
