#include "util/error.h"

#include <fmt/format.h>

#include <algorithm>

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

Excerpt excerpt_at(std::string_view text, size_t offset, int col) {
  offset = std::min(offset, text.size());
  // The line's start, if it lies within the part shown from the start.
  size_t start = offset;
  const size_t back_limit = offset > kExcerptWidth ? offset - kExcerptWidth : 0;
  while (start > back_limit && text[start - 1] != '\n') --start;
  Excerpt e;
  if (start > 0 && text[start - 1] != '\n') {
    // A long line: from a little before the column, at a character's first byte.
    start = offset > 100 ? offset - 100 : 0;
    while (start < offset && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
    e.first_col = std::max(2, col - static_cast<int>(offset - start));
  }
  size_t end = start;
  while (end < text.size() && end - start < kExcerptWidth + 1 && text[end] != '\n') ++end;
  if (end > start && text[end - 1] == '\r' && (end == text.size() || text[end] == '\n')) --end;
  e.text = std::string(text.substr(start, end - start));
  return e;
}

Excerpt excerpt_of_line(std::string_view line, int col) {
  size_t offset = col > 1 ? std::min(static_cast<size_t>(col - 1), line.size()) : 0;
  return excerpt_at(line, offset, col);
}

Diagnostic diagnostic_at(SourceLoc loc, std::string message, std::string_view text, size_t offset) {
  Excerpt e = excerpt_at(text, offset, loc.col);
  return Diagnostic{loc, std::move(message), std::move(e.text), "", e.first_col};
}

Diagnostic diagnostic_at(SourceLoc loc, std::string message, Excerpt line, Severity severity) {
  Diagnostic d{loc, std::move(message), std::move(line.text), "", line.first_col, severity};
  keep_excerpt(d);
  return d;
}

void keep_excerpt(Diagnostic& d) {
  if (d.excerpt_col != 1 || d.source_line.size() <= kExcerptWidth + 1) return;
  Excerpt e = excerpt_of_line(d.source_line, d.loc.col);
  d.source_line = std::move(e.text);
  d.excerpt_col = e.first_col;
}

std::string render(const Diagnostic& diag) {
  // Messages carry values from the inputs (emails, names, paths): escape
  // control characters so that nothing can drive the terminal. This is the
  // one place every error and warning passes through.
  Diagnostic d = diag;
  keep_excerpt(d);
  std::string out = fmt::format("{}: {}: {}", printable(d.loc.str()), d.severity == Severity::warning ? "warning" : "error", printable(d.message));
  if (!d.note.empty()) out += fmt::format("; {}", printable(d.note));
  out += '\n';
  if (!d.source_line.empty() && d.loc.line > 0) {
    // Tabs and control characters would misplace the caret or corrupt the
    // terminal: show them as spaces / '?'.
    const std::string before = d.excerpt_col > 1 ? "..." : "";
    std::string shown = before;
    // C1 controls (0xc2 0x80..0x9f, or 0x80..0x9f alone) become '?' byte
    // for byte, so the caret stays under its byte column.
    const std::string line = d.source_line.substr(0, kExcerptWidth);
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char u = static_cast<unsigned char>(line[i]);
      if (line[i] == '\t')
        shown += ' ';
      else if (u < 0x20 || u == 0x7f)
        shown += '?';
      else if (u < 0x80)
        shown += line[i];
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
    if (d.source_line.size() > kExcerptWidth) shown += "...";
    std::string gutter = fmt::format("{:>5} | ", d.loc.line);
    out += gutter + shown + '\n';
    const int at = d.loc.col - d.excerpt_col;  // the caret's byte in source_line
    if (d.loc.col > 0 && at >= 0 && at <= static_cast<int>(kExcerptWidth)) {
      out += fmt::format("{:>5} | {}^\n", "", std::string(before.size() + static_cast<size_t>(at), ' '));
    }
  }
  return out;
}

std::string with_commas(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

static std::string summarize(const std::vector<Diagnostic>& diags) {
  return diags.empty() ? std::string("input error") : diags.front().loc.str() + ": " + diags.front().message;
}

InputError::InputError(std::vector<Diagnostic> diags) : std::runtime_error(summarize(diags)), diags_(std::move(diags)) {
  for (auto& d : diags_) keep_excerpt(d);
}

InputError::InputError(Diagnostic d) : InputError(std::vector<Diagnostic>{std::move(d)}) {}

void DiagnosticSink::add(Diagnostic d) {
  if (full()) {
    ++dropped_;
    return;
  }
  keep_excerpt(d);
  diags_.push_back(std::move(d));
}

WarningList::Kind& WarningList::kind(std::string_view name) {
  for (auto& k : kinds_)
    if (k.name == name) return k;
  kinds_.push_back(Kind{std::string(name), 0, 0, ""});
  return kinds_.back();
}

bool WarningList::wants(std::string_view name) const {
  for (const auto& k : kinds_)
    if (k.name == name) return k.kept < cap_;
  return cap_ > 0;
}

void WarningList::add(std::string_view name, Diagnostic d) {
  Kind& k = kind(name);
  if (k.kept >= cap_) {
    if (k.dropped++ == 0) k.file = d.loc.file;
    return;
  }
  ++k.kept;
  keep_excerpt(d);
  kept_.push_back(std::move(d));
}

std::vector<Diagnostic> WarningList::take() {
  std::vector<Diagnostic> out = std::move(kept_);
  for (const auto& k : kinds_) {
    if (k.dropped == 0) continue;
    out.push_back(
        Diagnostic{SourceLoc{k.file, 0, 0}, fmt::format("and {} more {} (not shown)", with_commas(k.dropped), k.name), "", "", 1, Severity::warning});
  }
  kept_.clear();
  kinds_.clear();
  return out;
}

void DiagnosticSink::throw_if_any() {
  if (diags_.empty()) return;
  if (dropped_ > 0) {
    Diagnostic last = diags_.back();
    diags_.push_back(Diagnostic{SourceLoc{last.loc.file, 0, 0}, fmt::format("too many errors, {} more not shown", dropped_), "", ""});
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
