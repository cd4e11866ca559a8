// Inputs read once (whole, or in blocks as they are parsed) and atomic writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/sha256.h"

namespace rolemig {

// The most rolemig reads of one input before refusing it, so a runaway input
// (`--rules /dev/zero`) is an error naming the file and the bound, not an
// exhausted memory. README "Reference" lists the bounds.
struct InputLimit {
  uint64_t bytes;
  const char* what;  // "YAML definition files", for the message
};
// Catalog, rules and custom roles files, audit_fields.yaml, request templates.
inline constexpr InputLimit kDefinitionLimit{uint64_t{32} << 20, "YAML definition files"};
// Users and stores exports, --current audits, verify's --plan: a 1M-user JSON
// export is about 1.3 GB.
inline constexpr InputLimit kExportLimit{uint64_t{8} << 30, "exports"};

// One input as read: its bytes and the SHA-256 of exactly those bytes.
struct InputBytes {
  std::string bytes;
  std::string sha256;
};

// Reads `path` whole and once, so a pipe, a FIFO or /dev/stdin works like a
// file and the hash is that of the bytes parsed. Throws InputError
// "FILE: error: expected a readable file, found ..." when it cannot be opened
// or read, and "FILE: error: expected an input of at most N (the limit for
// ...), found more" past `limit`.
InputBytes read_input(const std::string& path, const InputLimit& limit);

// How much InputReader reads at a time: a 1.3 GB export passes through a
// buffer this size, not through memory whole.
inline constexpr size_t kReadBlock = size_t{1} << 20;

// One input read once, front to back, a block at a time, for a reader that
// parses as it goes (a users export): every byte is hashed as it is read,
// so sha256() is that of exactly the bytes handed out, and a pipe, a FIFO
// or /dev/stdin works like a file. read_input is this, kept whole.
class InputReader {
 public:
  // Opens `path`. Throws InputError as read_input does: "expected a
  // readable file, found ..." (missing, unreadable, a directory) and, for a
  // regular file over `limit`, "expected an input of at most ...".
  // `block` is the most one read_block() appends (tests make it tiny).
  InputReader(const std::string& path, const InputLimit& limit, size_t block = kReadBlock);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // Appends the next block (1 to `block` bytes) to `out`; false, appending
  // nothing, at the end of the input. Throws InputError as read_input does
  // when a read fails, past the limit, or when `out` cannot grow.
  bool read_block(std::string& out);
  // The SHA-256 of the whole input. Only after read_block() returned false:
  // a hash of part of the input is never recorded (InternalError).
  std::string sha256();
  // The size of a regular file (what reading it will give), else 0.
  uint64_t size_hint() const { return size_hint_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  InputLimit limit_;
  size_t block_;
  int fd_ = -1;
  uint64_t read_ = 0;
  uint64_t size_hint_ = 0;
  bool at_end_ = false;
  std::string chunk_;  // what one read(2) fills
  Sha256 hash_;
};

// read_input(path, limit).bytes, for inputs whose hash nobody records.
std::string read_file(const std::string& path, const InputLimit& limit = kDefinitionLimit);

// "32 MiB", "8 GiB", "100 bytes": a bound for a message.
std::string format_size(uint64_t bytes);

// Stages files in a directory beside `out_dir` (".<name>.rolemig-staging-<pid>")
// and puts them in place only on commit(), in one atomic step: the staging
// directory is exchanged with `out_dir` (renameat2 RENAME_EXCHANGE), so a
// reader or a kill sees either the whole previous plan or the whole new one.
// Files in `out_dir` that this run does not write are carried over (copied).
// A symbolic link as `out_dir` is followed: the directory it names is
// replaced and the link stays. Without commit() (an error, an exception) the
// staging directory is removed and `out_dir` is untouched; a killed run's
// staging directory is removed by the next run's first write.
class OutputDir {
 public:
  // Throws InputError, creating nothing, when out_dir is empty, the root
  // directory, a file, a dangling symbolic link, or holds the working
  // directory (an exchange would leave the shell in the old copy). Creates
  // nothing until the first write(); that throws when the parent cannot be
  // written.
  explicit OutputDir(const std::filesystem::path& out_dir);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // Stages the file `name`, written by `fill` through a buffered stream on
  // the staged file. Throws InputError "STAGED: error: expected a writable
  // file, found ..." when it cannot be created and "STAGED: error: expected
  // to write the file, found ..." when a write fails (a full disk).
  void write(const std::string& name, const std::function<void(std::ostream&)>& fill);
  // The same with the whole content at hand.
  void write(const std::string& name, const std::string& content);
  // Stages each file, as write() does, rendering up to `threads` of them at
  // once (each `fill` must only read what it shares with the others). The
  // files are listed in the order given, whichever finishes first; when
  // several fail, the first in that order is thrown, as one-by-one writing
  // would have, after every running file has ended.
  struct Staged {
    std::string name;
    std::function<void(std::ostream&)> fill;
  };
  void write_all(const std::vector<Staged>& files, unsigned threads);
  // Puts the staged files in place; returns their final paths in the order
  // written.
  std::vector<std::filesystem::path> commit();

 private:
  void stage();

  std::string shown_;  // --out as given, for messages
  std::filesystem::path out_;
  std::filesystem::path staging_;
  std::vector<std::string> names_;
  bool committed_ = false;
};

// One file written atomically (--junit): staged beside `path` as
// ".<name>.rolemig-staging-<pid>", then renamed over it, so a reader sees the
// previous file or the whole new one. Its folder is created when missing.
class AtomicFile {
 public:
  // Throws InputError, creating nothing, when `path` is empty or names a
  // directory: `option` ("--junit") names it in the message.
  AtomicFile(std::filesystem::path path, std::string_view option);

  // Writes the file through `fill` and puts it in place. Throws InputError
  // as OutputDir::write does, or "PATH: error: expected to put the file in
  // place, found ..."; the staged file is removed then.
  void write(const std::function<void(std::ostream&)>& fill) const;

 private:
  std::filesystem::path path_;
};

}  // namespace rolemig
