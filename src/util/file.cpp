#include "util/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/error.h"

namespace rolemig {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    throw InputError(Diagnostic{SourceLoc{path, 0, 0},
                                fmt::format("expected a readable file, found {}",
                                            fs::exists(path) ? (fs::is_directory(path) ? "a directory" : "no permission to read it")
                                                             : "no such file"),
                                "", ""});
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

OutputDir::OutputDir(fs::path out_dir) : out_(std::move(out_dir)) {
  if (fs::exists(out_) && !fs::is_directory(out_)) {
    throw InputError(Diagnostic{SourceLoc{out_.string(), 0, 0}, "expected --out to be a directory, found an existing file", "", ""});
  }
  fs::path parent = fs::absolute(out_).parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string tmpl = (parent / ("." + out_.filename().string() + ".rolemig-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    throw InputError(Diagnostic{SourceLoc{out_.string(), 0, 0},
                                fmt::format("expected a writable output directory, found {}", std::strerror(errno)), "", ""});
  }
  staging_ = buf.data();
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputDir::write(const std::string& name, const std::string& content) {
  write_synced(staging_ / name, content);
  names_.push_back(name);
}

std::vector<fs::path> OutputDir::commit() {
  std::error_code ec;
  fs::create_directories(out_, ec);
  if (ec || !fs::is_directory(out_)) {
    throw InputError(Diagnostic{SourceLoc{out_.string(), 0, 0},
                                fmt::format("expected a writable output directory, found {}", ec ? ec.message() : "not a directory"), "", ""});
  }
  std::vector<fs::path> out;
  for (const auto& n : names_) {
    fs::rename(staging_ / n, out_ / n);
    out.push_back(out_ / n);
  }
  committed_ = true;
  fs::remove_all(staging_, ec);
  return out;
}

}  // namespace rolemig
