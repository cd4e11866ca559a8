#include "io/yaml_doc.h"

#include <algorithm>
#include <fmt/format.h>

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
        if (i + 1 < end && t[i + 1] == '\'') ++i;
        else break;
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
               (space(i + 1) || (!open.empty() && c == ':' && i + 1 < t.size() && std::string_view(",]}").find(t[i + 1]) != std::string_view::npos))) {
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
                                      fmt::format("expected a closing '{}' for the '{}' opened here, found none", list ? ']' : '}',
                                                  list ? '[' : '{'),
                                      line_of(text_, open_line),
                                      fmt::format("YAML parsing stopped at {}:{}:{} ({})", file_, line, col, e.msg)});
        }
      }
    }
    throw InputError(Diagnostic{SourceLoc{file_, line, col}, fmt::format("expected valid YAML, found a syntax error ({})", e.msg),
                                line_of(text_, line), ""});
  }
}

SourceLoc YamlDoc::loc(const YAML::Node& n) const {
  if (!n.IsDefined() || n.Mark().is_null()) return SourceLoc{file_, 1, 1};
  return SourceLoc{file_, n.Mark().line + 1, n.Mark().column + 1};
}

Diagnostic YamlDoc::at(const YAML::Node& n, std::string message) const {
  SourceLoc l = loc(n);
  return Diagnostic{l, std::move(message), line_of(text_, l.line), ""};
}

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
    auto p = cat.find_permission(id);
    if (!p) {
      sink.add(at(node, fmt::format("expected a permission id defined in permissions.yaml, found {}{}", quote(id),
                                    did_you_mean(id, cat.permission_ids()))));
    } else if (!cat.is_ignored(*p)) {
      out.set(*p);
    }
  }
  return out;
}

void YamlDoc::check_keys(const YAML::Node& n, const std::vector<std::string>& allowed, std::string_view what,
                         DiagnosticSink& sink) const {
  if (!n.IsMap()) return;
  for (const auto& kv : n) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    sink.add(at(kv.first, fmt::format("expected a key of {} ({}), found {}{}", what, join(allowed, ", "), quote(key),
                                      did_you_mean(key, allowed))));
  }
}

bool YamlDoc::require(const YAML::Node& n, const std::string& key, std::string_view what, DiagnosticSink& sink) const {
  if (n[key].IsDefined() && !n[key].IsNull()) return true;
  sink.add(at(n, fmt::format("expected {} to have '{}', found none", what, key)));
  return false;
}

}  // namespace rolemig
