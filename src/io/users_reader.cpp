#include "io/users_reader.h"

#include <sstream>

#include "util/input_streambuf.h"

namespace rolemig {

namespace {

// The format is chosen by the first non-blank character (after a BOM): the
// index of the first byte at or after `from` that is neither blank nor a
// BOM's, or text.size().
size_t first_content(std::string_view text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != 0xEF && c != 0xBB && c != 0xBF && c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    ++i;
  }
  return i;
}

bool starts_json(std::string_view text, size_t i) { return i < text.size() && (text[i] == '{' || text[i] == '['); }

}  // namespace

void read_users_text(std::string text, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  if (starts_json(text, first_content(text, 0))) {
    read_users_json(text, file, cat, out);
  } else {
    std::istringstream in(std::move(text));
    read_users_csv(in, file, cat, out);
  }
}

void read_users_input(InputReader& in, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  std::string head;
  size_t i = 0;
  while ((i = first_content(head, i)) == head.size() && in.read_block(head)) {
  }
  if (starts_json(head, i)) {
    read_users_json(in, std::move(head), file, cat, out);
  } else {
    InputStream stream(in, std::move(head));
    read_users_csv(stream, file, cat, out);
  }
}

}  // namespace rolemig
