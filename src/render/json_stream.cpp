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

void append_json_string(std::string& out, std::string_view s) {
  if (plain(s)) {
    out += '"';
    out += s;
    out += '"';
  } else {
    // Escapes and non-ASCII bytes: nlohmann's own serializer, so its escaping
    // and its UTF-8 check (the error it throws) are the same.
    out += nlohmann::json(std::string(s)).dump();
  }
}

void JsonStream::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

JsonStream& JsonStream::key(std::string_view k) {
  before_value();
  append_json_string(buffer_, k);
  buffer_ += ": ";
  after_key_ = true;
  return *this;
}

void JsonStream::string(std::string_view s) {
  before_value();
  append_json_string(buffer_, s);
  if (buffer_.size() >= kBlock) flush();
}

void JsonStream::string_of_parts(std::initializer_list<std::string_view> parts) {
  bool all_plain = true;
  for (std::string_view p : parts) all_plain = all_plain && plain(p);
  if (!all_plain) {
    // Escaped as one string, so that an error names the same byte.
    std::string whole;
    for (std::string_view p : parts) whole += p;
    string(whole);
    return;
  }
  before_value();
  buffer_ += '"';
  for (std::string_view p : parts) buffer_ += p;
  buffer_ += '"';
  if (buffer_.size() >= kBlock) flush();
}

void JsonStream::boolean(bool b) {
  before_value();
  buffer_ += b ? "true" : "false";
}

void JsonStream::null() {
  before_value();
  buffer_ += "null";
}

void JsonStream::tree(const nlohmann::ordered_json& j) {
  before_value();
  // Strings never hold a raw newline (dump escapes it), so every newline is
  // the layout's, and the current depth's indent goes after each.
  const std::string text = j.dump(2);
  const std::string indent(2 * empty_.size(), ' ');
  for (char c : text) {
    buffer_ += c;
    if (c == '\n') buffer_ += indent;
  }
  if (buffer_.size() >= kBlock) flush();
}

void JsonStream::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) buffer_ += ',';
  empty_.back() = false;
  newline_indent();
}

void JsonStream::open(char c) {
  before_value();
  buffer_ += c;
  empty_.push_back(true);
}

void JsonStream::close(char c) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline_indent();
  buffer_ += c;
}

void JsonStream::newline_indent() {
  buffer_ += '\n';
  buffer_.append(2 * empty_.size(), ' ');
}

}  // namespace rolemig
