#include "util/text.h"

#include <algorithm>
#include <fmt/format.h>

namespace rolemig {

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

static char lower(char c, CaseSensitive cs) { return (cs == CaseSensitive::no && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

namespace {

// The end of the class that opens at p[open] ('['): the offset just past its
// ']', or npos when it is not closed.
size_t class_end(std::string_view p, size_t open) {
  size_t i = open + 1;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) ++i;
  if (i < p.size() && p[i] == ']') ++i;  // literal ']' first
  size_t close = p.find(']', i);
  return close == std::string_view::npos ? close : close + 1;
}

// Whether byte c is one of the bytes and ranges the class p[open, end) lists
// (end just past its ']'), its '!' or '^' not applied.
bool class_lists(std::string_view p, size_t open, size_t end, unsigned char c) {
  size_t i = open + 1;
  if (p[i] == '!' || p[i] == '^') ++i;
  for (; i < end - 1; ++i) {
    unsigned char lo = static_cast<unsigned char>(p[i]);
    if (i + 2 < end - 1 && p[i + 1] == '-') {
      if (lo <= c && c <= static_cast<unsigned char>(p[i + 2])) return true;
      i += 2;
    } else if (lo == c) {
      return true;
    }
  }
  return false;
}

unsigned char other_case(unsigned char c) {
  if (c >= 'a' && c <= 'z') return static_cast<unsigned char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A' + 'a');
  return c;
}

}  // namespace

size_t glob_unclosed_at(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '[') continue;
    size_t end = class_end(p, i);
    if (end == std::string_view::npos) return i;
    i = end - 1;
  }
  return std::string_view::npos;
}

bool glob_match(std::string_view p, std::string_view t, CaseSensitive cs) {
  if (glob_unclosed_at(p) != std::string_view::npos) return false;
  // Iterative matcher with one backtrack point (the last '*'): every other
  // element consumes exactly one byte, so this is linear in practice.
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  // The pattern element at pi matches t[ti]: returns the offset after it, or npos.
  auto one = [&](size_t at, unsigned char c) -> size_t {
    if (at >= p.size() || p[at] == '*') return std::string_view::npos;
    if (p[at] == '?') return at + 1;
    if (p[at] == '[') {
      size_t end = class_end(p, at);
      bool listed = class_lists(p, at, end, c) || (cs == CaseSensitive::no && class_lists(p, at, end, other_case(c)));
      bool negated = p[at + 1] == '!' || p[at + 1] == '^';
      return listed != negated ? end : std::string_view::npos;
    }
    return lower(p[at], cs) == lower(static_cast<char>(c), cs) ? at + 1 : std::string_view::npos;
  };
  while (ti < t.size()) {
    if (size_t next = one(pi, static_cast<unsigned char>(t[ti])); next != std::string_view::npos) {
      pi = next;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::optional<std::string> email_problem(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ') return std::string("contains a space");
    if (u < 0x20 || u == 0x7f)
      return fmt::format("contains a control character {}", u == 0 ? std::string("NUL") : printable(std::string_view(&c, 1)));
    if (std::string_view(",;<>\"()[]\\").find(c) != std::string_view::npos) return fmt::format("contains '{}'", c);
  }
  size_t at = s.find('@');
  if (at == std::string_view::npos) return std::string("has no '@'");
  if (s.find('@', at + 1) != std::string_view::npos) return std::string("has more than one '@'");
  if (at == 0) return std::string("has nothing before the '@'");
  std::string_view domain = s.substr(at + 1);
  if (domain.empty()) return std::string("has nothing after the '@'");
  for (const auto& label : split(domain, '.')) {
    if (label.empty()) return std::string("has an empty label in its domain");
  }
  return std::nullopt;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = lower(a[i - 1], CaseSensitive::no) == lower(b[j - 1], CaseSensitive::no) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: skip hopeless
    // candidates without the O(n*m) table (a 10 MB field stays fast).
    size_t gap = name.size() > c.size() ? name.size() - c.size() : c.size() - name.size();
    if (gap > best_d) continue;
    size_t d = edit_distance(name, c);
    if (d < best_d || (d == best_d && best && c < *best)) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  auto n = nearest(name, candidates);
  return n ? fmt::format("; did you mean '{}'?", *n) : std::string();
}

std::string terminal_json(std::string json) {
  if (json.find('\xc2') == std::string::npos) return json;
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    unsigned char next = i + 1 < json.size() ? static_cast<unsigned char>(json[i + 1]) : 0;
    if (static_cast<unsigned char>(json[i]) == 0xc2 && next >= 0x80 && next < 0xa0) {
      out += fmt::format("\\u{:04x}", next);
      ++i;
    } else {
      out += json[i];
    }
  }
  return out;
}

std::string quote(std::string_view s) {
  // A message names a value; it does not copy a runaway one (a 5 MB scalar
  // would make a 5 MB message).
  constexpr size_t kShown = 200;
  if (s.size() <= kShown) return "'" + printable(s) + "'";
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("'{}...' ({} bytes)", printable(s.substr(0, cut)), s.size());
}

std::string printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else if (u < 0x80)
      out += c;
    else if (size_t n = utf8_sequence_at(s, i); n == 0) {
      // A byte that starts no UTF-8 character: a terminal in an 8-bit mode
      // would read 0x9b as CSI.
      out += fmt::format("\\x{:02x}", u);
    } else {
      // One whole UTF-8 character; the C1 controls U+0080..U+009F (0xc2
      // 0x80..0x9f) are escape sequences to a UTF-8 terminal.
      unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (u == 0xc2 && next < 0xa0)
        out += fmt::format("\\u{:04x}", next);
      else
        out.append(s.substr(i, n));
      i += n - 1;
    }
  }
  return out;
}

// Well-formed only (Unicode Table 3-7): no overlong forms, no surrogates,
// nothing above U+10FFFF, as every JSON writer requires.
size_t utf8_sequence_at(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c == 0xe0)
    n = 3, lo = 0xa0;  // overlong below
  else if (c == 0xed)
    n = 3, hi = 0x9f;  // surrogates above
  else if (c >= 0xe1 && c <= 0xef)
    n = 3;
  else if (c == 0xf0)
    n = 4, lo = 0x90;  // overlong below
  else if (c == 0xf4)
    n = 4, hi = 0x8f;  // beyond U+10FFFF above
  else if (c >= 0xf1 && c <= 0xf3)
    n = 4;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char second = static_cast<unsigned char>(s[i + 1]);
  if (second < lo || second > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  }
  return n;
}

size_t invalid_utf8_at(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII, most of any export: no call
      ++i;
      continue;
    }
    size_t n = utf8_sequence_at(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

bool valid_utf8(std::string_view s) { return invalid_utf8_at(s) == std::string_view::npos; }

}  // namespace rolemig
