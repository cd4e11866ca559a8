#include "util/file_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/file.h"

namespace rolemig {
namespace fs = std::filesystem;

TEST(FileSink, WritesWhatIsStreamedPastItsBuffer) {
  fs::path p = fs::temp_directory_path() / ("rolemig-sink-" + std::to_string(::getpid()));
  std::string big(200000, 'x');
  {
    FileSink sink(p);
    sink.stream() << "head\n" << big;
    sink.finish();
  }
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "head\n" + big);
  fs::remove(p);
}

// Past the write-behind step (8 MiB) ranges are handed to the disk and
// dropped from the page cache as the file grows: every byte still arrives,
// in order, and the file reads back whole.
TEST(FileSink, WritesEveryByteThroughTheWriteBehindRanges) {
  fs::path p = fs::temp_directory_path() / ("rolemig-sink-behind-" + std::to_string(::getpid()));
  std::string expected;
  {
    FileSink sink(p);
    for (int block = 0; block < 30; ++block) {
      std::string part(1 << 20, static_cast<char>('a' + block % 26));
      part += std::to_string(block);
      sink.stream() << part;
      expected += part;
    }
    sink.finish();
  }
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str().size(), expected.size());
  EXPECT_TRUE(ss.str() == expected);
  fs::remove(p);
}

// A full disk is reported as before the writers streamed, whether the
// failing write happened mid-stream (past the buffer) or at the final flush.
TEST(FileSink, AFullDiskIsAnErrorNamingTheFile) {
  for (size_t size : {size_t{10}, size_t{1} << 20}) {
    FileSink sink("/dev/full");
    sink.stream() << std::string(size, 'x');
    try {
      sink.finish();
      FAIL() << size;
    } catch (const InputError& e) {
      EXPECT_EQ(render(e.diagnostics().at(0)), "/dev/full: error: expected to write the file, found No space left on device\n");
    }
  }
}

TEST(FileSink, AnUnwritablePathIsAnError) {
  try {
    FileSink sink("/proc/rolemig-sink");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).message.rfind("expected a writable file, found ", 0), 0u) << e.diagnostics().at(0).message;
  }
}

TEST(FileSink, OutputDirStreamsIntoTheStagedFile) {
  fs::path dir = fs::temp_directory_path() / ("rolemig-sink-dir-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    OutputDir out(dir / "plan");
    out.write("a.txt", [](std::ostream& os) { os << "A" << 1 << '\n'; });
    out.commit();
  }
  std::ifstream in(dir / "plan" / "a.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "A1\n");
  fs::remove_all(dir);
}

}  // namespace rolemig
