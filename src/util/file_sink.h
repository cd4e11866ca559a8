// A file written through a buffered std::ostream straight to its descriptor,
// so a writer streams its output instead of building it as one string, and
// a failed write(2) keeps its errno for the message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <streambuf>
#include <vector>

namespace rolemig {

class FileSink {
 public:
  // Creates (or truncates) `path`. Throws InputError "PATH: error: expected
  // a writable file, found <reason>" when it cannot be opened.
  explicit FileSink(const std::filesystem::path& path);
  ~FileSink();
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  std::ostream& stream() { return stream_; }
  // Flushes, syncs and closes the file. Throws InputError "PATH: error:
  // expected to write the file, found <reason>" when any write failed (a
  // full disk), however much was written after it.
  void finish();

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(int fd);
    bool drain();  // writes what is buffered; false once a write failed
    int error() const { return error_; }

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    // Write-behind: every kWriteBehind bytes, the disk is asked to start
    // writing them, and the range before is waited for and dropped from the
    // page cache. A plan's gigabytes then go to disk while later ones are
    // rendered, never pile up as dirty pages for the final fsync, and do not
    // crowd the page cache out.
    void write_behind();

    int fd_;
    int error_ = 0;  // errno of the first failed write
    std::vector<char> buffer_;
    uint64_t written_ = 0;   // bytes written to fd_
    uint64_t started_ = 0;   // bytes whose writeback was started
    uint64_t previous_ = 0;  // start of the range started before [previous_, started_)
  };

  std::filesystem::path path_;
  int fd_;
  Buffer buffer_;
  std::ostream stream_;
};

}  // namespace rolemig
