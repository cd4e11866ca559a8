// Whole-file reads and atomic writes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rolemig {

// The file's bytes. Throws InputError "FILE: error: cannot read ..." when it
// cannot be opened.
std::string read_file(const std::string& path);

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
  explicit OutputDir(std::filesystem::path out_dir);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  void write(const std::string& name, const std::string& content);
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

}  // namespace rolemig
