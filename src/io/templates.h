// The GraphQL query texts of requests.jsonl: mappings/graphql/<operation>.graphql,
// or <catalog>/graphql/ when present, because the beta schema may change.
#pragma once

#include <map>
#include <string>

namespace rolemig {

using Templates = std::map<std::string, std::string>;  // operation -> query text

// Loads the four templates from <catalog_dir>/graphql/, falling back to the
// shipped ones. Throws InputError naming a missing template file.
Templates load_templates(const std::string& catalog_dir);

}  // namespace rolemig
