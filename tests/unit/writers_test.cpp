#include <gtest/gtest.h>

#include <sstream>

#include "io/access_csv_reader.h"
#include "io/csv_field.h"
#include "render/access_csv_writer.h"
#include "render/plan_markdown_writer.h"

namespace rolemig {

TEST(Writers, MarkdownEscapeNeutralisesStructure) {
  EXPECT_EQ(md_escape("a|b"), "a\\|b");
  EXPECT_EQ(md_escape("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;");
  EXPECT_EQ(md_escape("line\nbreak"), "line break");
  EXPECT_EQ(md_escape("*bold* [link](x) `code` # h"), "\\*bold\\* \\[link\\](x) \\`code\\` \\# h");
  EXPECT_EQ(md_escape("a\x1b]0;t\x07" "b\tc\xc2\x9b" "d \xc3\xa9"), "a\\x1b\\]0;t\\x07b\\tc\\u009bd \xc3\xa9");
}

// Issue 8 item 14: a backtick in a store id must not end the key's code span.
TEST(Writers, CodeSpanFenceIsLongerThanAnyBacktickRunInside) {
  EXPECT_EQ(md_code("store-owners@1"), "`store-owners@1`");
  EXPECT_EQ(md_code("store-owners@a`b"), "``store-owners@a`b``");
  EXPECT_EQ(md_code("x@2``y"), "```x@2``y```");
  EXPECT_EQ(md_code("x@`7``"), "``` x@`7`` ```");
  EXPECT_EQ(md_code("a\nb"), "`a\\nb`");
  EXPECT_EQ(md_code("s\x1b]0;t\x07"), "`s\\x1b]0;t\\x07`");
}

TEST(Writers, CsvFieldNeutralisesFormulasAndQuotes) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@sum"), "'@sum");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("plain@example.com"), "plain@example.com");
}

TEST(Writers, AccessCsvRoundTripsNeutralisedValues) {
  std::istringstream in(
      "email,target,permission\n"
      "'=cmd@x.com,store:1,Manage_Orders\n"
      "\"a,b@x.com\",account,Manage_Users\n");
  AccessSnapshot s = read_access_csv(in, "a.csv");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_TRUE(s.count("=cmd@x.com"));
  EXPECT_TRUE(s.count("a,b@x.com"));
  EXPECT_EQ(csv_unneutralise("'hello"), "'hello");
}

TEST(Writers, AccessCsvRejectsAWrongHeader) {
  std::istringstream in("user,target,permission\n");
  try {
    read_access_csv(in, "a.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(render(e.diagnostics()[0]),
              "a.csv:1:1: error: expected the header email,target,permission, found user,target,permission\n"
              "    1 | user,target,permission\n"
              "      | ^\n");
  }
}

}  // namespace rolemig
