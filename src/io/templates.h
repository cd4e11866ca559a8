// The GraphQL query texts of requests.jsonl: mappings/graphql/<operation>.graphql,
// or <catalog>/graphql/ when present, because the beta schema may change.
#pragma once

#include <map>
#include <string>

namespace rolemig {

struct Templates {
  std::map<std::string, std::string> text;  // operation -> query text
  std::map<std::string, std::string> file;  // operation -> the file as messages name it
  const std::string& at(const std::string& operation) const { return text.at(operation); }
};

// Loads the four templates from <catalog_dir>/graphql/, falling back to the
// shipped ones. Throws InputError naming a missing template file.
Templates load_templates(const std::string& catalog_dir);

// The query that carries `n` (>= 2) mutations of `operation` in one request
// under the aliases m1..mn (GraphQL allows several fields in one operation):
// each variable $x of the template becomes $x + variable_suffix(k), comments
// are dropped. The template must be one `mutation NAME(VARIABLES) { FIELD
// ... }` with one top-level field and no alias of its own; anything else
// throws InputError at the template's offending line and column.
std::string batched_query(const Templates& t, const std::string& operation, size_t n);

// "_k": the k-th mutation's variables ($input_1, $input_2, ...). A number
// after an underscore, so no two (variable, k) pairs give one name.
std::string variable_suffix(size_t k);

}  // namespace rolemig
