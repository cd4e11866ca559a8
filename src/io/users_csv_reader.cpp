#include <fmt/format.h>

#include "io/csv_header.h"
#include "io/csv_reader.h"
#include "io/users_reader.h"
#include "util/file.h"
#include "util/pipeline.h"
#include "util/text.h"

namespace rolemig {

namespace {

// What one record of the export gives: its problems, or a row to add.
struct ParsedRecord {
  std::vector<Diagnostic> problems;
  bool has_row = false;
  UserRow row;
  int line = 0;           // where the record starts
  size_t text_begin = 0;  // its raw text in the batch's `texts`
  size_t text_end = 0;
};

// Records parsed on one thread and added to the account on another.
struct ParsedBatch {
  std::string texts;
  std::vector<ParsedRecord> records;
};
constexpr size_t kBatchRecords = 4096;

// Turns records into rows: checks every field the account does not need to
// know about (emails, roles, permissions, status), so it can run apart from
// the AccountBuilder.
class RecordParser {
 public:
  RecordParser(const std::string& file, const Catalog& cat, const CsvRecord& header, const Columns& cols)
      : file_(file), name_(file), cat_(cat), width_(header.fields.size()), role_names_(cat.role_names()), perm_ids_(cat.permission_ids()) {
    for (const auto& f : header.fields) header_.emplace_back(trim(f.value));
    c_email_ = cols["email"], c_uid_ = cols["user_id"], c_first_ = cols["first_name"], c_last_ = cols["last_name"], c_store_ = cols["store_id"];
    c_role_ = cols["role"], c_perms_ = cols["permissions"], c_status_ = cols["status"];
  }

  void parse(const CsvRecord& rec, ParsedRecord& out) const;

