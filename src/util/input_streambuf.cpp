#include "util/input_streambuf.h"

#include <algorithm>

namespace rolemig {

InputStreambuf::InputStreambuf(InputReader& in, std::string head) : in_(in), buf_(std::move(head)) {
  setg(buf_.data(), buf_.data(), buf_.data() + buf_.size());
}

InputStreambuf::int_type InputStreambuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  // Keep the last few bytes for a seek back, then read the next block.
  const size_t keep = std::min(buf_.size(), kPutback);
  buf_start_ += static_cast<std::streamoff>(buf_.size() - keep);
  buf_.erase(0, buf_.size() - keep);
  const bool more = in_.read_block(buf_);
  setg(buf_.data(), buf_.data() + keep, buf_.data() + buf_.size());
  return more ? traits_type::to_int_type(*gptr()) : traits_type::eof();
}

InputStreambuf::pos_type InputStreambuf::seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which) {
  if (dir != std::ios_base::cur) return pos_type(off_type(-1));
  return seekpos(pos_type(buf_start_ + (gptr() - eback()) + off), which);
}

InputStreambuf::pos_type InputStreambuf::seekpos(pos_type pos, std::ios_base::openmode which) {
  const std::streamoff at = static_cast<std::streamoff>(pos) - buf_start_;
  if (!(which & std::ios_base::in) || at < 0 || at > egptr() - eback()) return pos_type(off_type(-1));
  setg(eback(), eback() + at, egptr());
  return pos;
}

InputStream::InputStream(InputReader& reader, std::string head) : std::istream(nullptr), buf_(reader, std::move(head)) {
  rdbuf(&buf_);
  exceptions(std::ios::badbit);
}

}  // namespace rolemig
