// Errors a user can cause, and the one internal-error type.
//
// Readers report problems as Diagnostics: a location, a severity, the message
// in the contract's words ("expected X, found Y"), an excerpt of the offending
// source line (for the caret) and optionally a second place ("first given at
// ..."). A diagnostic is complete where it is made: the excerpt is cut from
// the input's text then, because a later stage no longer has that text and a
// file name is only a name to show (a pipe, a FIFO, the shipped catalog shown
// as "mappings/..."). Several diagnostics travel together in one InputError so
// one run reports every problem in a file that can still be read. The CLI is
// the one catch site.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "util/file_name.h"

namespace rolemig {

struct SourceLoc {
  FileName file;
  int line = 0;  // 1-based; 0 when the problem has no line (a missing file)
  int col = 0;   // 1-based; 0 when unknown

  std::string str() const;        // "file:line:col", or "file" without a line
  std::string file_line() const;  // "file:line"
};

// How much of a source line a diagnostic shows (and keeps): a one-line JSON
// export is one line of gigabytes, and a message must not copy it.
inline constexpr size_t kExcerptWidth = 200;

// The part of a line a diagnostic keeps for column `col`, found from the
// byte `offset` of that column in `text` without reading the whole line:
// the line from its start when `col` lies in its first kExcerptWidth + 1
// bytes, else from 100 bytes before the column; at most kExcerptWidth + 1
// bytes (the extra byte tells render() that the line goes on). A definition
// that a later stage may report on (a rule, a group, a live grant) keeps
// the excerpt of its line beside its SourceLoc.
struct Excerpt {
  std::string text;
  int first_col = 1;
};
Excerpt excerpt_at(std::string_view text, size_t offset, int col);
// The same for a whole line (without its line ending).
Excerpt excerpt_of_line(std::string_view line, int col);

// Printed before the message: "error:" or "warning:". A warning never
// stops a run; it is made as one where it arises (WarningList).
enum class Severity { error, warning };

struct Diagnostic {
  SourceLoc loc;
  std::string message;      // "expected ..., found ..." (no "error:" prefix)
  std::string source_line;  // the text of loc.line (or an excerpt of it), for the caret; may be empty
  std::string note;         // e.g. "first given at users.csv:2:1"; may be empty
  int excerpt_col = 1;      // the column of source_line's first byte: > 1 for an excerpt from inside a long line
  Severity severity = Severity::error;
};

// A diagnostic at `loc` whose caret line is cut from `text` at byte `offset`
// (the position of loc.col).
Diagnostic diagnostic_at(SourceLoc loc, std::string message, std::string_view text, size_t offset);
// A diagnostic at `loc` showing `line`, the excerpt of loc's line kept when
// the input was read (empty: no line is shown).
Diagnostic diagnostic_at(SourceLoc loc, std::string message, Excerpt line, Severity severity = Severity::error);
// Replaces a whole source line by the excerpt that render() shows.
void keep_excerpt(Diagnostic& d);

// Renders "file:line:col: error: message[; note]" ("warning:" for a warning)
// then the source line with a caret under the column ("..." marks a line cut
// before or after the part shown). Deterministic; ends with a newline.
std::string render(const Diagnostic& d);

// "1,998": counts in messages.
std::string with_commas(size_t n);

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
// Keeps only an excerpt of each source line (keep_excerpt).
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

// Warnings of one run (diagnostics made with Severity::warning), at most
// `cap` of each kind: the rest are counted and summed up in one warning
// ("and 1,998 more ..."), so a million merged rows do not print (or hold) a
// million messages.
class WarningList {
 public:
  explicit WarningList(size_t cap = 20) : cap_(cap) {}
  // False once `kind` has its cap: the caller need not build the message
  // (add() would only count it).
  bool wants(std::string_view kind) const;
  // `kind` names the warnings for the summary line ("rows that differ only
  // in extra permissions").
  void add(std::string_view kind, Diagnostic d);
  // The kept warnings in the order added, then one "and N more <kind>
  // (not shown)" per kind over its cap, in order of first warning.
  std::vector<Diagnostic> take();

 private:
  struct Kind {
    std::string name;
    size_t kept = 0;
    size_t dropped = 0;
    std::string file;
  };
  Kind& kind(std::string_view name);
  size_t cap_;
  std::vector<Kind> kinds_;
  std::vector<Diagnostic> kept_;
};

// Returns line `line` (1-based) of `text` without its line ending; empty if
// out of range.
std::string line_of(std::string_view text, int line);

}  // namespace rolemig
