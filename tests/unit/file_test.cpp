#include "util/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "util/error.h"
#include "util/sha256.h"
#include "test_files.h"

namespace rolemig {
namespace fs = std::filesystem;

namespace {
using testing::slurp;

class OutputDirTest : public testing::ScratchDirTest {
 protected:
  OutputDirTest() : ScratchDirTest("file") {}
  size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator())); }
};
}  // namespace

TEST_F(OutputDirTest, NewDirectoryAppearsWholeOnCommit) {
  {
    OutputDir out(dir_ / "plan");
    out.write("a.txt", "A");
    out.write("b.txt", "B");
    EXPECT_FALSE(fs::exists(dir_ / "plan"));
    out.commit();
  }
  EXPECT_EQ(slurp(dir_ / "plan" / "a.txt"), "A");
  EXPECT_EQ(slurp(dir_ / "plan" / "b.txt"), "B");
  EXPECT_EQ(entries(), 1u);  // no staging directory left
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "plan").c_str(), &st), 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0777 & ~mask);
}

TEST_F(OutputDirTest, ReplacesThePreviousPlanAndKeepsOtherFiles) {
  fs::create_directories(dir_ / "plan");
  std::ofstream(dir_ / "plan" / "a.txt") << "old";
  std::ofstream(dir_ / "plan" / "notes.md") << "mine";
  {
    OutputDir out(dir_ / "plan");
    out.write("a.txt", "new");
    out.commit();
  }
  EXPECT_EQ(slurp(dir_ / "plan" / "a.txt"), "new");
  EXPECT_EQ(slurp(dir_ / "plan" / "notes.md"), "mine");
  EXPECT_EQ(entries(), 1u);
}

// Files rendered at once are listed in the order given; the first failure in
// that order is the one thrown, whichever thread met it first, and nothing
// is put in place.
TEST_F(OutputDirTest, WriteAllListsFilesInOrderAndThrowsTheFirstFailureInOrder) {
  std::vector<OutputDir::Staged> files;
  for (int i = 0; i < 6; ++i) {
    files.push_back({"f" + std::to_string(i) + ".txt", [i](std::ostream& out) {
                       for (int k = 0; k < 10000; ++k) out << i;
                     }});
  }
  {
    OutputDir out(dir_ / "plan");
    out.write_all(files, 3);
    std::vector<fs::path> written = out.commit();
    ASSERT_EQ(written.size(), 6u);
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(written[static_cast<size_t>(i)].filename().string(), "f" + std::to_string(i) + ".txt");
      EXPECT_EQ(slurp(dir_ / "plan" / written[static_cast<size_t>(i)].filename()), std::string(10000, static_cast<char>('0' + i)));
    }
  }
  auto fail = [](const char* what) { return [what](std::ostream&) { throw InputError(Diagnostic{SourceLoc{what, 0, 0}, "failed", "", ""}); }; };
  files[4].fill = fail("f4.txt");
  files[1].fill = fail("f1.txt");
  {
    OutputDir out(dir_ / "again");
    try {
      out.write_all(files, 2);
      FAIL() << "expected an InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().at(0).loc.str(), "f1.txt");
    }
  }
  EXPECT_FALSE(fs::exists(dir_ / "again"));
}

TEST_F(OutputDirTest, WithoutCommitNothingChanges) {
  fs::create_directories(dir_ / "plan");
  std::ofstream(dir_ / "plan" / "a.txt") << "old";
  {
    OutputDir out(dir_ / "plan");
    out.write("a.txt", "new");
  }
  EXPECT_EQ(slurp(dir_ / "plan" / "a.txt"), "old");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputDirTest, OutThatIsAFileIsAnError) {
  std::ofstream(dir_ / "file") << "x";
  try {
    OutputDir out(dir_ / "file");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(render(e.diagnostics()[0]), (dir_ / "file").string() + ": error: expected --out to be a directory, found an existing file\n");
  }
}

TEST_F(OutputDirTest, UnwritableParentIsAnError) {
  // Nobody, root included, can create a directory in /proc.
  OutputDir out("/proc/rolemig-plan");
  try {
    out.write("a.txt", "x");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].loc.str(), "/proc/rolemig-plan");
    EXPECT_EQ(e.diagnostics()[0].message.rfind("expected a writable output directory, found ", 0), 0u) << e.diagnostics()[0].message;
  }
}

}  // namespace rolemig

