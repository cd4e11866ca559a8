// Files in unit tests: read and write whole files, and a scratch directory
// per test (removed after it) for the tests that run rolemig end to end.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rolemig::testing {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A directory of its own per test, named after the test and the process:
// <tmp>/rolemig-<tag>-<pid>-<test>, empty at the start, removed at the end.
inline std::filesystem::path scratch_dir(const std::string& tag) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::filesystem::temp_directory_path() /
         ("rolemig-" + tag + "-" + std::to_string(::getpid()) + (test ? std::string("-") + test->name() : std::string()));
}

// The same for a scope inside a test: ScratchDir t("tag"); t / "out".
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& tag) : path(scratch_dir(tag)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

class ScratchDirTest : public ::testing::Test {
 protected:
  explicit ScratchDirTest(std::string tag) : tag_(std::move(tag)) {}
  void SetUp() override {
    dir_ = scratch_dir(tag_);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;

 private:
  std::string tag_;
};

}  // namespace rolemig::testing
