#include "util/input_streambuf.h"

#include <gtest/gtest.h>

#include <iterator>

#include "util/error.h"
#include "util/sha256.h"
#include "test_files.h"

namespace rolemig {

namespace {

class InputStreamTest : public testing::ScratchDirTest {
 protected:
  InputStreamTest() : ScratchDirTest("input-stream") {}
};

}  // namespace

TEST_F(InputStreamTest, HandsOutTheHeadThenTheRestOfTheInput) {
  const std::string text = "email,store_id\r\na@x.example,1\r\n";
  testing::write_file(path("users.csv"), text);
  for (size_t block : {size_t{1}, size_t{3}, size_t{7}, kReadBlock}) {
    InputReader in(path("users.csv"), kExportLimit, block);
    std::string head;
    in.read_block(head);
    InputStream stream(in, head);
    std::string got((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    EXPECT_EQ(got, text) << block;
    EXPECT_EQ(in.sha256(), sha256_hex(text));
  }
}

// CsvReader reads three bytes to look for a BOM and goes back when they are
// not one; a block boundary may lie between them.
TEST_F(InputStreamTest, SeeksBackOverWhatIsBuffered) {
  testing::write_file(path("in.txt"), "0123456789abcdefghijklmnopqrstuvwxyz");
  for (size_t block : {size_t{1}, size_t{2}, size_t{3}, size_t{7}}) {
    InputReader in(path("in.txt"), kExportLimit, block);
    InputStream stream(in, "");
    EXPECT_EQ(stream.peek(), '0');
    const auto start = stream.tellg();
    EXPECT_EQ(start, std::streampos(0));
    char three[3];
    stream.read(three, 3);
    EXPECT_EQ(std::string(three, 3), "012");
    ASSERT_TRUE(stream.seekg(start)) << block;
    EXPECT_EQ(stream.get(), '0');
    // Further back than the bytes kept is refused, not misread.
    std::string skipped(30, '\0');
    stream.read(skipped.data(), 30);
    EXPECT_EQ(stream.tellg(), std::streampos(31));
    EXPECT_FALSE(stream.seekg(std::streampos(0)));
  }
}

// An error of the reader is the stream's error, not its end: a reader that
// took it for the end would parse a truncated input.
TEST_F(InputStreamTest, ReadErrorsAreThrownNotTakenForTheEnd) {
  InputReader in("/dev/zero", InputLimit{100, "tests"}, 7);
  InputStream stream(in, "");
  size_t got = 0;
  try {
    while (stream.get() != EOF) ++got;
    FAIL() << "read " << got << " bytes, then the end";
  } catch (const InputError& e) {
    EXPECT_EQ(render(e.diagnostics().at(0)), "/dev/zero: error: expected an input of at most 100 bytes (the limit for tests), found more\n");
    EXPECT_EQ(got, 98u);  // 14 blocks of 7; the 15th passes the bound
  }
}

}  // namespace rolemig