namespace rolemig {
TEST(OutputDirPaths, TrailingSlashAndDotNameTheDirectoryItself) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rolemig-paths-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "work");
  fs::path old = fs::current_path();
  fs::current_path(dir / "work");
  {
    OutputDir out("plan/");
    out.write("a.txt", "1");
    out.commit();
  }
  {
    OutputDir out("plan/");  // again, now that it exists
    out.write("a.txt", "2");
    out.commit();
  }
  {
    OutputDir out("plan/.");
    out.write("b.txt", "3");
    out.commit();
  }
  fs::current_path(old);
  EXPECT_TRUE(fs::exists(dir / "work" / "plan" / "a.txt"));
  EXPECT_TRUE(fs::exists(dir / "work" / "plan" / "b.txt"));
  // Nothing else appeared: no staging directories beside or inside.
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() || e.is_directory();
  EXPECT_EQ(n, 4u);  // work, work/plan, work/plan/a.txt, work/plan/b.txt
  fs::remove_all(dir);
}

TEST(OutputDirPaths, NothingIsCreatedBeforeTheFirstWrite) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rolemig-lazy-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  { OutputDir out(dir / "deep" / "plan"); }
  EXPECT_FALSE(fs::exists(dir));
}
namespace {
std::string read_error(const std::string& path, const InputLimit& limit) {
  try {
    read_input(path, limit);
  } catch (const InputError& e) {
    return render(e.diagnostics().at(0));
  }
  return "no error";
}
}  // namespace

TEST_F(OutputDirTest, ReadInputHashesTheBytesReadAndStopsAtTheLimit) {
  std::string path = (dir_ / "in.txt").string();
  std::ofstream(path) << "0123456789";
  InputBytes in = read_input(path, InputLimit{10, "tests"});
  EXPECT_EQ(in.bytes, "0123456789");
  EXPECT_EQ(in.sha256, sha256_hex("0123456789"));
  EXPECT_EQ(read_error(path, InputLimit{9, "tests"}), path + ": error: expected an input of at most 9 bytes (the limit for tests), found more\n");
  // A device without end is stopped at the bound, not at the end of memory.
  EXPECT_EQ(read_error("/dev/zero", InputLimit{uint64_t{1} << 20, "tests"}),
            "/dev/zero: error: expected an input of at most 1 MiB (the limit for tests), found more\n");
  EXPECT_EQ(read_error((dir_ / "none").string(), kDefinitionLimit),
            (dir_ / "none").string() + ": error: expected a readable file, found no such file\n");
  EXPECT_EQ(read_error(dir_.string(), kDefinitionLimit), dir_.string() + ": error: expected a readable file, found a directory\n");
}

TEST_F(OutputDirTest, ReadInputReadsAFifoOnce) {
  std::string fifo = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string big(100000, 'x');  // more than one read(2) and more than a pipe buffer
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << big; });
  InputBytes in = read_input(fifo, kDefinitionLimit);
  writer.join();
  EXPECT_EQ(in.bytes, big);
  EXPECT_EQ(in.sha256, sha256_hex(big));
}

// The blocks a users export is parsed from (issue 12).
TEST_F(OutputDirTest, InputReaderHandsOutEveryByteOnceInBlocksAndHashesThem) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>((i * 37) % 256);
  std::string path = (dir_ / "in.bin").string();
  testing::write_file(path, text);
  for (size_t block : {size_t{1}, size_t{3}, size_t{7}, size_t{999}, size_t{1000}, kReadBlock}) {
    InputReader in(path, kExportLimit, block);
    EXPECT_EQ(in.size_hint(), 1000u);
    std::string got = "head:";
    size_t blocks = 0;
    for (size_t before = got.size(); in.read_block(got); before = got.size()) {
      EXPECT_GE(got.size() - before, 1u);
      EXPECT_LE(got.size() - before, block);
      ++blocks;
    }
    EXPECT_EQ(got, "head:" + text) << block;
    EXPECT_EQ(blocks, (1000 + block - 1) / block);
    EXPECT_FALSE(in.read_block(got));  // the end stays the end
    EXPECT_EQ(in.sha256(), sha256_hex(text));
  }
}

