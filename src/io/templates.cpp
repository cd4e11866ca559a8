#include "io/templates.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "io/catalog_loader.h"
#include "util/error.h"
#include "util/file.h"

namespace rolemig {

namespace {

const char* const kOperations[] = {"createUserGroup", "addUsersToUserGroups", "removeUsersFromUserGroup", "auditUserGroups"};

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A template read as `mutation NAME(VARIABLES) { FIELD ... }`.
struct MutationShape {
  std::string head;                // "mutation NAME"
  std::string variables;           // between the parentheses
  std::string body;                // between the outer braces
  std::vector<std::string> names;  // the variables, without '$'
};

// `text` with every comment (`#` to the end of its line, outside strings)
// blanked to spaces, so that offsets still name the template's columns.
std::string without_comments(std::string text) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (in_string) {
      if (text[i] == '\\')
        ++i;
      else if (text[i] == '"')
        in_string = false;
    } else if (text[i] == '"') {
      in_string = true;
    } else if (text[i] == '#') {
      for (; i < text.size() && text[i] != '\n'; ++i) text[i] = ' ';
    }
  }
  return text;
}

class ShapeReader {
 public:
  // `text`: the template with its comments blanked (without_comments).
  ShapeReader(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  MutationShape read() {
    MutationShape s;
    skip_space();
    size_t start = pos_;
    expect_word("mutation", "'mutation' (only a mutation can carry several in one request)");
    skip_space();
    while (pos_ < text_.size() && name_char(text_[pos_])) ++pos_;
    s.head = text_.substr(start, pos_ - start);
    skip_space();
    s.variables = enclosed('(', ')', "'(' and the operation's variables");
    skip_space();
    s.body = enclosed('{', '}', "'{'");
    skip_space();
    if (pos_ != text_.size()) fail(pos_, "the end of the template after the operation's closing '}'");
    for (size_t i = 0; i < s.variables.size(); ++i) {
      if (s.variables[i] != '$') continue;
      size_t j = i + 1;
      while (j < s.variables.size() && name_char(s.variables[j])) ++j;
      s.names.push_back(s.variables.substr(i + 1, j - i - 1));
    }
    check_one_field(s.body, body_start_);
    return s;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size()) {
      if (!std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != ',') break;
      ++pos_;
    }
  }

  void expect_word(std::string_view word, std::string_view expected) {
    if (text_.compare(pos_, word.size(), word) != 0) fail(pos_, std::string(expected));
    pos_ += word.size();
  }

  // The text between `open` at pos_ and its matching `close`.
  std::string enclosed(char open, char close, std::string_view expected) {
    if (pos_ >= text_.size() || text_[pos_] != open) fail(pos_, std::string(expected));
    size_t start = ++pos_;
    if (open == '{') body_start_ = start;
    int depth = 1;
    for (; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == open) ++depth;
      if (text_[pos_] == close && --depth == 0) return text_.substr(start, pos_++ - start);
    }
    fail(start - 1, fmt::format("a matching '{}'", close));
  }

  // One top-level field: one selection set at the body's top level.
  void check_one_field(const std::string& body, size_t offset) const {
    int depth = 0, parens = 0;
    size_t blocks = 0;
    for (size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c == '(' || c == ')') {
        parens += c == '(' ? 1 : -1;
      } else if (c == ':' && depth == 0 && parens == 0) {
        fail(offset + i, "a top-level field without an alias, so that rolemig's aliases name the mutations,");
      } else if (c == '{' && parens == 0) {
        if (depth++ == 0 && ++blocks > 1) fail(offset + i, "one top-level field, so that one alias names each mutation,");
      } else if (c == '}' && parens == 0) {
        --depth;
      }
    }
    if (blocks == 0) fail(offset, "a field with a selection inside the operation");
  }

  [[noreturn]] void fail(size_t offset, const std::string& expected) const {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < text_.size(); ++i)
      if (text_[i] == '\n') ++line, line_start = i + 1;
    int col = static_cast<int>(offset - line_start) + 1;
    std::string found = offset < text_.size() ? fmt::format("'{}'", text_[offset]) : std::string("the end of the file");
    throw InputError(
        diagnostic_at(SourceLoc{file_, line, col}, fmt::format("expected {} to batch mutations, found {}", expected, found), text_, offset));
  }

  const std::string& text_;
  const std::string& file_;
  size_t pos_ = 0;
  size_t body_start_ = 0;
};

// `text` with every $name of `names` followed by `suffix`.
std::string suffixed(const std::string& text, const std::vector<std::string>& names, const std::string& suffix) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != '$') continue;
    size_t j = i + 1;
    while (j < text.size() && name_char(text[j])) ++j;
    std::string name = text.substr(i + 1, j - i - 1);
    out += name;
    for (const auto& n : names)
      if (n == name) out += suffix;
    i = j - 1;
  }
  return out;
}

// Variable declarations on one line: white space runs made one space, none
// before a comma.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (out.empty() || out.back() == ' ')) continue;
    if (c == ',' && !out.empty() && out.back() == ' ') out.pop_back();
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

Templates load_templates(const std::string& catalog_dir) {
  Templates t;
  for (const char* op : kOperations) {
    std::string path = catalog_file(catalog_dir, fmt::format("graphql/{}.graphql", op));
    t.text[op] = read_file(path);
    t.file[op] = shown_catalog_path(path);
  }
  return t;
}

std::string batched_query(const Templates& t, const std::string& operation, size_t n) {
  const std::string text = without_comments(t.text.at(operation));
  MutationShape s = ShapeReader(text, t.file.at(operation)).read();
  std::string out = s.head + "(";
  for (size_t k = 1; k <= n; ++k) out += (k > 1 ? ", " : "") + one_line(suffixed(s.variables, s.names, variable_suffix(k)));
  out += ") {\n";
  for (size_t k = 1; k <= n; ++k) out += fmt::format("  m{}: {}\n", k, trimmed(suffixed(s.body, s.names, variable_suffix(k))));
  return out + "}\n";
}

std::string variable_suffix(size_t k) { return fmt::format("_{}", k); }

}  // namespace rolemig
