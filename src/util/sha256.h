#pragma once
#include <string>

namespace rolemig {
// Lowercase hex SHA-256 of a file's bytes. Throws InputError if unreadable.
std::string sha256_file(const std::string& path);
std::string sha256_hex(std::string_view bytes);
}  // namespace rolemig
