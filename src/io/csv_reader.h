// A streaming RFC 4180 reader: one record at a time from an istream, each
// field with the line and column where it starts. Accepts CRLF or LF, a UTF-8
// BOM, and skips blank lines. Never holds more than one record.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "util/error.h"

namespace rolemig {

struct CsvField {
  std::string value;
  int line = 0;
  int col = 0;
};

struct CsvRecord {
  std::vector<CsvField> fields;
  int line = 0;            // where the record starts
  std::string first_line;  // the text of that line, for carets
  std::string text;        // the record's raw text (all its lines)

  // The text of physical line `l` of the record (a quoted field may span
  // lines), for a caret under a field there; empty outside the record.
  std::string line_text(int l) const { return l < line ? std::string() : line_of(text, l - line + 1); }
};

class CsvReader {
 public:
  CsvReader(std::istream& in, std::string file);

  // Reads the next non-blank record; false at end of input. Throws
  // InputError for an unterminated quote (at the opening quote), a stray
  // quote inside an unquoted field, a NUL byte or invalid UTF-8.
  bool next(CsvRecord& rec);

  const std::string& file() const { return file_; }

 private:
  int get();
  void read_quoted(CsvField& field);
  [[noreturn]] void fail(int line, int col, std::string message);

  std::istream& in_;
  std::string file_;
  int line_ = 1;
  int col_ = 1;
  bool first_ = true;
  std::string raw_;  // the raw text of the record being read
};

}  // namespace rolemig
