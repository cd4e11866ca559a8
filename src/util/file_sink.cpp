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
constexpr uint64_t kWriteBehind = uint64_t{8} << 20;

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
    written_ += static_cast<uint64_t>(n);
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (error_ == 0 && written_ - started_ >= kWriteBehind) write_behind();
  return error_ == 0;
}

// Starting writeback is a hint: its answer is ignored. Waiting is not: a
// failed disk write that the wait meets is reported to it, and only once per
// open file (since Linux 4.13, errseq_t), so finish()'s fsync would then
// return 0 for a file with lost bytes. Its error refuses the file; only the
// answers that mean "not supported here" (a pipe, a file system without
// sync_file_range) are let pass, and the pages are dropped only once written.
void FileSink::Buffer::write_behind() {
  ::sync_file_range(fd_, static_cast<off_t>(started_), static_cast<off_t>(written_ - started_), SYNC_FILE_RANGE_WRITE);
  if (started_ > previous_) {
    const auto from = static_cast<off_t>(previous_), len = static_cast<off_t>(started_ - previous_);
    if (::sync_file_range(fd_, from, len, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) == 0) {
      ::posix_fadvise(fd_, from, len, POSIX_FADV_DONTNEED);
    } else if (errno != EINVAL && errno != ESPIPE && errno != ENOSYS) {
      error_ = errno;
    }
  }
  previous_ = started_;
  started_ = written_;
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
  // A write the disk refused late (EIO, a full disk on some file systems)
  // surfaces in fsync or close; EINVAL: a file that cannot be synced (a
  // device), whose writes all succeeded.
  if (e == 0 && ::fsync(fd_) != 0 && errno != EINVAL) e = errno;
  if (::close(fd_) != 0 && e == 0 && errno != EINTR) e = errno;
  fd_ = -1;
  if (e != 0) failed(path_, "to write the file", e);
}

}  // namespace rolemig
