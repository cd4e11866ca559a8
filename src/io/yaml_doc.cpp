#include "io/yaml_doc.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <fmt/format.h>

#include <sstream>
#include <unordered_map>

#include "util/text.h"

namespace rolemig {

std::optional<size_t> open_flow_at(std::string_view t, size_t end) {
  // A light tokenizer: enough YAML to tell brackets that open a flow
  // collection from brackets inside scalars and comments.
  end = std::min(end, t.size());
  std::vector<size_t> open;
  size_t i = 0, indent = 0, block_scalar = std::string_view::npos;  // a block scalar's parent indentation
  bool line_start = true, value_start = true;
  auto space = [&](size_t k) { return k >= t.size() || t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n'; };
  auto skip_line = [&] {
    while (i < end && t[i] != '\n') ++i;
  };
  while (i < end) {
    if (line_start) {
      size_t j = i;
      while (j < end && t[j] == ' ') ++j;
      bool blank = j >= t.size() || t[j] == '\n' || t[j] == '\r';
      if (block_scalar != std::string_view::npos && (blank || j - i > block_scalar)) {
        i = j;
        skip_line();
        if (i < end) ++i;  // the line break: the next line starts
        continue;
      }
      block_scalar = std::string_view::npos;
      indent = j - i;
      i = j;
      line_start = false;
      value_start = true;
      continue;
    }
    char c = t[i];
    if (c == '\n') {
      ++i;
      line_start = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#' && (i == 0 || space(i - 1))) {
      skip_line();
    } else if (value_start && c == '"') {
      for (++i; i < end && t[i] != '"'; ++i)
        if (t[i] == '\\') ++i;
      ++i;
      value_start = false;
    } else if (value_start && c == '\'') {
      for (++i; i < end; ++i) {
        if (t[i] != '\'') continue;
        if (i + 1 < end && t[i + 1] == '\'')
          ++i;
        else
          break;
      }
      ++i;
      value_start = false;
    } else if (value_start && open.empty() && (c == '|' || c == '>')) {
      block_scalar = indent;
      skip_line();
    } else if (value_start && (c == '[' || c == '{')) {
      open.push_back(i++);
    } else if (!open.empty() && (c == ']' || c == '}')) {
      open.pop_back();
      ++i;
      value_start = false;
    } else if (!open.empty() && c == ',') {
      ++i;
      value_start = true;
    } else if ((c == ':' || ((c == '-' || c == '?') && value_start)) &&
               (space(i + 1) ||
                (!open.empty() && c == ':' && i + 1 < t.size() && std::string_view(",]}").find(t[i + 1]) != std::string_view::npos))) {
      ++i;
      value_start = true;
    } else {
      ++i;
      value_start = false;
    }
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

namespace {

// The caret line's excerpt for a mark, cut at the mark's byte offset (yaml-cpp
// counts bytes after a BOM) without scanning the text from its start; a mark
// whose offset does not fall on its column is looked up by line instead.
Excerpt mark_excerpt(std::string_view text, const YAML::Mark& m) {
  const size_t bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const int col = m.column + 1;
  if (m.pos >= 0 && m.column >= 0) {
    size_t offset = static_cast<size_t>(m.pos) + bom, column = static_cast<size_t>(m.column);
    if (offset <= text.size() && offset >= column && (offset == column ? m.line == 0 : text[offset - column - 1] == '\n')) {
      return excerpt_at(text, offset, col);
    }
  }
  return excerpt_of_line(line_of(text, m.line + 1), col);
}

// Thrown by Prescan to stop reading: at a second document, past the node
// bound, at a recursive alias.
struct StopScan {};

// One pass over the parser's events before the tree is built, for what
// yaml-cpp's tree hides: a key given twice in a mapping (the tree keeps both
// and `node[key]` finds the first), a second document (YAML::Load reads only
// the first), and the size of the document with its aliases expanded (the
// tree shares an aliased node, but every loader walk expands it again).
class Prescan : public YAML::EventHandler {
 public:
  Prescan(const std::string& file, std::string_view text, DiagnosticSink& sink) : file_(file), text_(text), sink_(sink) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ == 0) {
      first_ = mark;
      return;
    }
    fail(mark, "expected one YAML document, found a second one", fmt::format("the first starts at {}", loc(first_).str()));
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, anchor, 1, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    node(mark, anchor, 1, &value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    uint64_t size = anchor < sizes_.size() ? sizes_[anchor] : 1;
    if (size == kOpen) fail(mark, "expected an alias to a complete node, found one inside the node it names", "");
    node(mark, 0, size, nullptr);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override { open(mark, anchor, true); }
  void OnMapEnd() override { close(); }

 private:
  static constexpr uint64_t kOpen = ~uint64_t{0};
  struct Frame {
    YAML::Mark mark;
    YAML::anchor_t anchor;
    bool map;
    uint64_t size = 1;  // nodes, aliases expanded
    size_t items = 0;   // keys and values so far
    std::unordered_map<std::string, YAML::Mark> keys;
  };

  SourceLoc loc(const YAML::Mark& m) const { return SourceLoc{file_, m.line + 1, m.column + 1}; }
  Diagnostic at(const YAML::Mark& m, std::string message, std::string note) const {
    Excerpt e = mark_excerpt(text_, m);
    return Diagnostic{loc(m), std::move(message), std::move(e.text), std::move(note), e.first_col};
  }
  [[noreturn]] void fail(const YAML::Mark& m, std::string message, std::string note) {
    sink_.add(at(m, std::move(message), std::move(note)));
    throw StopScan{};
  }
  void set_size(YAML::anchor_t anchor, uint64_t size) {
    if (anchor == 0) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 1);
    sizes_[anchor] = size;
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    set_size(anchor, kOpen);
    stack_.push_back(Frame{mark, anchor, map, 1, 0, {}});
  }
  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    node(f.mark, f.anchor, f.size, nullptr);
  }
  void node(const YAML::Mark& mark, YAML::anchor_t anchor, uint64_t size, const std::string* scalar) {
    set_size(anchor, size);
    if (stack_.empty()) return;
    Frame& parent = stack_.back();
    if (parent.map && parent.items % 2 == 0 && scalar) {
      auto [it, fresh] = parent.keys.emplace(*scalar, mark);
      if (!fresh) {
        // Past the sink's cap only the count matters: build no message.
        sink_.add(sink_.full() ? Diagnostic{loc(mark), "", "", ""}
                               : at(mark, fmt::format("expected each key once in a mapping, found {} again", quote(*scalar)),
                                    fmt::format("first given at {}", loc(it->second).str())));
      }
    }
    ++parent.items;
    parent.size += size;
    if (parent.size > kMaxYamlNodes) {
      fail(mark, fmt::format("expected at most {} YAML nodes with aliases expanded, found more at this node", with_commas(kMaxYamlNodes)), "");
    }
  }

  const std::string& file_;
  std::string_view text_;
  DiagnosticSink& sink_;
  int documents_ = 0;
  YAML::Mark first_;
  std::vector<uint64_t> sizes_;  // by anchor: the anchored node's size, kOpen while it is read
  std::vector<Frame> stack_;
};

}  // namespace

YamlDoc::YamlDoc(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {
  if (size_t bad = invalid_utf8_at(text_); bad != std::string::npos) {
    // Report the first invalid byte where it is, like any other error.
    size_t line_start = text_.rfind('\n', bad == 0 ? 0 : bad - 1);
    line_start = (bad == 0 || line_start == std::string::npos) ? 0 : line_start + 1;
    int line = 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    int col = static_cast<int>(bad - line_start) + 1;
    throw InputError(Diagnostic{SourceLoc{file_, line, col}, "expected UTF-8 text, found invalid UTF-8", line_of(text_, line), ""});
  }
  try {
    DiagnosticSink sink;
    Prescan scan(file_, text_, sink);
    std::istringstream in(text_);
    YAML::Parser parser(in);
    try {
      while (parser.HandleNextDocument(scan)) {
      }
    } catch (const StopScan&) {
    }
    sink.throw_if_any();
    root_ = YAML::Load(text_);
  } catch (const YAML::ParserException& e) {
    int line = e.mark.line + 1, col = e.mark.column + 1;
    // yaml-cpp notices an unclosed '[' or '{' only lines later (at the next
    // entry, or at the end): report it at the opening bracket, like an
    // unterminated quote in a CSV, and say where parsing stopped.
    if (!e.mark.is_null() && e.mark.pos >= 0) {
      if (auto open = open_flow_at(text_, static_cast<size_t>(e.mark.pos))) {
        size_t line_start = text_.rfind('\n', *open == 0 ? 0 : *open - 1);
        line_start = (*open == 0 || line_start == std::string::npos) ? 0 : line_start + 1;
        int open_line = 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(*open), '\n'));
        if (open_line < line) {
          bool list = text_[*open] == '[';
          throw InputError(Diagnostic{SourceLoc{file_, open_line, static_cast<int>(*open - line_start) + 1},
                                      fmt::format("expected a closing '{}' for the '{}' opened here, found none", list ? ']' : '}', list ? '[' : '{'),
                                      line_of(text_, open_line), fmt::format("YAML parsing stopped at {}:{}:{} ({})", file_, line, col, e.msg)});
        }
      }
    }
    throw InputError(
        Diagnostic{SourceLoc{file_, line, col}, fmt::format("expected valid YAML, found a syntax error ({})", e.msg), line_of(text_, line), ""});
  }
}

SourceLoc YamlDoc::loc(const YAML::Node& n) const {
  if (!n.IsDefined() || n.Mark().is_null()) return SourceLoc{file_, 1, 1};
  return SourceLoc{file_, n.Mark().line + 1, n.Mark().column + 1};
}

Excerpt YamlDoc::excerpt(const YAML::Node& n) const {
  if (!n.IsDefined() || n.Mark().is_null()) {
    SourceLoc l = loc(n);
    return excerpt_of_line(line_of(text_, l.line), l.col);
  }
  return mark_excerpt(text_, n.Mark());
}

Diagnostic YamlDoc::at(const YAML::Node& n, std::string message) const { return diagnostic_at(loc(n), std::move(message), excerpt(n)); }

Diagnostic YamlDoc::at_offset(const YAML::Node& n, size_t offset, std::string message) const {
  Diagnostic d = at(n, std::move(message));
  if (!n.IsScalar() || d.loc.col < 1) return d;
  const std::string& value = n.Scalar();
  size_t start = static_cast<size_t>(d.loc.col - 1);
  if (start < d.source_line.size() && (d.source_line[start] == '"' || d.source_line[start] == '\'')) ++start;
  if (offset < value.size() && d.source_line.compare(start, offset + 1, value, 0, offset + 1) == 0) {
    d.loc.col = static_cast<int>(start + offset) + 1;
  }
  return d;
}

std::string YamlDoc::kind(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return fmt::format("{}", quote(n.Scalar()));
}

bool YamlDoc::expect_map(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  if (n.IsMap()) return true;
  sink.add(at(n, fmt::format("expected {} to be a mapping, found {}", what, kind(n))));
  return false;
}

bool YamlDoc::expect_seq(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  if (n.IsSequence()) return true;
  sink.add(at(n, fmt::format("expected {} to be a list, found {}", what, kind(n))));
  return false;
}

std::optional<std::string> YamlDoc::scalar(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  if (n.IsScalar()) return n.Scalar();
  sink.add(at(n, fmt::format("expected {} to be a string, found {}", what, kind(n))));
  return std::nullopt;
}

std::optional<bool> YamlDoc::boolean(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  if (n.IsScalar()) {
    std::string v = fold_case(n.Scalar());
    if (v == "true" || v == "yes") return true;
    if (v == "false" || v == "no") return false;
  }
  sink.add(at(n, fmt::format("expected {} to be true or false, found {}", what, kind(n))));
  return std::nullopt;
}

std::vector<std::pair<std::string, YAML::Node>> YamlDoc::scalar_list(const YAML::Node& n, std::string_view what, OneName one,
                                                                     DiagnosticSink& sink) const {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (n.IsScalar() && one == OneName::allowed) {
    out.emplace_back(n.Scalar(), n);
    return out;
  }
  if (!n.IsSequence()) {
    // For a string, show the list form when it fits on a line: `a, b` meant [a, b].
    bool short_scalar = n.IsScalar() && n.Scalar().size() <= 80;
    std::string hint = short_scalar ? fmt::format("; a list is written [{}]", printable(n.Scalar())) : "";
    sink.add(at(n, fmt::format("expected {} to be a list, found {}{}", what, kind(n), hint)));
    return out;
  }
  for (const auto& item : n) {
    if (auto s = scalar(item, fmt::format("each entry of {}", what), sink)) out.emplace_back(*s, item);
  }
  return out;
}

PermSet YamlDoc::permission_list(const Catalog& cat, const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  PermSet out = cat.empty_set();
  for (const auto& [id, node] : scalar_list(n, what, OneName::refused, sink)) {
    if (id == kNoPermissionRequired) continue;  // no access, defined in the catalog or not (SPEC 1)
    auto p = cat.find_permission(id);
    if (!p) {
      sink.add(at(
          node, fmt::format("expected a permission id defined in permissions.yaml, found {}{}", quote(id), did_you_mean(id, cat.permission_ids()))));
    } else if (!cat.is_ignored(*p)) {
      out.set(*p);
    }
  }
  return out;
}

void YamlDoc::check_keys(const YAML::Node& n, const std::vector<std::string>& allowed, std::string_view what, DiagnosticSink& sink) const {
  if (!n.IsMap()) return;
  for (const auto& kv : n) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    sink.add(at(kv.first, fmt::format("expected a key of {} ({}), found {}{}", what, join(allowed, ", "), quote(key), did_you_mean(key, allowed))));
  }
}

bool YamlDoc::require(const YAML::Node& n, const std::string& key, std::string_view what, DiagnosticSink& sink) const {
  if (n[key].IsDefined() && !n[key].IsNull()) return true;
  sink.add(at(n, fmt::format("expected {} to have '{}', found none", what, key)));
  return false;
}

}  // namespace rolemig
