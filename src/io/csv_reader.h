// A streaming RFC 4180 reader: one record at a time from an istream, each
// field with the line and column where it starts. Accepts CRLF or LF, a UTF-8
// BOM, and skips blank lines. Never holds more than one record and a block of
// input; reads the stream's buffer in blocks, not a character at a time.
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
  int line = 0;      // where the record starts
  std::string text;  // the record's raw text (all its lines)

  // The text of the record's first line, for carets.
  std::string first_line() const { return line_of(text, 1); }

  // The text of physical line `l` of the record (a quoted field may span
  // lines), for a caret under a field there; empty outside the record.
  std::string line_text(int l) const { return record_line_text(text, line, l); }

  // The same for a record's raw text `text` that starts on line `first`.
  static std::string record_line_text(std::string_view text, int first, int l) { return l < first ? std::string() : line_of(text, l - first + 1); }
};

class CsvReader {
 public:
  // How much is read from the stream at a time.
  static constexpr size_t kBlock = size_t{64} << 10;

  // `block` is the most read at a time (tests make it tiny).
  CsvReader(std::istream& in, std::string file, size_t block = kBlock);

  // Reads the next non-blank record; false at end of input. Throws
  // InputError for an unterminated quote (at the opening quote), a stray
  // quote inside an unquoted field, a NUL byte or invalid UTF-8. Reuses
  // `rec`'s strings, so pass the same record each time.
  bool next(CsvRecord& rec);

  const std::string& file() const { return file_; }

 private:
  // The next byte without taking it; EOF at the end.
  int peek() { return pos_ < buf_.size() || fill(1) ? static_cast<unsigned char>(buf_[pos_]) : EOF; }
  // Takes the next byte into the record's raw text, counting lines and columns.
  int get();
  // Makes at least `n` bytes from pos_ available; false if the input ends first.
  bool fill(size_t n);
  // Takes the bytes from pos_ up to (not including) the first special one
  // within the buffer into `value`; returns how many.
  size_t take_plain(std::string& value, bool quoted);
  void read_quoted(CsvField& field);
  [[noreturn]] void fail(int line, int col, std::string message);

  std::streambuf& in_;
  std::string file_;
  size_t block_;
  std::string buf_;  // input read ahead; buf_[pos_] is the next byte
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  bool first_ = true;
  std::string raw_;  // the raw text of the record being read
};

}  // namespace rolemig
