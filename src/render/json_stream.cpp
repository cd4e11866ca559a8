#include "render/json_stream.h"

#include <nlohmann/json.hpp>

namespace rolemig {

namespace {

// What nlohmann prints unchanged between the quotes.
bool plain(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b > 0x7E || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void write_json_string(std::ostream& out, std::string_view s) {
  if (plain(s)) {
    out.put('"');
    out.write(s.data(), static_cast<std::streamsize>(s.size()));
    out.put('"');
  } else {
    // Escapes and non-ASCII bytes: nlohmann's own serializer, so its escaping
    // and its UTF-8 check (the error it throws) are the same.
    out << nlohmann::json(std::string(s)).dump();
  }
}

JsonStream& JsonStream::key(std::string_view k) {
  before_value();
  write_json_string(out_, k);
  out_.write(": ", 2);
  after_key_ = true;
  return *this;
}

void JsonStream::string(std::string_view s) {
  before_value();
  write_json_string(out_, s);
}

void JsonStream::boolean(bool b) {
  before_value();
  out_ << (b ? "true" : "false");
}

void JsonStream::null() {
  before_value();
  out_ << "null";
}

void JsonStream::tree(const nlohmann::ordered_json& j) {
  before_value();
  // Strings never hold a raw newline (dump escapes it), so every newline is
  // the layout's, and the current depth's indent goes after each.
  const std::string text = j.dump(2);
  const std::string indent(2 * empty_.size(), ' ');
  size_t from = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out_.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out_ << indent;
    from = nl + 1;
  }
  out_.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_.put(',');
  empty_.back() = false;
  newline_indent();
}

void JsonStream::open(char c) {
  before_value();
  out_.put(c);
  empty_.push_back(true);
}

void JsonStream::close(char c) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline_indent();
  out_.put(c);
}

void JsonStream::newline_indent() {
  out_.put('\n');
  for (size_t i = 0; i < empty_.size(); ++i) out_.write("  ", 2);
}

}  // namespace rolemig
