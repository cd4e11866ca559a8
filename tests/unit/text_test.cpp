#include "util/text.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace rolemig {

TEST(Text, FoldCaseIsAsciiOnly) {
  EXPECT_EQ(fold_case("Alice@Example.COM"), "alice@example.com");
  EXPECT_EQ(fold_case("\xC3\x89mile"), "\xC3\x89mile");
}

TEST(Text, GlobMatch) {
  EXPECT_TRUE(glob_match("*@agency.example", "Bob@AGENCY.example"));
  EXPECT_FALSE(glob_match("*@agency.example", "bob@agency.example.com"));
  EXPECT_TRUE(glob_match("store-?", "store-1"));
  EXPECT_FALSE(glob_match("store-?", "store-12"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("A*", "abc", CaseSensitive::yes));
}

TEST(Text, NearestSuggestsTypos) {
  std::vector<std::string> roles = {"Order Fulfillment", "Admin", "Marketing"};
  EXPECT_EQ(did_you_mean("Order Fulfilment", roles), "; did you mean 'Order Fulfillment'?");
  EXPECT_EQ(did_you_mean("admn", roles), "; did you mean 'Admin'?");
  EXPECT_EQ(did_you_mean("Warehouse", roles), "");
}

TEST(Text, QuotedEscapesControlCharacters) { EXPECT_EQ(quote("a\nb\x01"), "'a\\nb\\x01'"); }

// Issue 8 item 14: nothing a value holds can drive the terminal. ESC and the
// other C0 controls, DEL, the C1 controls in UTF-8 (U+009B is CSI) and bytes
// that are not UTF-8 (0x9b alone is CSI to an 8-bit terminal) are escaped;
// other UTF-8 characters stay.
TEST(Text, PrintableEscapesEveryTerminalControl) {
  EXPECT_EQ(printable("a\x1b]0;pwned\x07" "b"), "a\\x1b]0;pwned\\x07b");
  EXPECT_EQ(printable("x\x7fy"), "x\\x7fy");
  EXPECT_EQ(printable("c\xc2\x9b" "31m\xc2\x80"), "c\\u009b31m\\u0080");
  EXPECT_EQ(printable("raw\x9b" "31m"), "raw\\x9b31m");
  EXPECT_EQ(printable("cut\xe2\x82"), "cut\\xe2\\x82");
  EXPECT_EQ(printable("\xc3\x89mile \xc2\xa0\xe2\x86\x92 \xf0\x9f\x98\x80"), "\xc3\x89mile \xc2\xa0\xe2\x86\x92 \xf0\x9f\x98\x80");
}

TEST(Text, DiagnosticsEscapeTheValuesTheyCarry) {
  Diagnostic d{SourceLoc{"users\x1b[2J.csv", 3, 1}, "rows for a\x1b]0;x\x07@b.c on store 1 differ", "a\x1b]0;x\x07@b.c,1,\xc2\x9b" "Admin",
               "first given at users.csv:2:1\x1b[0m"};
  EXPECT_EQ(render(d),
            "users\\x1b[2J.csv:3:1: error: rows for a\\x1b]0;x\\x07@b.c on store 1 differ; first given at users.csv:2:1\\x1b[0m\n"
            "    3 | a?]0;x?@b.c,1,??Admin\n"
            "      | ^\n");
}

TEST(Text, ValidUtf8) {
  EXPECT_TRUE(valid_utf8("caf\xC3\xA9"));
  EXPECT_FALSE(valid_utf8("caf\xC3"));
  EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(Error, RenderShowsLineAndCaret) {
  Diagnostic d{SourceLoc{"users.csv", 3, 12}, "expected a standard or custom role, found 'Admn'", "a@x.com,1,,Admn", ""};
  EXPECT_EQ(render(d),
            "users.csv:3:12: error: expected a standard or custom role, found 'Admn'\n"
            "    3 | a@x.com,1,,Admn\n"
            "      |            ^\n");
}

TEST(Error, RenderWithNoteAndNoLine) {
  Diagnostic d{SourceLoc{"users.csv", 5, 1}, "expected one role", "", "first given at users.csv:2:1"};
  EXPECT_EQ(render(d), "users.csv:5:1: error: expected one role; first given at users.csv:2:1\n");
  EXPECT_EQ(render(Diagnostic{SourceLoc{"x.csv", 0, 0}, "expected a readable file, found no such file", "", ""}),
            "x.csv: error: expected a readable file, found no such file\n");
}

}  // namespace rolemig
