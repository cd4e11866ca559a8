#include "io/pairs_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "util/error.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

struct Pair {
  uint32_t user = 0, permission = 0;
  size_t offset = 0;  // of the line's first field
  int line = 0, col = 0;
};

// One line's fields, each with its byte offset in the text.
class LineScanner {
 public:
  LineScanner(std::string_view text, size_t begin, size_t end) : text_(text), pos_(begin), end_(end) {}
  // The next field, or nullopt at the end of the line.
  std::optional<std::pair<std::string_view, size_t>> next() {
    while (pos_ < end_ && blank(text_[pos_])) ++pos_;
    if (pos_ >= end_) return std::nullopt;
    size_t start = pos_;
    while (pos_ < end_ && !blank(text_[pos_])) ++pos_;
    return std::pair{text_.substr(start, pos_ - start), start};
  }
  size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  size_t pos_, end_;
};

std::optional<uint32_t> parse_id(std::string_view field) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || end != field.data() + field.size() || v == 0) return std::nullopt;
  return v;
}

class PairsParser {
 public:
  PairsParser(std::string_view text, const std::string& file) : text_(text), file_(file) {}
  std::vector<Pair> parse();

 private:
  void parse_line(size_t begin, size_t end, int line);
  void error(int line, size_t offset, size_t line_start, std::string message, std::string note = "") {
    Diagnostic d = diagnostic_at(SourceLoc{file_, line, static_cast<int>(offset - line_start) + 1}, std::move(message), text_, offset);
    d.note = std::move(note);
    sink_.add(std::move(d));
  }

  std::string_view text_;
  const std::string& file_;
  DiagnosticSink sink_;
  std::vector<Pair> pairs_;
};

void PairsParser::parse_line(size_t begin, size_t end, int line) {
  LineScanner scan(text_, begin, end);
  auto user = scan.next();
  if (!user) return;  // a blank line
  auto id = [&](std::string_view what, const std::pair<std::string_view, size_t>& f) -> std::optional<uint32_t> {
    auto v = parse_id(f.first);
    if (!v) error(line, f.second, begin, fmt::format("expected a {} id (a whole number from 1), found {}", what, quote(f.first)));
    return v;
  };
  auto u = id("user", *user);
  if (!u) return;
  auto perm = scan.next();
  if (!perm) {
    error(line, scan.pos(), begin, "expected a permission id after the user id, found the end of the line");
    return;
  }
  auto p = id("permission", *perm);
  if (!p) return;
  if (auto extra = scan.next()) {
    error(line, extra->second, begin, fmt::format("expected the end of the line after the permission id, found {}", quote(extra->first)));
    return;
  }
  pairs_.push_back(Pair{*u, *p, user->second, line, static_cast<int>(user->second - begin) + 1});
}

std::vector<Pair> PairsParser::parse() {
  int line = 1;
  for (size_t begin = 0; begin < text_.size() && !sink_.full(); ++line) {
    size_t end = text_.find('\n', begin);
    if (end == std::string_view::npos) end = text_.size();
    parse_line(begin, end, line);
    begin = end + 1;
  }
  std::vector<size_t> order(pairs_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](size_t i) { return std::pair{pairs_[i].user, pairs_[i].permission}; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  for (size_t i = 1; i < order.size() && !sink_.full(); ++i) {
    if (key(order[i]) != key(order[i - 1])) continue;
    const Pair& again = pairs_[order[i]];
    const Pair& first = pairs_[order[i - 1]];
    error(again.line, again.offset, again.offset - static_cast<size_t>(again.col - 1),
          fmt::format("expected each user-permission pair once, found {} {} again", again.user, again.permission),
          "first given at " + SourceLoc{file_, first.line, first.col}.str());
  }
  if (pairs_.empty() && sink_.empty()) {
    sink_.add(Diagnostic{SourceLoc{file_, 1, 1}, "expected lines of \"user permission\", found no pair", "", ""});
  }
  sink_.throw_if_any();
  return std::move(pairs_);
}

// Dense numbers for the distinct ids, in order of the ids.
std::map<uint32_t, uint32_t> renumber(std::vector<uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  std::map<uint32_t, uint32_t> out;
  for (uint32_t id : ids) out.emplace(id, static_cast<uint32_t>(out.size()));
  return out;
}

}  // namespace

PairsMatrix parse_pairs(std::string_view text, const std::string& file) {
  std::vector<Pair> pairs = PairsParser(text, file).parse();
  std::vector<uint32_t> users, perms;
  for (const Pair& p : pairs) users.push_back(p.user), perms.push_back(p.permission);
  auto user_index = renumber(std::move(users));
  auto perm_index = renumber(std::move(perms));
  PairsMatrix out;
  out.matrix.items = static_cast<uint32_t>(perm_index.size());
  out.matrix.rows.resize(user_index.size());
  for (const Pair& p : pairs) out.matrix.rows[user_index[p.user]].push_back(perm_index[p.permission]);
  for (auto& r : out.matrix.rows) std::sort(r.begin(), r.end());
  out.users = user_index.size();
  out.permissions = perm_index.size();
  out.assignments = pairs.size();
  return out;
}

PairsMatrix read_pairs(const std::string& path) { return parse_pairs(read_input(path, kExportLimit).bytes, path); }

}  // namespace rolemig
