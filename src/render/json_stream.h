// JSON written straight to a stream, byte for byte what nlohmann's
// `dump(2)` (or `std::setw(2) << doc`) prints for the same document, without
// building the document: plan.json holds a user entry per account user, and a
// whole nlohmann tree of a large account costs gigabytes.
#pragma once

#include <charconv>
#include <concepts>
#include <ostream>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rolemig {

// Writes `s` as a JSON string, quoted and escaped exactly as nlohmann's
// serializer does (ensure_ascii off: UTF-8 as it is, control characters as
// \b \t \n \f \r or \u00XX). Throws nlohmann's type_error 316, as dump()
// does, when `s` is not valid UTF-8.
void write_json_string(std::ostream& out, std::string_view s);

// Containers are opened and closed in order; inside an object every value
// is preceded by key(). An empty container prints as {} or [], as nlohmann's.
// Misuse (a value without a key in an object, an unbalanced end) is a
// programming error, not checked.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The next member's key; its value follows.
  JsonStream& key(std::string_view k);

  void string(std::string_view s);
  template <std::integral T>
  requires(!std::same_as<T, bool>) void number(T n) {
    before_value();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out_.write(buf, end - buf);
  }
  void boolean(bool b);
  void null();
  // A small document built as a tree, printed at the current depth.
  void tree(const nlohmann::ordered_json& j);

 private:
  void before_value();
  void open(char c);
  void close(char c);
  void newline_indent();

  std::ostream& out_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace rolemig
