#include "io/csv_field.h"

namespace rolemig {

namespace {

// Whether a spreadsheet could read `v` as a formula once its leading
// apostrophes are gone: the neutralising apostrophe is added (and stripped)
// before any apostrophes a value already starts with, so a value such as
// "'-x" survives the round trip (written "''-x", read back "'-x").
bool formula_after_apostrophes(std::string_view v) {
  size_t i = v.find_first_not_of('\'');
  if (i == std::string_view::npos) return false;
  char c = v[i];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (formula_after_apostrophes(v)) v = "'" + v;
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_unneutralise(std::string_view value) {
  if (!value.empty() && value[0] == '\'' && formula_after_apostrophes(value)) return std::string(value.substr(1));
  return std::string(value);
}

}  // namespace rolemig
