#include "io/yaml_doc.h"

#include <algorithm>
#include <fmt/format.h>

#include "util/text.h"

namespace rolemig {

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

std::vector<std::pair<std::string, YAML::Node>> YamlDoc::scalar_list(const YAML::Node& n, std::string_view what,
                                                                    DiagnosticSink& sink) const {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (n.IsScalar()) {
    out.emplace_back(n.Scalar(), n);
    return out;
  }
  if (!n.IsSequence()) {
    sink.add(at(n, fmt::format("expected {} to be a list, found {}", what, kind(n))));
    return out;
  }
  for (const auto& item : n) {
    if (auto s = scalar(item, fmt::format("each entry of {}", what), sink)) out.emplace_back(*s, item);
  }
  return out;
}

PermSet YamlDoc::permission_list(const Catalog& cat, const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const {
  PermSet out = cat.empty_set();
  for (const auto& [id, node] : scalar_list(n, what, sink)) {
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
