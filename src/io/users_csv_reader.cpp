#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "io/csv_header.h"
#include "io/csv_reader.h"
#include "io/users_reader.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

void read_users_csv(std::istream& in, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  CsvReader reader(in, file);
  CsvRecord rec;
  if (!reader.next(rec)) {
    throw InputError(Diagnostic{SourceLoc{file, 1, 1}, "expected a header row (email,store_id,...), found an empty file", "", ""});
  }
  const std::vector<std::string> known = {"email", "user_id", "first_name", "last_name", "store_id", "role", "permissions", "status"};
  Columns cols = read_header(rec, file, {"email", "store_id"}, known);
  const size_t width = rec.fields.size();
  std::vector<std::string> header;
  for (const auto& f : rec.fields) header.emplace_back(trim(f.value));
  const int c_email = cols["email"], c_uid = cols["user_id"], c_first = cols["first_name"], c_last = cols["last_name"], c_store = cols["store_id"],
            c_role = cols["role"], c_perms = cols["permissions"], c_status = cols["status"];
  DiagnosticSink sink;
  const std::vector<std::string> role_names = cat.role_names();
  const std::vector<std::string> perm_ids = cat.permission_ids();
  bool any_row = false;
  const FileName name(file);  // interned once, not per row
  // A syntax error ends the file; report it after the rows' problems found so far.
  auto next = [&] {
    try {
      return reader.next(rec);
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) sink.add(d);
      sink.throw_if_any();
      throw;
    }
  };
  while (!sink.full() && next()) {
    any_row = true;
    auto at = [&](int c) { return SourceLoc{name, rec.fields[static_cast<size_t>(c)].line, rec.fields[static_cast<size_t>(c)].col}; };
    // The caret line is the diagnostic's own line: a quoted field may have moved it past the record's first.
    auto diag = [&](SourceLoc l, std::string msg) {
      std::string text = rec.line_text(l.line);
      sink.add(Diagnostic{l, std::move(msg), std::move(text), ""});
    };
    if (rec.fields.size() != width) {
      sink.add(width_error(file, header, rec));
      continue;
    }
    auto val = [&](int c) { return c < 0 ? std::string() : std::string(trim(rec.fields[static_cast<size_t>(c)].value)); };
    UserRow row;
    row.where = SourceLoc{name, rec.line, 1};
    row.email = val(c_email);
    if (row.email.empty()) {
      diag(at(c_email), "expected an email, found an empty field");
      continue;
    }
    if (auto problem = email_problem(row.email)) {
      diag(at(c_email), fmt::format("expected an email address, found {} ({})", quote(row.email), *problem));
      continue;
    }
    row.store_id = val(c_store);
    if (row.store_id.empty()) {
      diag(at(c_store), "expected a store_id, found an empty field");
      continue;
    }
    row.user_id = val(c_uid);
    if (c_uid >= 0) row.user_id_at = at(c_uid);
    row.first_name = val(c_first);
    row.last_name = val(c_last);
    bool ok = true;
    std::string role = val(c_role);
    if (!role.empty()) {
      row.role = cat.find_role(role);
      if (!row.role) {
        diag(at(c_role), fmt::format("expected a standard or custom role, found {}{}", quote(role), did_you_mean(role, role_names)));
        ok = false;
      }
    }
    row.extras = cat.empty_set();
    bool has_perms = false;
    if (c_perms >= 0) {
      const CsvField& f = rec.fields[static_cast<size_t>(c_perms)];
      size_t offset = 0;
      for (const auto& part : split(f.value, ';')) {
        std::string id(trim(part));
        size_t lead = part.find_first_not_of(" \t");
        if (!id.empty()) {
          has_perms = true;
          if (id == kNoPermissionRequired) {
            // No access, defined in the catalog or not (SPEC 1).
          } else if (auto p = cat.find_permission(id)) {
            if (!cat.is_ignored(*p)) row.extras.set(*p);
          } else {
            // The id's column within an unquoted field; a quoted field's first character is the quote.
            int col = f.col + static_cast<int>(offset + (lead == std::string::npos ? 0 : lead));
            std::string field_line = rec.line_text(f.line);
            if (field_line.size() > static_cast<size_t>(f.col - 1) && field_line[static_cast<size_t>(f.col - 1)] == '"') ++col;
            diag(SourceLoc{file, f.line, col},
                 fmt::format("expected a permission id defined in permissions.yaml, found {}{}", quote(id), did_you_mean(id, perm_ids)));
            ok = false;
          }
        }
        offset += part.size() + 1;
      }
    }
    if (c_status >= 0) {
      std::string st = val(c_status);
      auto s = parse_status(st);
      if (!s) {
        diag(at(c_status), fmt::format("expected a status (active, invited, suspended), found {}{}", quote(st),
                                       did_you_mean(st, {"active", "invited", "suspended"})));
        ok = false;
      } else {
        row.status = *s;
      }
    }
    if (!ok) continue;
    if (!row.role && !has_perms) {
      diag(row.where, fmt::format("expected a role or permissions for {} on store {}, found neither", fold_case(row.email), row.store_id));
      continue;
    }
    out.add_row(
        std::move(row), [&](const SourceLoc& l) { return excerpt_of_line(rec.line_text(l.line), l.col); }, sink);
  }
  sink.throw_if_any();
  if (!any_row) {
    throw InputError(Diagnostic{SourceLoc{file, 2, 1}, "expected at least one user row after the header, found none", "", ""});
  }
}

}  // namespace rolemig
