#include "util/sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <memory>

#include "util/error.h"
#include "util/file.h"

namespace rolemig {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw InternalError("SHA-256 failed");
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xf];
  }
  return out;
}

std::string sha256_file(const std::string& path) { return sha256_hex(read_file(path)); }

}  // namespace rolemig
