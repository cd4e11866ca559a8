#include "io/json_value.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "util/file.h"
#include "util/text.h"

namespace rolemig {

namespace {
constexpr int kMaxDepth = 256;
// Kept before a document when reading an InputReader: an excerpt looks back
// up to kExcerptWidth bytes from its offset for the line's start.
constexpr size_t kKeptBefore = kExcerptWidth + 56;
}  // namespace

JsonValue::~JsonValue() = default;

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string JsonValue::kind_name() const {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "a boolean";
    case Kind::number: return "a number";
    case Kind::string: return "a string";
    case Kind::array: return "an array";
    case Kind::object: return "an object";
  }
  return "a value";
}

JsonParser::JsonParser(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;  // a BOM is accepted
}

JsonParser::JsonParser(InputReader& in, std::string head, std::string file)
    : window_(std::make_unique<Window>(Window{in, std::move(head)})), text_(window_->bytes), file_(std::move(file)) {
  if (ahead(3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
}

bool JsonParser::fill(size_t end) {
  while (text_.size() < end && window_ && window_->in.read_block(window_->bytes)) text_ = window_->bytes;
  return text_.size() >= end;
}

void JsonParser::start_document() {
  if (!window_ || pos_ <= kKeptBefore) return;
  // Only once what goes is at least what stays, so each byte is moved a
  // bounded number of times and the window stays under twice its live part.
  const size_t drop = pos_ - kKeptBefore;
  if (drop < text_.size() - drop) return;
  window_->bytes.erase(0, drop);
  text_ = window_->bytes;
  base_ += drop;
  pos_ -= drop;
}

Excerpt JsonParser::excerpt(size_t offset, int col) const {
  if (offset < base_) throw InternalError(fmt::format("JsonParser::excerpt at {}, before the window at {}", offset, base_));
  return excerpt_at(text_, offset - base_, col);
}

Diagnostic JsonParser::at(const JsonValue& v, std::string message) const {
  Excerpt e = excerpt(v.offset, v.col);
  return Diagnostic{SourceLoc{file_, v.line, v.col}, std::move(message), std::move(e.text), "", e.first_col};
}

std::string JsonParser::describe_here() const {
  if (pos_ >= text_.size()) return "end of file";
  unsigned char c = static_cast<unsigned char>(text_[pos_]);
  if (c == '\0') return "a NUL byte";
  if (c < 0x20 || c >= 0x80) return fmt::format("byte 0x{:02x}", c);
  return fmt::format("'{}'", static_cast<char>(c));
}

// A key given twice is an error, as in YAML: readers take the first and
// jq or Python the last, so the two would not read the same document.
// Sorting positions keeps a hostile object of a million keys O(n log n).
void JsonParser::check_unique_keys(const JsonValue& obj, const std::vector<KeyAt>& keys) {
  if (obj.members.size() < 2) return;
  std::vector<size_t> order(obj.members.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return obj.members[a].first < obj.members[b].first; });
  std::optional<std::pair<size_t, size_t>> found;  // (first, again), the earliest repeat in the text
  for (size_t i = 1; i < order.size(); ++i) {
    if (obj.members[order[i]].first != obj.members[order[i - 1]].first) continue;
    if (!found || order[i] < found->second) found = std::pair{order[i - 1], order[i]};
  }
  if (!found) return;
  const KeyAt& first = keys[found->first];
  const KeyAt& again = keys[found->second];
  load_excerpt();
  Excerpt e = excerpt(again.offset, again.col);
  Diagnostic d{SourceLoc{file_, again.line, again.col},
               fmt::format("expected each key once in an object, found {} again", quote(obj.members[found->second].first)), std::move(e.text), "",
               e.first_col};
  d.note = "first given at " + SourceLoc{file_, first.line, first.col}.str();
  throw InputError(std::move(d));
}

void JsonParser::fail(std::string expected, std::string found) {
  load_excerpt();
  if (found.empty()) found = describe_here();
  throw InputError(diagnostic_at(SourceLoc{file_, line_, col_at(pos_)}, fmt::format("expected {}, found {}", expected, found), text_, pos_));
}

void JsonParser::skip_ws() {
  while (more()) {
    char c = text_[pos_];
    if (c == '\n') {
      ++line_;
      line_start_ = base_ + ++pos_;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else {
      break;
    }
  }
}

static void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void JsonParser::parse_string_into(std::string& out) {
  const size_t opening = pos_;
  ++pos_;  // opening quote
  size_t start = pos_;
  while (true) {
    if (!more()) fail("a closing '\"'");
    char c = text_[pos_];
    if (c == '"') break;
    if (static_cast<unsigned char>(c) < 0x20) fail("a string character (control characters must be escaped)");
    if (c != '\\') {
      ++pos_;
      continue;
    }
    out.append(text_.substr(start, pos_ - start));
    ++pos_;
    if (!more()) fail("an escape character");
    const size_t escape = pos_ - 1;  // the backslash
    char e = text_[pos_++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto hex4 = [&]() -> uint32_t {
          if (!fill(pos_ + 4)) fail("four hex digits after \\u");
          uint32_t v = 0;
          for (int i = 0; i < 4; ++i) {
            char h = text_[pos_];
            v <<= 4;
            if (h >= '0' && h <= '9')
              v |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
              v |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
              v |= static_cast<uint32_t>(h - 'A' + 10);
            else
              fail("a hex digit");
            ++pos_;
          }
          return v;
        };
        uint32_t cp = hex4();
        // Surrogate problems are reported at the offending escape, naming it.
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (ahead(2) != "\\u") fail("a low surrogate \\u escape");
          const size_t low = pos_;
          pos_ += 2;
          uint32_t lo = hex4();
          if (lo < 0xDC00 || lo > 0xDFFF) {
            pos_ = low;
            fail("a low surrogate (\\udc00-\\udfff) after a high one", quote(text_.substr(low, 6)));
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          pos_ = escape;
          fail("a high surrogate (\\ud800-\\udbff) before a low one", quote(text_.substr(escape, 6)));
        }
        append_utf8(out, cp);
        break;
      }
      default: --pos_; fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
    }
    start = pos_;
  }
  out.append(text_.substr(start, pos_ - start));
  ++pos_;  // closing quote
  if (!valid_utf8(out)) {
    // Strings never span lines, so the string starts on the current line.
    load_excerpt();
    throw InputError(diagnostic_at(SourceLoc{file_, line_, col_at(opening)}, "expected UTF-8 text, found invalid UTF-8 in a string", text_, opening));
  }
}

JsonValue JsonParser::parse_value(int depth) {
  if (depth > kMaxDepth) fail(fmt::format("at most {} levels of nesting", kMaxDepth));
  skip_ws();
  JsonValue v;
  v.line = line_;
  v.col = col_at(pos_);
  v.offset = base_ + pos_;
  if (!more()) fail("a value");
  char c = text_[pos_];
  if (c == '{') {
    v.kind = JsonValue::Kind::object;
    ++pos_;
    skip_ws();
    if (more() && text_[pos_] == '}') {
      ++pos_;
      return v;
    }
    std::vector<KeyAt> keys;  // where each member's name starts, for a key given twice
    while (true) {
      skip_ws();
      if (!more() || text_[pos_] != '"') fail("a member name in double quotes");
      keys.push_back(KeyAt{line_, col_at(pos_), base_ + pos_});
      std::string key;
      parse_string_into(key);
      skip_ws();
      if (!more() || text_[pos_] != ':') fail("':'");
      ++pos_;
      JsonValue member = parse_value(depth + 1);
      v.members.emplace_back(std::move(key), std::move(member));
      skip_ws();
      if (more() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (more() && text_[pos_] == '}') {
        ++pos_;
        check_unique_keys(v, keys);
        return v;
      }
      fail("',' or '}'");
    }
  }
  if (c == '[') {
    v.kind = JsonValue::Kind::array;
    ++pos_;
    skip_ws();
    if (more() && text_[pos_] == ']') {
      ++pos_;
      return v;
    }
    while (true) {
      v.items.push_back(parse_value(depth + 1));
      skip_ws();
      if (more() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (more() && text_[pos_] == ']') {
        ++pos_;
        return v;
      }
      fail("',' or ']'");
    }
  }
  if (c == '"') {
    v.kind = JsonValue::Kind::string;
    parse_string_into(v.text);
    return v;
  }
  auto word = [&](std::string_view w) { return ahead(w.size()) == w; };
  if (word("true") || word("false")) {
    v.kind = JsonValue::Kind::boolean;
    v.boolean = word("true");
    pos_ += v.boolean ? 4 : 5;
    return v;
  }
  if (word("null")) {
    pos_ += 4;
    return v;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    v.kind = JsonValue::Kind::number;
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t s = pos_;
      while (more() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      if (pos_ == s) fail("a digit");
    };
    digits();
    if (more() && text_[pos_] == '.') {
      ++pos_;
      digits();
    }
    if (more() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (more() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      digits();
    }
    v.text = std::string(text_.substr(start, pos_ - start));
    return v;
  }
  fail("a value");
}

JsonParser JsonParser::snapshot() const {
  JsonParser s(std::string_view(), file_);
  if (window_) {
    s.snapshot_ = std::make_unique<std::string>(text_);
    s.text_ = *s.snapshot_;
  } else {
    s.text_ = text_;
  }
  s.base_ = base_;
  return s;
}

void JsonParser::for_each_document(const std::function<void(JsonValue&)>& on_document) {
  skip_ws();
  if (more() && text_[pos_] == '[') {
    ++pos_;
    skip_ws();
    if (more() && text_[pos_] == ']') {
      ++pos_;
    } else {
      while (true) {
        start_document();
        JsonValue page = parse_value(1);
        load_excerpt();
        on_document(page);
        skip_ws();
        if (more() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (more() && text_[pos_] == ']') {
          ++pos_;
          break;
        }
        fail("',' or ']'");
      }
    }
    skip_ws();
    if (more()) fail("end of file after the array of pages");
    return;
  }
  bool any = false;
  while (true) {
    skip_ws();
    if (!more()) break;
    start_document();
    JsonValue doc = parse_value(0);
    any = true;
    // One document per line: only blanks may follow it on its line.
    while (more() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
    if (more() && text_[pos_] != '\n') fail("end of file or a new line before the next document");
    load_excerpt();
    on_document(doc);
  }
  if (!any) fail("a JSON value");
}

JsonValue JsonParser::parse_single() {
  JsonValue v = parse_value(0);
  skip_ws();
  if (more()) fail("end of file");
  return v;
}

void each_connection_node(const JsonParser& parser, const JsonValue& conn, std::string_view what, DiagnosticSink& sink,
                          const std::function<void(const JsonValue&)>& f) {
  const JsonValue* list = &conn;
  bool edges = false;
  if (conn.is_object()) {
    const JsonValue* e = conn.find("edges");
    const JsonValue* n = conn.find("nodes");
    if (e && n) {
      // Reading one would silently drop the other's nodes.
      sink.add(parser.at(*n, fmt::format("expected {} as a connection with 'edges' or 'nodes', found both", what)));
      return;
    }
    if (e) {
      list = e;
      edges = true;
    } else if (n) {
      list = n;
    } else {
      sink.add(parser.at(conn, fmt::format("expected {} as a connection with 'edges' or 'nodes', found an object without them", what)));
      return;
    }
  }
  if (!list->is_array()) {
    sink.add(parser.at(*list, fmt::format("expected {} to be a list, found {}", what, list->kind_name())));
    return;
  }
  for (const auto& item : list->items) {
    const JsonValue* node = edges ? (item.is_object() ? item.find("node") : nullptr) : &item;
    if (!node) {
      sink.add(parser.at(item, fmt::format("expected an edge with a 'node' in {}, found {}", what, item.kind_name())));
      continue;
    }
    f(*node);
  }
}

std::optional<std::string> graphql_error(const JsonValue& response) {
  const JsonValue* errors = response.is_object() ? response.find("errors") : nullptr;
  if (!errors || errors->kind == JsonValue::Kind::null || (errors->is_array() && errors->items.empty())) return std::nullopt;
  if (errors->is_array() && errors->items[0].is_object()) {
    if (const JsonValue* m = errors->items[0].find("message"); m && m->is_string()) return m->text;
  }
  return std::string("no message");
}

}  // namespace rolemig
