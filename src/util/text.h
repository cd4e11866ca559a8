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

// Shell-style glob: '*' any run, '?' one byte. Case-insensitive when asked.
enum class CaseSensitive { yes, no };
bool glob_match(std::string_view pattern, std::string_view text, CaseSensitive cs = CaseSensitive::no);

size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` (case-insensitively) when it is close enough
// to be a plausible typo; nullopt otherwise.
std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" or "" — appended to messages.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// Quotes a value for a message: 'value', with control characters escaped.
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
