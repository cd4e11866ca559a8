// Readers of the users exports (SPEC 2.1): CSV or Account API JSON, chosen by
// content. Each resolves role and
// permission names against the catalog as it reads and feeds an
// AccountBuilder; errors in a file are collected and thrown together.
#pragma once

#include <istream>
#include <string>

#include "model/account_builder.h"
#include "model/catalog.h"
#include "util/file.h"

namespace rolemig {

// Streams a users CSV from `in`.
void read_users_csv(std::istream& in, const std::string& file, const Catalog& cat, AccountBuilder& out);
// Reads an Account API JSON export: one response, an array of pages, or JSON Lines.
void read_users_json(std::string_view text, const std::string& file, const Catalog& cat, AccountBuilder& out);
// The same from `in`, a page at a time, `head` being the bytes read of `in`
// already: positions and messages are those of the whole text.
void read_users_json(InputReader& in, std::string head, const std::string& file, const Catalog& cat, AccountBuilder& out);
// A users export read whole: JSON when its first non-blank character (after
// a BOM) is '{' or '[', CSV otherwise.
void read_users_text(std::string text, const std::string& file, const Catalog& cat, AccountBuilder& out);
// A users export read from `in` as it is parsed, never held whole (CSV a
// record at a time, JSON a page at a time): the format is chosen, and every
// row, warning and message is, as read_users_text on the whole input. Reads
// `in` to its end unless it throws.
void read_users_input(InputReader& in, const std::string& file, const Catalog& cat, AccountBuilder& out);

}  // namespace rolemig
