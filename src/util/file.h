// Whole-file reads and atomic writes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rolemig {

// The file's bytes. Throws InputError "FILE: error: cannot read ..." when it
// cannot be opened.
std::string read_file(const std::string& path);

// Stages files in a temporary directory beside `out_dir` and puts them in
// place only on commit(), in one atomic step: the staging directory is
// exchanged with `out_dir` (renameat2 RENAME_EXCHANGE), so a reader or a kill
// sees either the whole previous plan or the whole new one. Files in
// `out_dir` that this run does not write are carried over. Without commit()
// (an error, an exception) the staging directory is removed and `out_dir` is
// untouched.
class OutputDir {
 public:
  // Throws InputError when out_dir exists and is not a directory. Creates
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