TEST_F(OutputDirTest, InputReaderHashesNothingBeforeTheEnd) {
  std::string path = (dir_ / "in.txt").string();
  testing::write_file(path, "0123456789");
  InputReader in(path, kExportLimit, 4);
  std::string got;
  ASSERT_TRUE(in.read_block(got));
  EXPECT_THROW(in.sha256(), InternalError);
}

namespace {
std::string reader_error(const std::string& path, const InputLimit& limit, size_t block) {
  try {
    InputReader in(path, limit, block);
    std::string got;
    while (in.read_block(got)) {
    }
  } catch (const InputError& e) {
    return render(e.diagnostics().at(0));
  }
  return "no error";
}
}  // namespace

TEST_F(OutputDirTest, InputReaderStopsAtTheLimitWithReadInputsMessages) {
  std::string path = (dir_ / "in.txt").string();
  testing::write_file(path, "0123456789");
  EXPECT_EQ(reader_error(path, InputLimit{10, "tests"}, 3), "no error");
  for (const auto& [file, limit] : {std::pair{path, InputLimit{9, "tests"}}, std::pair{std::string("/dev/zero"), InputLimit{1 << 20, "tests"}},
                                    std::pair{(dir_ / "none").string(), kExportLimit}, std::pair{dir_.string(), kExportLimit}}) {
    EXPECT_EQ(reader_error(file, limit, 7), read_error(file, limit));
  }
  // A pipe has no size to refuse up front: it is stopped at the byte past the bound.
  std::string fifo = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << std::string(11, 'x'); });
  EXPECT_EQ(reader_error(fifo, InputLimit{10, "tests"}, 3),
            fifo + ": error: expected an input of at most 10 bytes (the limit for tests), found more\n");
  writer.join();
}

TEST(FormatSize, NamesTheUnit) {
  EXPECT_EQ(format_size(uint64_t{32} << 20), "32 MiB");
  EXPECT_EQ(format_size(uint64_t{8} << 30), "8 GiB");
  EXPECT_EQ(format_size(1000), "1000 bytes");
}

}  // namespace rolemig

