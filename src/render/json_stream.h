// JSON written straight to a stream, byte for byte what nlohmann's
// `dump(2)` (or `std::setw(2) << doc`) prints for the same document, without
// building the document: plan.json holds a user entry per account user, and a
// whole nlohmann tree of a large account costs gigabytes.
#pragma once

#include <charconv>
#include <concepts>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rolemig {

// Appends `s` as a JSON string, quoted and escaped exactly as nlohmann's
// serializer does (ensure_ascii off: UTF-8 as it is, control characters as
// \b \t \n \f \r or \u00XX). Throws nlohmann's type_error 316, as dump()
// does, when `s` is not valid UTF-8.
void append_json_string(std::string& out, std::string_view s);

// Containers are opened and closed in order; inside an object every value
// is preceded by key(). An empty container prints as {} or [], as nlohmann's.
// Misuse (a value without a key in an object, an unbalanced end) is a
// programming error, not checked. Text is buffered and reaches `out` in
// blocks: flush() before writing to `out` directly; the destructor flushes
// what is left.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) { buffer_.reserve(kBlock); }
  ~JsonStream() { flush(); }
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;
  void flush();

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The next member's key; its value follows.
  JsonStream& key(std::string_view k);

  void string(std::string_view s);
  // The string that `parts` make end to end, without building it first.
  void string_of_parts(std::initializer_list<std::string_view> parts);
  template <std::integral T>
  requires(!std::same_as<T, bool>) void number(T n) {
    before_value();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    buffer_.append(buf, end);
    if (buffer_.size() >= kBlock) flush();
  }
  void boolean(bool b);
  void null();
  // A small document built as a tree, printed at the current depth.
  void tree(const nlohmann::ordered_json& j);

 private:
  static constexpr size_t kBlock = 1 << 16;

  void before_value();
  void open(char c);
  void close(char c);
  void newline_indent();

  std::ostream& out_;
  std::string buffer_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace rolemig
