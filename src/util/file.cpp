#include "util/file.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/error.h"
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
                              fmt::format("expected an input of at most {} (the limit for {}), found more", format_size(limit.bytes), limit.what),
                              "", ""});
}

// Closes the descriptor on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

InputBytes read_input(const std::string& path, const InputLimit& limit) {
  // One open and one pass of read(2): a FIFO opened twice would wait for a
  // second writer, and a pipe read twice loses what the first read took.
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    int e = errno;
    cannot_read(path, e == ENOENT ? "no such file" : e == EACCES ? "no permission to read it" : std::strerror(e));
  }
  struct stat st {};
  if (::fstat(in.fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) cannot_read(path, "a directory");
    if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > limit.bytes) too_large(path, limit);
  }
  InputBytes out;
  Sha256 hash;
  try {
    if (S_ISREG(st.st_mode)) out.bytes.reserve(static_cast<size_t>(st.st_size));
    std::string chunk(size_t{1} << 16, '\0');
    while (true) {
      ssize_t n = ::read(in.fd, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        cannot_read(path, std::strerror(errno));
      }
      if (n == 0) break;
      if (out.bytes.size() + static_cast<size_t>(n) > limit.bytes) too_large(path, limit);
      std::string_view got(chunk.data(), static_cast<size_t>(n));
      out.bytes.append(got);
      hash.update(got);
    }
  } catch (const std::bad_alloc&) {
    throw InputError(Diagnostic{SourceLoc{path, 0, 0},
                                fmt::format("expected an input that fits in memory, found more than {} bytes", out.bytes.size()), "", ""});
  }
  out.sha256 = hash.hex();
  return out;
}

std::string read_file(const std::string& path, const InputLimit& limit) { return read_input(path, limit).bytes; }

static void write_synced(const fs::path& p, const std::string& content) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError(Diagnostic{SourceLoc{p.string(), 0, 0}, fmt::format("expected a writable file, found {}", std::strerror(errno)), "", ""});
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw InputError(Diagnostic{SourceLoc{p.string(), 0, 0}, fmt::format("expected to write the file, found {}", std::strerror(e)), "", ""});
    }
    done += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
}

OutputDir::OutputDir(fs::path out_dir) : shown_(out_dir.string()) {
  // "plan/", "." and "a/../plan" all name one directory: work on its
  // normalised absolute path, and on its parent for the staging directory.
  out_ = fs::absolute(out_dir).lexically_normal();
  while (!out_.has_filename() || out_.filename() == "." ) out_ = out_.parent_path();
  if (fs::exists(out_) && !fs::is_directory(out_)) {
    throw InputError(Diagnostic{SourceLoc{shown_, 0, 0}, "expected --out to be a directory, found an existing file", "", ""});
  }
}

// Created on the first write, so that a run failing earlier leaves nothing.
void OutputDir::stage() {
  if (!staging_.empty()) return;
  fs::path parent = out_.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string tmpl = (parent / ("." + out_.filename().string() + ".rolemig-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    throw InputError(Diagnostic{SourceLoc{shown_, 0, 0},
                                fmt::format("expected a writable output directory, found {}", std::strerror(errno)), "", ""});
  }
  staging_ = buf.data();
  // mkdtemp makes the directory private (0700); the output directory should
  // get the permissions a plain mkdir would give it.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(staging_.c_str(), 0777 & ~mask);
}

OutputDir::~OutputDir() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputDir::write(const std::string& name, const std::string& content) {
  stage();
  write_synced(staging_ / name, content);
  names_.push_back(name);
}

std::vector<fs::path> OutputDir::commit() {
  stage();
  std::vector<fs::path> out;
  for (const auto& n : names_) out.push_back(out_ / n);
  std::error_code ec;
  if (!fs::exists(out_)) {
    fs::rename(staging_, out_);
    committed_ = true;
    return out;
  }
  auto rename_each = [&] {
    for (const auto& n : names_) fs::rename(staging_ / n, out_ / n);
    fs::remove_all(staging_, ec);
    committed_ = true;
    return out;
  };
  // Exchanging a directory that holds our working directory would leave us
  // in the old one, about to be removed: rename file by file then.
  fs::path cwd = fs::current_path(ec);
  auto rel = cwd.lexically_relative(out_);
  if (!ec && !rel.empty() && *rel.begin() != "..") return rename_each();
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
  // A file system without RENAME_EXCHANGE: fall back to one rename per file.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) return rename_each();
  committed_ = true;
  fs::remove_all(staging_, ec);  // now holds the previous plan
  return out;
}

}  // namespace rolemig