// Issue 8 item 12: every --out either works atomically or is refused before
// anything is created.
namespace rolemig {
namespace {

// The message of the InputError that constructing OutputDir(out) throws;
// "" when it does not throw.
std::string refusal(const fs::path& out) {
  try {
    OutputDir dir(out);
  } catch (const InputError& e) {
    return render(e.diagnostics().at(0));
  }
  return "";
}

// Runs in `dir` and comes back, whatever happens.
struct InDirectory {
  fs::path old = fs::current_path();
  explicit InDirectory(const fs::path& dir) { fs::current_path(dir); }
  ~InDirectory() { fs::current_path(old); }
};
}  // namespace

TEST(OutputDirSafety, TheRootIsRefused) {
  const std::string msg =
      ": error: expected --out to be a directory of its own, found the root directory (the plan directory is replaced as a whole)\n";
  EXPECT_EQ(refusal("/"), "/" + msg);
  EXPECT_EQ(refusal("//"), "//" + msg);
  EXPECT_EQ(refusal("/tmp/.."), "/tmp/.." + msg);
  InDirectory root("/");
  EXPECT_EQ(refusal("."), "." + msg);
}

TEST(OutputDirSafety, AnEmptyNameIsRefused) { EXPECT_EQ(refusal(""), "--out: error: expected a directory name, found an empty string\n"); }

TEST_F(OutputDirTest, ASymbolicLinkIsFollowedAndStaysALink) {
  fs::create_directories(dir_ / "real");
  std::ofstream(dir_ / "real" / "a.txt") << "old";
  std::ofstream(dir_ / "real" / "notes.md") << "mine";
  fs::create_directory_symlink("real", dir_ / "link");
  {
    OutputDir out(dir_ / "link");
    out.write("a.txt", "new");
    out.commit();
  }
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  EXPECT_EQ(fs::read_symlink(dir_ / "link"), "real");
  EXPECT_EQ(slurp(dir_ / "real" / "a.txt"), "new");
  EXPECT_EQ(slurp(dir_ / "real" / "notes.md"), "mine");
  EXPECT_EQ(entries(), 2u);  // real and link: no staging directory left
}

TEST_F(OutputDirTest, ASymbolicLinkToNothingIsRefused) {
  fs::create_directory_symlink("gone", dir_ / "link");
  EXPECT_EQ(refusal(dir_ / "link"),
            (dir_ / "link").string() + ": error: expected --out to be a directory, found a symbolic link to nothing (gone)\n");
  EXPECT_FALSE(fs::exists(dir_ / "gone"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputDirTest, AWorkingDirectoryInsideIsRefused) {
  fs::create_directories(dir_ / "plan" / "sub");
  std::ofstream(dir_ / "plan" / "a.txt") << "old";
  const std::string msg =
      ": error: expected --out not to contain the working directory, found the working directory inside it; run rolemig from another "
      "folder (the plan directory is replaced as a whole)\n";
  {
    InDirectory in(dir_ / "plan");
    EXPECT_EQ(refusal("."), "." + msg);
    EXPECT_EQ(refusal(dir_ / "plan"), (dir_ / "plan").string() + msg);
  }
  {
    InDirectory in(dir_ / "plan" / "sub");
    EXPECT_EQ(refusal(".."), ".." + msg);
    EXPECT_EQ(refusal("../sub/.."), "../sub/.." + msg);
  }
  EXPECT_EQ(slurp(dir_ / "plan" / "a.txt"), "old");
  EXPECT_EQ(entries(), 1u);
  // A sibling of the working directory is fine.
  InDirectory in(dir_ / "plan" / "sub");
  OutputDir out("../../other");
  out.write("a.txt", "x");
  out.commit();
  EXPECT_EQ(slurp(dir_ / "other" / "a.txt"), "x");
}

TEST_F(OutputDirTest, AKilledRunsStagingDirectoryIsRemovedByTheNextRun) {
  // A pid that is surely gone: a child that has exited and been reaped.
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ::waitpid(dead, nullptr, 0);
  fs::path stale = dir_ / (".plan.rolemig-staging-" + std::to_string(dead));
  fs::path previous = dir_ / (".plan.rolemig-previous-" + std::to_string(dead));
  fs::path live = dir_ / (".plan.rolemig-staging-" + std::to_string(::getppid()));
  fs::path other = dir_ / (".other.rolemig-staging-" + std::to_string(dead));
  for (const auto& d : {stale, previous, live, other}) {
    fs::create_directories(d);
    std::ofstream(d / "plan.json") << "half";
  }
  {
    OutputDir out(dir_ / "plan");
    EXPECT_TRUE(fs::exists(stale));  // nothing happens before the first write
    out.write("plan.json", "{}");
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_FALSE(fs::exists(previous));
    EXPECT_TRUE(fs::exists(dir_ / (".plan.rolemig-staging-" + std::to_string(::getpid()))));
    out.commit();
  }
  EXPECT_TRUE(fs::exists(live));   // its process is running: not ours to remove
  EXPECT_TRUE(fs::exists(other));  // another --out's
  EXPECT_EQ(slurp(dir_ / "plan" / "plan.json"), "{}");
  EXPECT_EQ(entries(), 3u);  // plan, live, other
}

// Killed between the fallback swap's two renames: no --out, and the previous
// plan (with a reviewer's notes) beside it. The next run puts it back, so the
// notes are carried into the new plan, not deleted.
TEST_F(OutputDirTest, APreviousPlanLeftWithoutItsOutGoesBackInPlace) {
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ::waitpid(dead, nullptr, 0);
  fs::path previous = dir_ / (".plan.rolemig-previous-" + std::to_string(dead));
  fs::create_directories(previous);
  std::ofstream(previous / "plan.json") << "old";
  std::ofstream(previous / "notes.txt") << "reviewed";
  {
    OutputDir out(dir_ / "plan");
    out.write("plan.json", "{}");
    out.commit();
  }
  EXPECT_FALSE(fs::exists(previous));
  EXPECT_EQ(slurp(dir_ / "plan" / "plan.json"), "{}");
  EXPECT_EQ(slurp(dir_ / "plan" / "notes.txt"), "reviewed");
  EXPECT_EQ(entries(), 1u);
}

}  // namespace rolemig
