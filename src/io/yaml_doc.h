// One YAML file and the helpers every YAML loader needs: typed access with
// errors at the node's line and column, and unknown-key checks with a
// suggestion. yaml-cpp stays behind this file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include <string>
#include <vector>

#include "model/catalog.h"
#include "util/error.h"

namespace rolemig {

// The offset of the innermost '[' or '{' that is still open at byte `end` of
// YAML text `t` (comments, quoted and block scalars skipped); nullopt when
// none is. Used after a syntax error to point at an unclosed bracket.
std::optional<size_t> open_flow_at(std::string_view t, size_t end);

// The most nodes a YAML definition file may hold, counting an aliased node
// once per alias: a "billion laughs" file of a few lines is refused here
// instead of taking the loaders' walks into billions of nodes.
inline constexpr uint64_t kMaxYamlNodes = 1'000'000;

class YamlDoc {
 public:
  // Parses `text`; throws InputError at its position for a syntax error, a
  // key given twice in one mapping (naming both places), a second document,
  // more than kMaxYamlNodes nodes with aliases expanded, or an alias inside
  // the node it names.
  YamlDoc(std::string text, std::string file);

  const YAML::Node& root() const { return root_; }
  const std::string& file() const { return file_; }

  SourceLoc loc(const YAML::Node& n) const;
  // The excerpt of n's line that a diagnostic at loc(n) shows: kept by a
  // definition that a later stage may report on, once this text is gone.
  Excerpt excerpt(const YAML::Node& n) const;
  Diagnostic at(const YAML::Node& n, std::string message) const;
  // At byte `offset` of scalar n's value, when the value stands on its line
  // as written (plain, or quoted without escapes before the offset); at the
  // node otherwise.
  Diagnostic at_offset(const YAML::Node& n, size_t offset, std::string message) const;

  // "a mapping", "a list", "a string", "nothing"
  static std::string kind(const YAML::Node& n);

  // Each expect_* adds a diagnostic to `sink` and returns false (or an empty
  // value) when the node has the wrong type.
  bool expect_map(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const;
  bool expect_seq(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const;
  std::optional<std::string> scalar(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const;
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const;
  // A list of scalars; with OneName::allowed a single scalar is a one-element
  // list (SPEC: `role`, `status`, `store`, `all`, `grants_all` take a name or
  // a list), with OneName::refused it is an error (permission lists, `groups`).
  enum class OneName { allowed, refused };
  std::vector<std::pair<std::string, YAML::Node>> scalar_list(const YAML::Node& n, std::string_view what, OneName one, DiagnosticSink& sink) const;
  // Resolves a list of permission ids against the catalog; unknown ids
  // are reported with the nearest id. No_Permission_Required is accepted and
  // left out of the set, whether the catalog defines it or not.
  PermSet permission_list(const Catalog& cat, const YAML::Node& n, std::string_view what, DiagnosticSink& sink) const;
  // Reports keys of map `n` not in `allowed`, with the nearest allowed key.
  void check_keys(const YAML::Node& n, const std::vector<std::string>& allowed, std::string_view what, DiagnosticSink& sink) const;
  // Reports a missing required key at the map.
  bool require(const YAML::Node& n, const std::string& key, std::string_view what, DiagnosticSink& sink) const;

 private:
  std::string text_;
  std::string file_;
  YAML::Node root_;
};

}  // namespace rolemig
