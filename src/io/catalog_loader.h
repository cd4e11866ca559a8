// Loads the catalog (SPEC 2.4: permissions.yaml, roles.yaml, policies.yaml)
// and custom roles (SPEC 2.3). Parse-from-string entry points serve tests.
#pragma once

#include <optional>
#include <string>

#include "model/catalog.h"

namespace rolemig {

struct CatalogSources {
  std::string permissions_text, permissions_file;
  std::string roles_text, roles_file;
  std::string policies_text, policies_file;
  // Of the bytes read, for plan.json's inputs; empty when given as strings.
  std::string permissions_sha256{}, roles_sha256{}, policies_sha256{};
};

// Throws InputError with every problem found in a file before moving on.
Catalog load_catalog(const CatalogSources& src);
// Reads the three files of a catalog directory, each once (read_input).
// Both throw SetupError when `dir` is default_catalog_dir() and missing.
CatalogSources read_catalog_dir(const std::string& dir);
Catalog load_catalog_dir(const std::string& dir);

// The shipped catalog folder (mappings/), the default of --catalog: beside an
// installed binary (<prefix>/share/rolemig/mappings), else the source tree's
// when run from the build tree. When there is none, the place an installed
// rolemig looks, where load_catalog_dir() throws SetupError ("the shipped
// catalog is not found at <path>; pass --catalog DIR").
std::string default_catalog_dir();

// --catalog when given, else default_catalog_dir().
std::string catalog_dir_or_default(const std::optional<std::string>& catalog_dir);

// <catalog_dir>/<relative> when that file exists, else the shipped catalog's:
// how rules.yaml, graphql/<operation>.graphql and graphql/audit_fields.yaml
// are found, so a catalog folder need hold only what it changes.
std::string catalog_file(const std::string& catalog_dir, const std::string& relative);

// How messages name a file: a file of the shipped catalog (default_catalog_dir())
// as "mappings/<file>", as plan.json's inputs do, so a message does not depend
// on where rolemig was built; any other path as given.
std::string shown_catalog_path(const std::string& path);

// Adds the custom roles of a --roles file to `catalog` (after the standard
// ones). A name equal to a standard role's, or repeated, is an error.
void load_custom_roles(Catalog& catalog, const std::string& text, const std::string& file);

}  // namespace rolemig
