// How a command prints its result on standard output (--format).
#pragma once

#include <optional>
#include <string_view>

namespace rolemig {

enum class OutputFormat { text, json };

// The format named `name` ("text", "json"); nullopt for any other name.
inline std::optional<OutputFormat> output_format_named(std::string_view name) {
  if (name == "text") return OutputFormat::text;
  if (name == "json") return OutputFormat::json;
  return std::nullopt;
}

}  // namespace rolemig
