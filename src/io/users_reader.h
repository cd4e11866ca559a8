// Readers of the users exports (SPEC 2.1): CSV or Account API JSON, chosen by
// content. Each resolves role and
// permission names against the catalog as it reads and feeds an
// AccountBuilder; errors in a file are collected and thrown together.
#pragma once

#include <istream>
#include <string>

#include "model/account_builder.h"
#include "model/catalog.h"

namespace rolemig {

// Streams a users CSV from `in`.
void read_users_csv(std::istream& in, const std::string& file, const Catalog& cat, AccountBuilder& out);
// Reads an Account API JSON export: one response, an array of pages, or JSON Lines.
void read_users_json(std::string_view text, const std::string& file, const Catalog& cat, AccountBuilder& out);
// A users export read whole: JSON when its first non-blank character (after
// a BOM) is '{' or '[', CSV otherwise.
void read_users_text(std::string text, const std::string& file, const Catalog& cat, AccountBuilder& out);

}  // namespace rolemig
