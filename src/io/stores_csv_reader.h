// Reads the stores file (SPEC 2.2): `store_id,name[,region]`, each store once,
// into an AccountBuilder; errors in the file are collected and thrown together.
#pragma once

#include <istream>
#include <string>

#include "model/account_builder.h"

namespace rolemig {

void read_stores_csv(std::istream& in, const std::string& file, AccountBuilder& out);

}  // namespace rolemig
