#include "util/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/error.h"

namespace rolemig {

namespace {

constexpr size_t kBufferBytes = size_t{1} << 16;

[[noreturn]] void failed(const std::filesystem::path& p, const char* expected, int e) {
  throw InputError(Diagnostic{SourceLoc{p.string(), 0, 0}, fmt::format("expected {}, found {}", expected, std::strerror(e)), "", ""});
}

int open_for_writing(const std::filesystem::path& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) failed(p, "a writable file", errno);
  return fd;
}

}  // namespace

FileSink::Buffer::Buffer(int fd) : fd_(fd), buffer_(kBufferBytes) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

bool FileSink::Buffer::drain() {
  const char* p = pbase();
  size_t left = static_cast<size_t>(pptr() - pbase());
  // After a failure the rest is dropped: the file is refused anyway.
  while (left > 0 && error_ == 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno != EINTR) error_ = errno;
      continue;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0;
}

FileSink::Buffer::int_type FileSink::Buffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
  return traits_type::not_eof(c);
}

int FileSink::Buffer::sync() { return drain() ? 0 : -1; }

FileSink::FileSink(const std::filesystem::path& path) : path_(path), fd_(open_for_writing(path)), buffer_(fd_), stream_(&buffer_) {}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

void FileSink::finish() {
  stream_.flush();
  int e = buffer_.error();
  if (e == 0) ::fsync(fd_);
  ::close(fd_);
  fd_ = -1;
  if (e != 0) failed(path_, "to write the file", e);
}

}  // namespace rolemig
