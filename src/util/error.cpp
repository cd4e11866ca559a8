#include "util/error.h"

#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

std::string SourceLoc::str() const {
  if (line <= 0) return file;
  if (col <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, col);
}

std::string SourceLoc::file_line() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}", file, line);
}

std::string render(const Diagnostic& d) {
  // Messages carry values from the inputs (emails, names, paths): escape
  // control characters so that nothing can drive the terminal. This is the
  // one place every error and warning passes through.
  std::string out = fmt::format("{}: error: {}", printable(d.loc.str()), printable(d.message));
  if (!d.note.empty()) out += fmt::format("; {}", printable(d.note));
  out += '\n';
  if (!d.source_line.empty() && d.loc.line > 0) {
    // Tabs and control characters would misplace the caret or corrupt the
    // terminal: show them as spaces / '?'.
    // C1 controls (0xc2 0x80..0x9f, or 0x80..0x9f alone) become '?' byte
    // for byte, so the caret stays under its byte column.
    std::string line = d.source_line.substr(0, 200);
    std::string shown;
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char u = static_cast<unsigned char>(line[i]);
      if (line[i] == '\t') shown += ' ';
      else if (u < 0x20 || u == 0x7f) shown += '?';
      else if (u < 0x80) shown += line[i];
      else if (u == 0xc2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) < 0xa0) {
        shown += "??";
        ++i;
      } else if (size_t n = utf8_sequence_at(line, i); n == 0) {
        // A byte that is not UTF-8 stays as it is (the message names it),
        // unless an 8-bit terminal would read it as a C1 control.
        shown += u < 0xa0 ? '?' : line[i];
      } else {
        shown += line.substr(i, n);
        i += n - 1;
      }
    }
    if (d.source_line.size() > 200) shown += "...";
    std::string gutter = fmt::format("{:>5} | ", d.loc.line);
    out += gutter + shown + '\n';
    if (d.loc.col > 0 && d.loc.col <= 201) {
      out += fmt::format("{:>5} | {}^\n", "", std::string(static_cast<size_t>(d.loc.col - 1), ' '));
    }
  }
  return out;
}

static std::string summarize(const std::vector<Diagnostic>& diags) {
  return diags.empty() ? std::string("input error") : diags.front().loc.str() + ": " + diags.front().message;
}

InputError::InputError(std::vector<Diagnostic> diags)
    : std::runtime_error(summarize(diags)), diags_(std::move(diags)) {}

InputError::InputError(Diagnostic d) : InputError(std::vector<Diagnostic>{std::move(d)}) {}

void DiagnosticSink::add(Diagnostic d) {
  if (full()) {
    ++dropped_;
    return;
  }
  diags_.push_back(std::move(d));
}

void DiagnosticSink::throw_if_any() {
  if (diags_.empty()) return;
  if (dropped_ > 0) {
    Diagnostic last = diags_.back();
    diags_.push_back(Diagnostic{SourceLoc{last.loc.file, 0, 0},
                                fmt::format("too many errors, {} more not shown", dropped_), "", ""});
  }
  throw InputError(std::move(diags_));
}

std::string line_of(std::string_view text, int line) {
  if (line <= 0) return {};
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return std::string(l);
}

}  // namespace rolemig