 private:
  const std::string& file_;
  const FileName name_;  // interned once, not per row
  const Catalog& cat_;
  size_t width_;
  std::vector<std::string> header_;
  std::vector<std::string> role_names_, perm_ids_;
  int c_email_, c_uid_, c_first_, c_last_, c_store_, c_role_, c_perms_, c_status_;
};

void RecordParser::parse(const CsvRecord& rec, ParsedRecord& out) const {
  auto at = [&](int c) { return SourceLoc{name_, rec.fields[static_cast<size_t>(c)].line, rec.fields[static_cast<size_t>(c)].col}; };
  // The caret line is the diagnostic's own line: a quoted field may have moved it past the record's first.
  auto diag = [&](SourceLoc l, std::string msg) {
    std::string text = rec.line_text(l.line);
    out.problems.push_back(Diagnostic{l, std::move(msg), std::move(text), ""});
  };
  if (rec.fields.size() != width_) {
    out.problems.push_back(width_error(file_, header_, rec));
    return;
  }
  auto val = [&](int c) { return c < 0 ? std::string() : std::string(trim(rec.fields[static_cast<size_t>(c)].value)); };
  UserRow& row = out.row;
  row.where = SourceLoc{name_, rec.line, 1};
  row.email = val(c_email_);
  if (row.email.empty()) {
    diag(at(c_email_), "expected an email, found an empty field");
    return;
  }
  if (auto problem = email_problem(row.email)) {
    diag(at(c_email_), fmt::format("expected an email address, found {} ({})", quote(row.email), *problem));
    return;
  }
  row.store_id = val(c_store_);
  if (row.store_id.empty()) {
    diag(at(c_store_), "expected a store_id, found an empty field");
    return;
  }
  row.user_id = val(c_uid_);
  if (c_uid_ >= 0) row.user_id_at = at(c_uid_);
  row.first_name = val(c_first_);
  row.last_name = val(c_last_);
  bool ok = true;
  std::string role = val(c_role_);
  if (!role.empty()) {
    row.role = cat_.find_role(role);
    if (!row.role) {
      diag(at(c_role_), fmt::format("expected a standard or custom role, found {}{}", quote(role), did_you_mean(role, role_names_)));
      ok = false;
    }
  }
  row.extras = cat_.empty_set();
  bool has_perms = false;
  if (c_perms_ >= 0) {
    const CsvField& f = rec.fields[static_cast<size_t>(c_perms_)];
    size_t offset = 0;
    for (const auto& part : split(f.value, ';')) {
      std::string id(trim(part));
      size_t lead = part.find_first_not_of(" \t");
      if (!id.empty()) {
        has_perms = true;
        if (id == kNoPermissionRequired) {
          // No access, defined in the catalog or not (SPEC 1).
        } else if (auto p = cat_.find_permission(id)) {
          if (!cat_.is_ignored(*p)) row.extras.set(*p);
        } else {
          // The id's column within an unquoted field; a quoted field's first character is the quote.
          int col = f.col + static_cast<int>(offset + (lead == std::string::npos ? 0 : lead));
          std::string field_line = rec.line_text(f.line);
          if (field_line.size() > static_cast<size_t>(f.col - 1) && field_line[static_cast<size_t>(f.col - 1)] == '"') ++col;
          diag(SourceLoc{file_, f.line, col},
               fmt::format("expected a permission id defined in permissions.yaml, found {}{}", quote(id), did_you_mean(id, perm_ids_)));
          ok = false;
        }
      }
      offset += part.size() + 1;
    }
  }
  if (c_status_ >= 0) {
    std::string st = val(c_status_);
    auto s = parse_status(st);
    if (!s) {
      diag(at(c_status_), fmt::format("expected a status (active, invited, suspended), found {}{}", quote(st),
                                      did_you_mean(st, {"active", "invited", "suspended"})));
      ok = false;
    } else {
      row.status = *s;
    }
  }
  if (!ok) return;
  if (!row.role && !has_perms) {
    diag(row.where, fmt::format("expected a role or permissions for {} on store {}, found neither", fold_case(row.email), row.store_id));
    return;
  }
  out.has_row = true;
}

}  // namespace

void read_users_csv(std::istream& in, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  CsvReader reader(in, file);
  CsvRecord rec;
  if (!reader.next(rec)) {
    throw InputError(Diagnostic{SourceLoc{file, 1, 1}, "expected a header row (email,store_id,...), found an empty file", "", ""});
  }
  const std::vector<std::string> known = {"email", "user_id", "first_name", "last_name", "store_id", "role", "permissions", "status"};
  const RecordParser parser(file, cat, rec, read_header(rec, file, {"email", "store_id"}, known));
  DiagnosticSink sink;
  bool any_row = false;
  // Records are parsed on one core and added to the account on the other,
  // a batch at a time, in the order read.
  auto produce = [&](const auto& put) {
    ParsedBatch batch;
    try {
      while (reader.next(rec)) {
        ParsedRecord& r = batch.records.emplace_back();
        r.line = rec.line;
        r.text_begin = batch.texts.size();
        batch.texts += rec.text;
        r.text_end = batch.texts.size();
        parser.parse(rec, r);
        if (batch.records.size() == kBatchRecords) {
          if (!put(std::move(batch))) return;
          batch = ParsedBatch{};
        }
      }
    } catch (...) {
      // The records read before the error go first.
      if (!batch.records.empty()) put(std::move(batch));
      throw;
    }
    if (!batch.records.empty()) put(std::move(batch));
  };
  auto consume = [&](ParsedBatch batch) {
    for (ParsedRecord& r : batch.records) {
      if (sink.full()) return false;
      any_row = true;
      for (auto& d : r.problems) sink.add(std::move(d));
      if (!r.has_row) continue;
      const std::string_view text = std::string_view(batch.texts).substr(r.text_begin, r.text_end - r.text_begin);
      out.add_row(
          std::move(r.row), [&](const SourceLoc& l) { return excerpt_of_line(CsvRecord::record_line_text(text, r.line, l.line), l.col); }, sink);
    }
    return !sink.full();  // full, one thread would not read the next record
  };
  try {
    run_pipelined<ParsedBatch>(produce, consume);
  } catch (const InputError& e) {
    // A syntax error ends the file; report it after the rows' problems found
    // so far. With the problems at their cap, reading had stopped before it.
    if (!sink.full())
      for (const auto& d : e.diagnostics()) sink.add(d);
    sink.throw_if_any();
    throw;
  }
  sink.throw_if_any();
  if (!any_row) {
    throw InputError(Diagnostic{SourceLoc{file, 2, 1}, "expected at least one user row after the header, found none", "", ""});
  }
}

}  // namespace rolemig
