// A JSON reader that remembers where every value starts, so errors about a
// value's meaning (a wrong type, an unknown permission) can name its line and
// column. nlohmann/json is used for writing; it keeps no positions.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace rolemig {

class InputReader;  // util/file.h: only named here

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  int line = 0;
  int col = 0;
  size_t offset = 0;  // byte offset of the value's first character
  bool boolean = false;
  std::string text;  // a string's value, or a number's literal text
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;  // in document order

  // The destructor is defined out of line: with an implicit one, clang (with
  // libstdc++) cannot complete std::pair<std::string, JsonValue> above.
  JsonValue() = default;
  JsonValue(const JsonValue&) = default;
  JsonValue(JsonValue&&) = default;
  JsonValue& operator=(const JsonValue&) = default;
  JsonValue& operator=(JsonValue&&) = default;
  ~JsonValue();

  // The member's value, or nullptr when absent.
  const JsonValue* find(std::string_view key) const;
  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }
  // "an object", "a string", ... for messages.
  std::string kind_name() const;
};

class JsonParser {
 public:
  // Parses `text`, which must outlive the parser.
  JsonParser(std::string_view text, std::string file);
  // Parses `in` as it reads it, `head` being the bytes already read from it
  // (to choose the format). for_each_document then holds the document being
  // read, the block after it and a few hundred bytes before it, never the
  // whole input; every position, offset and message is the same as parsing
  // the whole text. `in` must outlive the parser.
  JsonParser(InputReader& in, std::string head, std::string file);

  // Calls `on_document` for each response in the three accepted page forms:
  // one value, a top-level array of values (each element one document), or
  // JSON Lines (several top-level values). Parses one document at a time.
  // Throws InputError on a syntax error. A document's positions (for at()
  // and excerpt()) are valid only inside the call for it; the document may
  // be moved from.
  void for_each_document(const std::function<void(JsonValue&)>& on_document);
  // Inside for_each_document's call: a parser that only places diagnostics
  // (at(), excerpt()) in the document just read, as this one would, with a
  // copy of the bytes it holds (none when it parses a whole text, which
  // outlives it), so the document can be handled on another thread while
  // this parser reads on.
  JsonParser snapshot() const;

  // Parses exactly one value spanning the whole text.
  JsonValue parse_single();

  // A diagnostic at a value's position in this text.
  Diagnostic at(const JsonValue& v, std::string message) const;
  // The caret line's excerpt at byte `offset` of the input (column `col`),
  // for a value of the document being read (or byte 0 before the first).
  Excerpt excerpt(size_t offset, int col) const;

 private:
  JsonValue parse_value(int depth);
  void parse_string_into(std::string& out);
  void skip_ws();
  // Whether a byte is at pos_, reading on when the window ends there.
  bool more() { return pos_ < text_.size() || fill(pos_ + 1); }
  // Reads blocks until the window holds `end` bytes or the input ends;
  // whether it holds them. Only appends: positions in the window stay valid.
  bool fill(size_t end);
  // The next `n` bytes, fewer at the end of the input.
  std::string_view ahead(size_t n) {
    fill(pos_ + n);
    return text_.substr(pos_, n);
  }
  // Reads what an excerpt at pos_ or before it may show (excerpt_at looks
  // up to kExcerptWidth + 2 bytes past its offset).
  void load_excerpt() { fill(pos_ + kExcerptWidth + 3); }
  // Between documents: drops the window's bytes before the next document,
  // but for the kExcerptWidth and more that a caret line there may show.
  void start_document();
  int col_at(size_t pos) const { return static_cast<int>(base_ + pos - line_start_) + 1; }
  // "expected <expected>, found <found>" at the current position; `found`
  // defaults to a description of the text there.
  [[noreturn]] void fail(std::string expected, std::string found = "");
  std::string describe_here() const;
  struct KeyAt {
    int line, col;
    size_t offset;
  };
  // Throws InputError at the first key of `obj` given twice, naming both places.
  void check_unique_keys(const JsonValue& obj, const std::vector<KeyAt>& keys);

  // What a parser reading an InputReader holds; on the heap, so that text_
  // stays valid when the parser moves.
  struct Window {
    InputReader& in;
    std::string bytes;
  };
  std::unique_ptr<Window> window_;         // null: text_ is the whole text
  std::unique_ptr<std::string> snapshot_;  // a snapshot()'s copy of the window
  std::string_view text_;                  // the text, or the window's bytes
  std::string file_;
  size_t base_ = 0;  // the input offset of text_[0]
  size_t pos_ = 0;   // in text_
  int line_ = 1;
  size_t line_start_ = 0;  // the input offset of the current line's start
};

// Calls `f` with each node of a Relay connection ({edges: [{node}]} or
// {nodes: [...]}) or a plain list; anything else goes to `sink`.
void each_connection_node(const JsonParser& parser, const JsonValue& conn, std::string_view what, DiagnosticSink& sink,
                          const std::function<void(const JsonValue&)>& f);

// The first message of a response's non-empty GraphQL `errors`, if any: an
// export with errors is incomplete.
std::optional<std::string> graphql_error(const JsonValue& response);

}  // namespace rolemig
