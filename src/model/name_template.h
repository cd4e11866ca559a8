// The {placeholders} of a group name or description template (SPEC 2.5), read
// one way by the rules loader (which placeholders are allowed) and the rule
// engine (rendering): an unclosed '{' is a placeholder without its '}', whose
// name runs to the end of the text, so the loader refuses it instead of the
// engine printing it as it stands.
#pragma once

#include <string>
#include <string_view>

namespace rolemig {

struct Placeholder {
  size_t offset = 0;      // of its '{' in the template
  std::string_view name;  // between the braces
  bool closed = true;

  // As messages quote it: "{name}", or "'{name' (no closing '}')".
  std::string shown() const { return closed ? "{" + std::string(name) + "}" : "'{" + std::string(name) + "' (no closing '}')"; }
};

// Calls text(std::string_view) for each literal run and hole(const Placeholder&)
// for each placeholder, in order.
template <class Text, class Hole>
void scan_template(std::string_view tmpl, Text&& text, Hole&& hole) {
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find('{', pos);
    if (open == std::string_view::npos) {
      text(tmpl.substr(pos));
      return;
    }
    if (open > pos) text(tmpl.substr(pos, open - pos));
    size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) {
      hole(Placeholder{open, tmpl.substr(open + 1), false});
      return;
    }
    hole(Placeholder{open, tmpl.substr(open + 1, close - open - 1), true});
    pos = close + 1;
  }
}

}  // namespace rolemig
