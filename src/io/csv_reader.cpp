#include "io/csv_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

CsvReader::CsvReader(std::istream& in, std::string file, size_t block) : in_(*in.rdbuf()), file_(std::move(file)), block_(block) {}

bool CsvReader::fill(size_t n) {
  while (buf_.size() - pos_ < n) {
    // Drop what was taken, then read after what is left: what the stream
    // holds already (up to a block), else one byte, which makes it read on.
    // Never more: reading on may meet a read error, which must come after
    // the records before it, as when reading a character at a time.
    buf_.erase(0, pos_);
    pos_ = 0;
    const std::streamsize held = in_.in_avail();
    const auto want = static_cast<size_t>(held > 0 ? std::min<std::streamsize>(held, static_cast<std::streamsize>(block_)) : 1);
    const size_t have = buf_.size();
    buf_.resize(have + want);
    const std::streamsize got = in_.sgetn(buf_.data() + have, static_cast<std::streamsize>(want));
    buf_.resize(have + static_cast<size_t>(std::max<std::streamsize>(got, 0)));
    if (got <= 0) return buf_.size() >= n;
  }
  return true;
}

int CsvReader::get() {
  int c = peek();
  if (c == EOF) return c;
  ++pos_;
  raw_ += static_cast<char>(c);
  if (c == '\n') {
    ++line_;
    col_ = 1;
  } else {
    ++col_;
  }
  return c;
}

size_t CsvReader::take_plain(std::string& value, bool quoted) {
  if (pos_ == buf_.size()) fill(1);
  const char* begin = buf_.data() + pos_;
  const char* end = buf_.data() + buf_.size();
  const char* p = begin;
  // Within quotes only a quote ends the run (and a NUL, and a newline for the
  // line count); outside them a comma or a line end also does.
  if (quoted) {
    while (p < end && *p != '"' && *p != '\n' && *p != '\0') ++p;
  } else {
    while (p < end && *p != ',' && *p != '\n' && *p != '\r' && *p != '"' && *p != '\0') ++p;
  }
  const size_t n = static_cast<size_t>(p - begin);
  value.append(begin, n);
  raw_.append(begin, n);
  pos_ += n;
  col_ += static_cast<int>(n);
  return n;
}

void CsvReader::fail(int line, int col, std::string message) {
  // The caret line: the physical line `line` within the record's raw text,
  // read on to its end so the line is shown whole, not cut at the problem.
  for (int c = peek(); c != EOF && c != '\n' && raw_.size() < 8192; c = peek()) {
    raw_ += static_cast<char>(c);
    ++pos_;
  }
  int first = line_ - static_cast<int>(std::count(raw_.begin(), raw_.end(), '\n'));
  std::string text = line_of(raw_, line - first + 1);
  if (text.size() > 4096) text.resize(4096);
  throw InputError(Diagnostic{SourceLoc{file_, line, col}, std::move(message), text, ""});
}

// Reads a quoted field after its opening quote; doubled quotes are one quote.
void CsvReader::read_quoted(CsvField& field) {
  while (true) {
    if (take_plain(field.value, true) > 0) continue;
    int d = get();
    if (d == EOF) fail(field.line, field.col, "expected a closing '\"' for the quoted field opened here, found end of file");
    if (d == '\0') fail(line_, col_ - 1, "expected text, found a NUL byte");
    if (d == '"') {
      if (peek() == '"') {
        get();
        field.value += '"';
        continue;
      }
      break;
    }
    field.value += static_cast<char>(d);
  }
  int n = peek();
  if (n != ',' && n != '\n' && n != '\r' && n != EOF) {
    fail(line_, col_, fmt::format("expected ',' or end of line after a quoted field, found {}", quote(std::string(1, static_cast<char>(n)))));
  }
}

bool CsvReader::next(CsvRecord& rec) {
  if (first_) {
    first_ = false;
    // Skip a BOM; any other text starting with 0xEF (a valid UTF-8
    // character, or invalid bytes) is read as field text from the start.
    if (fill(3) && buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
  }
  while (true) {
    if (peek() == EOF) return false;
    raw_.clear();
    rec.line = line_;
    // The fields' strings are reused from record to record.
    size_t count = 0;
    bool at_field_start = true;
    bool quoted_any = false, quoted = false;
    auto start_field = [&] {
      if (count == rec.fields.size()) rec.fields.emplace_back();
      CsvField& f = rec.fields[count];
      f.value.clear();
      f.line = line_;
      f.col = col_;
    };
    auto finish_field = [&] {
      CsvField& field = rec.fields[count];
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
      ++count;
      start_field();
      at_field_start = true;
      quoted = false;
    };
    start_field();
    while (true) {
      if (take_plain(rec.fields[count].value, false) > 0) at_field_start = false;
      int c = get();
      if (c == EOF) {
        finish_field();
        break;
      }
      if (c == '\0') fail(line_, col_ - 1, "expected text, found a NUL byte");
      if (at_field_start && c == '"') {
        quoted_any = quoted = true;
        at_field_start = false;
        read_quoted(rec.fields[count]);
        continue;
      }
      at_field_start = false;
      if (c == '\r' && peek() == '\n') continue;
      if (c == '\n') {
        finish_field();
        break;
      }
      if (c == ',') {
        finish_field();
        continue;
      }
      if (c == '"') fail(line_, col_ - 1, "expected a field without quotes or a fully quoted field, found a stray '\"'");
      rec.fields[count].value += static_cast<char>(c);
    }
    // finish_field started one more field: the record holds `count`.
    rec.fields.resize(count);
    bool blank = !quoted_any && count == 1 && trim(rec.fields[0].value).empty();
    if (blank) continue;
    rec.text.swap(raw_);
    return true;
  }
}

}  // namespace rolemig
