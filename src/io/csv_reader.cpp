#include "io/csv_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

CsvReader::CsvReader(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {}

int CsvReader::get() {
  int c = in_.get();
  if (c == EOF) return c;
  raw_ += static_cast<char>(c);
  if (c == '\n') {
    ++line_;
    col_ = 1;
  } else {
    ++col_;
  }
  return c;
}

void CsvReader::fail(int line, int col, std::string message) {
  // The caret line: the physical line `line` within the record's raw text,
  // read on to its end so the line is shown whole, not cut at the problem.
  for (int c = in_.peek(); c != EOF && c != '\n' && raw_.size() < 8192; c = in_.peek()) raw_ += static_cast<char>(in_.get());
  int first = line_ - static_cast<int>(std::count(raw_.begin(), raw_.end(), '\n'));
  std::string text = line_of(raw_, line - first + 1);
  if (text.size() > 4096) text.resize(4096);
  throw InputError(Diagnostic{SourceLoc{file_, line, col}, std::move(message), text, ""});
}

// Reads a quoted field after its opening quote; doubled quotes are one quote.
void CsvReader::read_quoted(CsvField& field) {
  while (true) {
    int d = get();
    if (d == EOF) fail(field.line, field.col, "expected a closing '\"' for the quoted field opened here, found end of file");
    if (d == '\0') fail(line_, col_ - 1, "expected text, found a NUL byte");
    if (d == '"') {
      if (in_.peek() == '"') {
        get();
        field.value += '"';
        continue;
      }
      break;
    }
    field.value += static_cast<char>(d);
  }
  int n = in_.peek();
  if (n != ',' && n != '\n' && n != '\r' && n != EOF) {
    fail(line_, col_, fmt::format("expected ',' or end of line after a quoted field, found {}", quote(std::string(1, static_cast<char>(n)))));
  }
}

bool CsvReader::next(CsvRecord& rec) {
  if (first_) {
    first_ = false;
    if (in_.peek() == 0xEF) {
      // Skip a BOM; any other text starting with 0xEF (a valid UTF-8
      // character, or invalid bytes) is read as field text from the start.
      std::istream::pos_type start = in_.tellg();
      char bom[3] = {0, 0, 0};
      in_.read(bom, 3);
      if (static_cast<unsigned char>(bom[1]) != 0xBB || static_cast<unsigned char>(bom[2]) != 0xBF) {
        in_.clear();
        if (start == std::istream::pos_type(-1) || !in_.seekg(start)) fail(1, 1, "expected UTF-8 text, found invalid UTF-8");
      }
    }
  }
  while (true) {
    if (in_.peek() == EOF) return false;
    raw_.clear();
    rec.fields.clear();
    rec.line = line_;
    CsvField field{"", line_, col_};
    bool at_field_start = true;
    bool quoted_any = false, quoted = false;
    auto finish_field = [&] {
      if (size_t bad = invalid_utf8_at(field.value); bad != std::string::npos) {
        // At the offending byte: count the lines and doubled quotes before it.
        std::string_view before = std::string_view(field.value).substr(0, bad);
        size_t nl = before.rfind('\n');
        std::string_view last = nl == std::string_view::npos ? before : before.substr(nl + 1);
        int col = static_cast<int>(last.size() + static_cast<size_t>(std::count(last.begin(), last.end(), '"'))) +
                  (nl == std::string_view::npos ? field.col + (quoted ? 1 : 0) : 1);
        fail(field.line + static_cast<int>(std::count(before.begin(), before.end(), '\n')), col,
             fmt::format("expected UTF-8 text, found invalid UTF-8 (byte 0x{:02x})", static_cast<unsigned char>(field.value[bad])));
      }
      rec.fields.push_back(std::move(field));
      field = CsvField{"", line_, col_};
      at_field_start = true;
      quoted = false;
    };
    while (true) {
      int c = get();
      if (c == EOF) {
        finish_field();
        break;
      }
      if (c == '\0') fail(line_, col_ - 1, "expected text, found a NUL byte");
      if (at_field_start && c == '"') {
        quoted_any = quoted = true;
        at_field_start = false;
        read_quoted(field);
        continue;
      }
      at_field_start = false;
      if (c == '\r' && in_.peek() == '\n') continue;
      if (c == '\n') {
        finish_field();
        break;
      }
      if (c == ',') {
        finish_field();
        continue;
      }
      if (c == '"') fail(line_, col_ - 1, "expected a field without quotes or a fully quoted field, found a stray '\"'");
      field.value += static_cast<char>(c);
    }
    bool blank = !quoted_any && rec.fields.size() == 1 && trim(rec.fields[0].value).empty();
    if (blank) continue;
    rec.first_line = line_of(raw_, 1);
    rec.text = raw_;
    return true;
  }
}

}  // namespace rolemig
