#include "util/file.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "util/error.h"
#include "util/file_sink.h"
#include "util/sha256.h"

namespace rolemig {

namespace fs = std::filesystem;

std::string format_size(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (uint64_t{1} << 20) && bytes % (uint64_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (uint64_t{1} << 10) && bytes % (uint64_t{1} << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

namespace {

[[noreturn]] void cannot_read(const std::string& path, const std::string& found) {
  throw InputError(Diagnostic{SourceLoc{path, 0, 0}, fmt::format("expected a readable file, found {}", found), "", ""});
}

[[noreturn]] void too_large(const std::string& path, const InputLimit& limit) {
  throw InputError(Diagnostic{SourceLoc{path, 0, 0},
                              fmt::format("expected an input of at most {} (the limit for {}), found more", format_size(limit.bytes), limit.what), "",
                              ""});
}

[[noreturn]] void no_memory(const std::string& path, uint64_t read) {
  throw InputError(Diagnostic{SourceLoc{path, 0, 0}, fmt::format("expected an input that fits in memory, found more than {} bytes", read), "", ""});
}

}  // namespace

InputReader::InputReader(const std::string& path, const InputLimit& limit, size_t block)
    : path_(path), limit_(limit), block_(std::max<size_t>(block, 1)) {
  // One open and one pass of read(2): a FIFO opened twice would wait for a
  // second writer, and a pipe read twice loses what the first read took.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    int e = errno;
    cannot_read(path, e == ENOENT ? "no such file" : e == EACCES ? "no permission to read it" : std::strerror(e));
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0) {
    const bool dir = S_ISDIR(st.st_mode);
    const bool over = S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > limit.bytes;
    if (dir || over) {
      ::close(fd_);  // the destructor does not run for a constructor that throws
      fd_ = -1;
      if (dir) cannot_read(path, "a directory");
      too_large(path, limit);
    }
    if (S_ISREG(st.st_mode)) size_hint_ = static_cast<uint64_t>(st.st_size);
  }
}

InputReader::~InputReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool InputReader::read_block(std::string& out) {
  if (at_end_) return false;
  try {
    // Read into a block of its own, then append: growing `out` by a whole
    // block before each read would make a buffer reserved to the file's
    // size double at its last block.
    if (chunk_.size() != block_) chunk_.assign(block_, '\0');
    while (true) {
      ssize_t n = ::read(fd_, chunk_.data(), chunk_.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        cannot_read(path_, std::strerror(errno));
      }
      if (n == 0) {
        at_end_ = true;
        return false;
      }
      if (read_ + static_cast<uint64_t>(n) > limit_.bytes) too_large(path_, limit_);
      std::string_view got(chunk_.data(), static_cast<size_t>(n));
      out.append(got);
      read_ += static_cast<uint64_t>(n);
      hash_.update(got);
      return true;
    }
  } catch (const std::bad_alloc&) {
    no_memory(path_, read_);
  }
}

std::string InputReader::sha256() {
  if (!at_end_) throw InternalError("InputReader::sha256 before the end of " + path_ + ": the hash would not be that of the whole input");
  return hash_.hex();
}

InputBytes read_input(const std::string& path, const InputLimit& limit) {
  InputReader in(path, limit, size_t{1} << 16);
  InputBytes out;
  try {
    out.bytes.reserve(static_cast<size_t>(in.size_hint()));
  } catch (const std::bad_alloc&) {
    no_memory(path, 0);
  }
  while (in.read_block(out.bytes)) {
  }
  out.sha256 = in.sha256();
  return out;
}

std::string read_file(const std::string& path, const InputLimit& limit) { return read_input(path, limit).bytes; }

namespace {

[[noreturn]] void refuse(const std::string& shown, std::string message) {
  throw InputError(Diagnostic{SourceLoc{shown, 0, 0}, std::move(message), "", ""});
}

constexpr std::string_view kStaging = ".rolemig-staging-";
constexpr std::string_view kPrevious = ".rolemig-previous-";

// The pid in "." + name + marker + pid, or 0 when `entry` is not such a name.
pid_t leftover_pid(const std::string& entry, const std::string& name) {
  for (std::string_view marker : {kStaging, kPrevious}) {
    std::string prefix = "." + name + std::string(marker);
    if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) continue;
    std::string digits = entry.substr(prefix.size());
    if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
    return static_cast<pid_t>(std::stol(digits));
  }
  return 0;
}

}  // namespace

OutputDir::OutputDir(const fs::path& out_dir) : shown_(out_dir.string()) {
  if (shown_.empty()) refuse("--out", "expected a directory name, found an empty string");
  // "plan/", "." and "a/../plan" all name one directory, and so does a
  // symbolic link to it: work on the real path (symbolic links followed, as
  // the kernel would), and on its parent for the staging directory. A link
  // named as --out stays a link to the replaced directory.
  std::error_code ec;
  out_ = fs::weakly_canonical(fs::absolute(out_dir), ec);
  if (ec) refuse(shown_, fmt::format("expected a directory, found {}", ec.message()));
  while ((!out_.has_filename() || out_.filename() == ".") && out_.has_relative_path()) out_ = out_.parent_path();
  if (!out_.has_relative_path()) {
    refuse(shown_, "expected --out to be a directory of its own, found the root directory (the plan directory is replaced as a whole)");
  }
  if (fs::is_symlink(out_)) {
    refuse(shown_, fmt::format("expected --out to be a directory, found a symbolic link to nothing ({})", fs::read_symlink(out_, ec).string()));
  }
  if (fs::exists(out_) && !fs::is_directory(out_)) refuse(shown_, "expected --out to be a directory, found an existing file");
  // Exchanging a directory that holds the working directory would leave the
  // user's shell in the previous plan's copy, which is then removed.
  fs::path cwd = fs::current_path(ec);
  if (!ec && fs::exists(out_)) {
    auto rel = cwd.lexically_relative(out_);
    if (!rel.empty() && *rel.begin() != "..") {
      refuse(shown_,
             "expected --out not to contain the working directory, found the working directory inside it; "
             "run rolemig from another folder (the plan directory is replaced as a whole)");
    }
  }
}

// Created on the first write, so that a run failing earlier leaves nothing.
void OutputDir::stage() {
  if (!staging_.empty()) return;
  fs::path parent = out_.parent_path();
  std::string name = out_.filename().string();
  std::error_code ec;
  fs::create_directories(parent, ec);
  // A killed run leaves its staging directory (or, after a fallback swap,
  // the previous plan) beside --out, named with its pid: remove those whose
  // process is gone. A previous plan whose --out is gone (killed between the
  // two renames) is the only copy: it goes back in place instead.
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string leftover = it->path().filename().string();
    pid_t pid = leftover_pid(leftover, name);
    if (pid > 0 && (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH))) {
      std::error_code ignored;
      if (leftover.find(kPrevious) != std::string::npos && !fs::exists(fs::symlink_status(out_, ignored)) &&
          ::rename(it->path().c_str(), out_.c_str()) == 0) {
        continue;
      }
      fs::remove_all(it->path(), ignored);
    }
  }
  fs::path staging = parent / fmt::format(".{}{}{}", name, kStaging, ::getpid());
  if (::mkdir(staging.c_str(), 0777) != 0) {
    refuse(shown_, fmt::format("expected a writable output directory, found {}", std::strerror(errno)));
  }
  staging_ = staging;
}

