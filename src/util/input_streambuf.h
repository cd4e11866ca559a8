// An InputReader as a std::streambuf, for the readers that take a
// std::istream (CSV): the input passes through one block at a time.
#pragma once

#include <streambuf>
#include <string>

#include "util/file.h"

namespace rolemig {

class InputStreambuf : public std::streambuf {
 public:
  // Hands out `head` (bytes already read from `in`, e.g. to choose the
  // format), then the rest of `in`. An error reading `in` is thrown from the
  // stream's reads when the stream has badbit in exceptions() (else the
  // stream would take it for the end): use it through an InputStream.
  InputStreambuf(InputReader& in, std::string head);

 protected:
  int_type underflow() override;
  // Seeks only within what is buffered: the current block and the last
  // kPutback bytes before it, enough for a reader that looks at a few bytes
  // and goes back (CsvReader's BOM check). Elsewhere: pos_type(-1).
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which) override;
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override;

 private:
  static constexpr size_t kPutback = 16;
  InputReader& in_;
  std::string buf_;
  std::streamoff buf_start_ = 0;  // the input offset of buf_[0]
};

// A std::istream over an InputReader that rethrows the reader's errors.
class InputStream : public std::istream {
 public:
  InputStream(InputReader& reader, std::string head);

 private:
  InputStreambuf buf_;
};

}  // namespace rolemig
