// Small string helpers shared by every layer. Knows nothing of the domain.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolemig {

// ASCII case folding: emails and names are compared with it. Bytes >= 0x80
// are kept as they are (documented: no Unicode case folding).
std::string fold_case(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Shell-style glob, the one matcher of rule and waiver `email` and `store`
// (SPEC 2.5): '*' any run, '?' one byte, '[...]' one byte of a class: single
// bytes and ranges 'a-z', negated by a leading '!' or '^'; a ']' right after
// the '[' (or its '!' / '^') and a '-' first or last are literal. Bytes, not
// code points; case-insensitive (ASCII) when asked, ranges included.
// A pattern with an unclosed '[' matches nothing: loaders reject it first
// with glob_unclosed_at.
enum class CaseSensitive { yes, no };
bool glob_match(std::string_view pattern, std::string_view text, CaseSensitive cs = CaseSensitive::no);
// The offset of the first '[' that opens a class no ']' closes; npos when
// every class is closed.
size_t glob_unclosed_at(std::string_view pattern);

// Why `s` is not an email address rolemig accepts ("has no '@'", "contains a
// space", ...),
// or nullopt when it is one: exactly one '@' between a non-empty local part
// and a domain; the domain's dot-separated labels are non-empty; no byte
// below 0x21 (NUL, control characters, space) or 0x7F, and none of
// , ; < > " ( ) [ ] \ (they separate or quote addresses in lists and
// headers: a field holding two addresses or a display name is refused; an
// apostrophe is kept, o'brien@x.example is a real address).
// Bytes >= 0x80 are accepted (internationalised addresses). The caller
// trims surrounding spaces first.
std::optional<std::string> email_problem(std::string_view s);

size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` (case-insensitively) when it is close enough
// to be a plausible typo; nullopt otherwise.
std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" or "" — appended to messages.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// JSON text for a terminal: the C1 controls (U+0080 to U+009F), which JSON
// writers leave raw and an 8-bit terminal obeys, as \u0080 to \u009f. The
// JSON value is unchanged (they occur only inside strings).
std::string terminal_json(std::string json);

// Quotes a value for a message: 'value', with control characters escaped;
// past 200 bytes, the first 200 and "...' (N bytes)".
std::string quote(std::string_view s);
// The value with control characters escaped (\n, \r, \t, \xNN; the C1
// controls as \u0080..\u009f; bytes that are not UTF-8 as \xNN), unquoted:
// for terminal lines that must stay one line.
std::string printable(std::string_view s);

bool valid_utf8(std::string_view s);
// The length of the well-formed UTF-8 sequence that starts at s[i] (1 for
// ASCII), or 0 when no character starts there.
size_t utf8_sequence_at(std::string_view s, size_t i);
// The offset of the first byte that starts no valid UTF-8 sequence; npos when
// the whole text is valid.
size_t invalid_utf8_at(std::string_view s);

}  // namespace rolemig