OutputDir::~OutputDir() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputDir::write(const std::string& name, const std::function<void(std::ostream&)>& fill) { write_all({{name, fill}}, 1); }

void OutputDir::write(const std::string& name, const std::string& content) {
  write(name, [&](std::ostream& out) { out << content; });
}

void OutputDir::write_all(const std::vector<Staged>& files, unsigned threads) {
  stage();
  std::vector<std::exception_ptr> failed(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();) {
      try {
        FileSink file(staging_ / files[i].name);
        files[i].fill(file.stream());
        file.finish();
      } catch (...) {
        failed[i] = std::current_exception();
      }
    }
  };
  std::vector<std::jthread> helpers;
  try {
    for (unsigned t = 1; t < std::min<size_t>(std::max(threads, 1u), files.size()); ++t) helpers.emplace_back(work);
  } catch (const std::system_error&) {
    // No thread to be had: the threads already started and this one share the files.
  }
  work();
  helpers.clear();  // joins
  for (size_t i = 0; i < files.size(); ++i) {
    if (failed[i]) std::rethrow_exception(failed[i]);
    names_.push_back(files[i].name);
  }
}

std::vector<fs::path> OutputDir::commit() {
  stage();
  std::vector<fs::path> out;
  for (const auto& n : names_) out.push_back(out_ / n);
  auto failed = [&](int e) { refuse(shown_, fmt::format("expected to put the new plan directory in place, found {}", std::strerror(e))); };
  std::error_code ec;
  if (!fs::exists(out_)) {
    if (::rename(staging_.c_str(), out_.c_str()) != 0) failed(errno);
    committed_ = true;
    return out;
  }
  // Carry over what this run does not write, then swap the two directories.
  for (const auto& entry : fs::directory_iterator(out_)) {
    std::string name = entry.path().filename().string();
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
    fs::copy(entry.path(), staging_ / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    if (ec) {
      throw InputError(Diagnostic{SourceLoc{entry.path().string(), 0, 0},
                                  fmt::format("expected to carry this file over into the new plan directory, found {}", ec.message()), "", ""});
    }
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS) failed(errno);
    // A file system without RENAME_EXCHANGE: two renames. A kill between
    // them leaves no --out, never a mix; the next run removes both leftovers.
    fs::path previous = out_.parent_path() / fmt::format(".{}{}{}", out_.filename().string(), kPrevious, ::getpid());
    fs::remove_all(previous, ec);
    if (::rename(out_.c_str(), previous.c_str()) != 0) failed(errno);
    if (::rename(staging_.c_str(), out_.c_str()) != 0) {
      int e = errno;
      ::rename(previous.c_str(), out_.c_str());
      failed(e);
    }
    staging_ = previous;
  }
  committed_ = true;
  fs::remove_all(staging_, ec);  // now holds the previous plan
  return out;
}

AtomicFile::AtomicFile(fs::path path, std::string_view option) : path_(std::move(path)) {
  if (path_.empty()) refuse(std::string(option), "expected a file name, found an empty string");
  std::error_code ec;
  if (fs::is_directory(path_, ec)) refuse(path_.string(), fmt::format("expected {} to name a file, found a directory", option));
}

void AtomicFile::write(const std::function<void(std::ostream&)>& fill) const {
  const fs::path parent = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  const fs::path staged = parent / fmt::format(".{}{}{}", path_.filename().string(), kStaging, ::getpid());
  try {
    FileSink file(staged);
    fill(file.stream());
    file.finish();
    if (::rename(staged.c_str(), path_.c_str()) != 0) {
      refuse(path_.string(), fmt::format("expected to put the file in place, found {}", std::strerror(errno)));
    }
  } catch (...) {
    fs::remove(staged, ec);
    throw;
  }
}

}  // namespace rolemig
