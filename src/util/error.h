// Errors a user can cause, and the one internal-error type.
//
// Readers report problems as Diagnostics: a location, the message in the
// contract's words ("expected X, found Y"), the offending source line (for the
// caret) and optionally a second place ("first given at ..."). Several
// diagnostics travel together in one InputError so one run reports every
// problem in a file that can still be read. The CLI is the one catch site.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace rolemig {

struct SourceLoc {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no line (a missing file)
  int col = 0;   // 1-based; 0 when unknown

  std::string str() const;          // "file:line:col", or "file" without a line
  std::string file_line() const;    // "file:line"
};

struct Diagnostic {
  SourceLoc loc;
  std::string message;      // "expected ..., found ..." (no "error:" prefix)
  std::string source_line;  // the text of loc.line, for the caret; may be empty
  std::string note;         // e.g. "first given at users.csv:2:1"; may be empty
};

// Renders "file:line:col: error: message[; note]" then the source line with a
// caret under the column. Deterministic; ends with a newline.
std::string render(const Diagnostic& d);

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diags);
  explicit InputError(Diagnostic d);
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }

 private:
  std::vector<Diagnostic> diags_;
};

// A broken invariant of the program itself: never a user's fault. Aborts the
// run with exit 2 before anything is written.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// rolemig is installed incompletely (a shipped file is missing): no input is
// at fault. Printed as "rolemig: error: <what>", exit 2.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Collects diagnostics for one input and throws them together. Stops
// collecting at `cap` so a garbage file does not print a million lines.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(size_t cap = 20) : cap_(cap) {}
  void add(Diagnostic d);
  bool full() const { return diags_.size() >= cap_; }
  bool empty() const { return diags_.empty(); }
  // Throws InputError if anything was added.
  void throw_if_any();

 private:
  size_t cap_;
  size_t dropped_ = 0;
  std::vector<Diagnostic> diags_;
};

// Returns line `line` (1-based) of `text` without its line ending; empty if
// out of range.
std::string line_of(std::string_view text, int line);

}  // namespace rolemig
